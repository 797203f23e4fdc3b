"""One Client shared by 16 threads, one AsyncClient shared by 200 tasks, against the emulator
over loopback HTTP: every result is checked against what that worker asked for, so any shared
per-request state (the vonage SDK's shared header dict, spec/service.md#vv-shared-headers)
would show up as a signal delivered to the wrong participant, a wrong body, a wrong error or a
reused JWT."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from opentok_async import AsyncClient
from opentok_core import NotFound, Request, decode_token
from opentok_emulator import new_emulator
from opentok_emulator.control import ConnectClient, GetConnection, InjectFault
from opentok_emulator.server import EmulatorServer
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET

THREADS = 16
ROUNDS = 3
TASKS = 200


class Recording:
    """The emulator, noting every auth JWT (each must be fresh: a new jti per attempt)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.tokens: list[str] = []
        self._lock = threading.Lock()

    def handle(self, request: Request) -> Any:
        token = request.header("x-opentok-auth")
        if token:
            with self._lock:
                self.tokens.append(token)
        return self.inner.handle(request)


@pytest.fixture
def server() -> Iterator[tuple[EmulatorServer, Recording]]:
    recording = Recording(new_emulator(api_key=API_KEY, api_secret=API_SECRET))
    with EmulatorServer(recording) as running:  # type: ignore[arg-type]
        yield running, recording


def check_worker(n: int, session: Any, token: str, connection: Any, received: Any) -> None:
    """What worker ``n`` must have seen, whatever the others did meanwhile."""
    assert session.media_mode.value == "routed" and session.session_id.startswith("1_")
    claims = decode_token(token)
    assert claims.session_id == session.session_id and claims.data == f"worker={n}"
    assert connection.session_id == session.session_id and connection.data == f"worker={n}"
    assert [(s.type, s.data) for s in received.signals] == [("hammer", f"from worker {n}")]


def test_one_client_shared_by_16_threads(server: Any) -> None:
    running, recording = server
    client = Client(API_KEY, API_SECRET, api_url=running.url)
    # Two 503s along the way (fewer than max_attempts, so no worker can run out of retries):
    # they must be retried within the worker that got them.
    client.send(InjectFault(operation="sessions.create", status=503, count=2))
    start = threading.Barrier(THREADS)

    def worker(n: int) -> int:
        start.wait(10)
        done = 0
        for _ in range(ROUNDS):
            session = client.create_session(media_mode="routed")
            token = client.generate_token(session.session_id, data=f"worker={n}")
            connection = client.send(ConnectClient(session_id=session.session_id, token=token))
            client.send_signal(
                session.session_id,
                {"type": "hammer", "data": f"from worker {n}"},
                connection.connection_id,
            )
            received = client.send(
                GetConnection(session_id=session.session_id, connection_id=connection.connection_id)
            )
            check_worker(n, session, token, connection, received)
            with pytest.raises(NotFound) as info:
                client.get_archive(f"missing-{n}")
            assert info.value.operation == "archives.get" and info.value.status == 404
            done += 1
        return done

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(worker, range(THREADS), timeout=120))
    client.close()
    assert results == [ROUNDS] * THREADS
    assert len(recording.tokens) >= THREADS * ROUNDS * 5
    assert len(set(recording.tokens)) == len(recording.tokens)  # never a JWT reused


@pytest.mark.anyio
async def test_one_async_client_shared_by_200_tasks(server: Any) -> None:
    running, recording = server
    async with AsyncClient(API_KEY, API_SECRET, api_url=running.url) as client:
        await client.send(InjectFault(operation="sessions.create", status=503, count=2))
        go = asyncio.Event()

        async def worker(n: int) -> int:
            await go.wait()
            session = await client.create_session(media_mode="routed")
            token = client.generate_token(session.session_id, data=f"worker={n}")
            connection = await client.send(
                ConnectClient(session_id=session.session_id, token=token)
            )
            await client.send_signal(
                session.session_id,
                {"type": "hammer", "data": f"from worker {n}"},
                connection.connection_id,
            )
            received = await client.send(
                GetConnection(session_id=session.session_id, connection_id=connection.connection_id)
            )
            check_worker(n, session, token, connection, received)
            if n % 4 == 0:  # errors too, on a quarter of the tasks (the server is the bottleneck)
                with pytest.raises(NotFound) as info:
                    await client.get_archive(f"missing-{n}")
                assert info.value.operation == "archives.get"
            return n

        tasks = [asyncio.ensure_future(worker(n)) for n in range(TASKS)]
        go.set()
        results = await asyncio.wait_for(asyncio.gather(*tasks), timeout=120)
    assert results == list(range(TASKS))
    assert len(recording.tokens) >= TASKS * 4
    assert len(set(recording.tokens)) == len(recording.tokens)
