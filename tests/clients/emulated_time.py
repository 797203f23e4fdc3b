"""Clients and an emulator on one hand-moved clock: a client's sleep moves it, so waiters and
downloads run against the emulator's time-driven states without waiting in real time."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from opentok_async import AsyncClient
from opentok_core import NO_RETRY, Runtime
from opentok_emulator import Emulator, EmulatorTransport, new_emulator
from opentok_emulator.control import ConnectClient, PublishStream
from opentok_emulator.server import EmulatorServer
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET

T0 = 1_700_000_000.0


class Clock:
    """The one clock: ``now`` (wall), ``monotonic``, and the sleeps that move both."""

    def __init__(self) -> None:
        self.now = T0
        self.slept: list[float] = []
        self._ids = itertools.count()

    def monotonic(self) -> float:
        return self.now - T0

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def runtime(self) -> Runtime:
        return Runtime(
            clock=lambda: self.now,
            monotonic=self.monotonic,
            entropy=lambda: f"jti-{next(self._ids)}",
            jitter=lambda: 1.0,
            nonce=lambda: 1,
        )

    def emulator(self, **kw: Any) -> Emulator:
        return new_emulator(api_key=API_KEY, api_secret=API_SECRET, clock=lambda: self.now, **kw)


def clients(clock: Clock, emulator: Emulator, url: str | None = None) -> tuple[Client, AsyncClient]:
    """Both clients on ``clock``: over HTTP to ``url``, else in process."""
    common: dict[str, Any] = {"runtime": clock.runtime(), "retry": NO_RETRY}
    if url is None:
        return (
            Client(
                API_KEY,
                API_SECRET,
                api_url="http://emulator.invalid",
                transport=EmulatorTransport(emulator),
                sleep=clock.sleep,
                **common,
            ),
            AsyncClient(
                API_KEY,
                API_SECRET,
                api_url="http://emulator.invalid",
                transport=EmulatorTransport(emulator),
                sleep=clock.async_sleep,
                **common,
            ),
        )
    return (
        Client(API_KEY, API_SECRET, api_url=url, sleep=clock.sleep, **common),
        AsyncClient(API_KEY, API_SECRET, api_url=url, sleep=clock.async_sleep, **common),
    )


@contextmanager
def served(emulator: Emulator) -> Iterator[str]:
    with EmulatorServer(emulator) as server:
        yield server.url


def live_session(client: Client) -> str:
    """A routed session with one client publishing (what archives and broadcasts need)."""
    sid = client.create_session(media_mode="routed").session_id
    conn = client.send(ConnectClient(session_id=sid, token=client.generate_token(sid)))
    client.send(PublishStream(session_id=sid, connection_id=conn.connection_id))
    return sid
