"""Both fast async transports, the default ``HttpxTransport`` (on asyncio and trio) and
``AiohttpTransport`` (asyncio only): a kept-alive connection is reused, and one whose answer was
not read to its end, because its task was cancelled, never is. (Correctness only.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import anyio
import pytest

from opentok_async import AiohttpTransport, HttpxTransport
from opentok_core import Request, Timeout
from tests.servers import serve_keep_alive

BODY = json.dumps({"id": "x" * 64}).encode()

KINDS: list[tuple[str, Callable[[], Any]]] = [
    ("asyncio", HttpxTransport),
    ("trio", HttpxTransport),
    ("asyncio", AiohttpTransport),
]


@pytest.fixture(params=KINDS, ids=[f"{t.__name__}-{loop}" for loop, t in KINDS])
def kind(request: pytest.FixtureRequest) -> tuple[str, Callable[[], Any]]:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def anyio_backend(kind: tuple[str, Callable[[], Any]]) -> str:
    return kind[0]


@pytest.fixture
def make(kind: tuple[str, Callable[[], Any]]) -> Callable[[], Any]:
    return kind[1]


@pytest.mark.anyio
async def test_sequential_calls_reuse_one_kept_alive_connection(make: Callable[[], Any]) -> None:
    with serve_keep_alive(BODY) as (base, counts):
        transport = make()
        try:
            for _ in range(3):
                reply = await transport.handle_async_request(Request("GET", base + "/a"), Timeout())
                assert reply.body == BODY
        finally:
            await transport.aclose()
    assert counts == {"connections": 1, "requests": 3}


@pytest.mark.anyio
async def test_a_task_cancelled_mid_body_never_returns_its_half_read_connection(
    make: Callable[[], Any],
) -> None:
    # The first answer stops half-way through its body; the task waiting for it is cancelled.
    with serve_keep_alive(BODY, stall_first=1.0) as (base, counts):
        transport = make()
        try:
            with anyio.move_on_after(0.2) as scope:
                await transport.handle_async_request(Request("GET", base + "/a"), Timeout())
            assert scope.cancelled_caught
            # The next call must not read the rest of the first answer as its own.
            reply = await transport.handle_async_request(Request("GET", base + "/b"), Timeout())
        finally:
            await transport.aclose()
    assert reply.body == BODY
    assert counts["connections"] == 2
