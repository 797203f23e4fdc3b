"""The emulator's real signed callbacks, as a receiver got them over HTTP: for the router,
its web adapters, the examples and the SessionMonitor."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from opentok_core import Request, Response
from opentok_emulator import new_emulator
from opentok_emulator.control import ConnectClient
from opentok_emulator.server import EmulatorServer
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET
from tests.servers import serve

#: The signature secret the emulator signs with in these tests.
SIGNATURE_SECRET = "router-signature-secret"

T = TypeVar("T")


def received_callbacks(
    actions: Callable[[Client], T], count: int, secret: str | None = SIGNATURE_SECRET
) -> tuple[list[Request], T]:
    """Start the emulator over HTTP (signing with ``secret``; None: unsigned), run ``actions``
    with a client of it, and return the first ``count`` callbacks it POSTed, in the order
    they arrived, with what ``actions`` returned."""
    arrived = threading.Event()
    got: list[Request] = []
    lock = threading.Lock()

    def receiver(request: Request) -> Response:
        with lock:
            got.append(request)
            if len(got) >= count:
                arrived.set()
        return Response(200, (), b"")

    with serve(receiver) as (hook, _):
        emulator = new_emulator(
            api_key=API_KEY, api_secret=API_SECRET, callback_url=hook, signature_secret=secret
        )
        with (
            EmulatorServer(emulator) as server,
            Client(API_KEY, API_SECRET, api_url=server.url) as client,
        ):
            result = actions(client)
            assert arrived.wait(10), f"{len(got)} of {count} callbacks arrived"
    with lock:
        return got[:count], result


def one_joins(client: Client) -> str:
    """sessionCreated, then connectionCreated: one participant joins a new session (its id)."""
    sid = client.create_session(media_mode="routed").session_id
    client.send(ConnectClient(session_id=sid, token=client.generate_token(sid)))
    return sid


def headers_of(request: Request) -> dict[str, str]:
    """A received callback's headers as a test client takes them."""
    return dict(request.headers)
