"""The transports' performance choices keep their behaviour: the default httpx transport keeps
at most ``max_connections`` requests in flight and still honours proxy settings; converted
timeouts are reused per Timeout and bounded; speed is never bought with global state (the
import system, a caller's httpx client). (Correctness only, never speed.)"""

from __future__ import annotations

import importlib.metadata
import re
import sys
import threading
import time
from typing import Any

import anyio
import httpx
import pytest
import urllib3

from opentok_async import HttpxTransport
from opentok_core import ConnectTimeout, Request, Response, Timeout
from opentok_sync import Urllib3Transport
from tests.servers import serve


@pytest.mark.anyio
async def test_default_httpx_transport_bounds_requests_in_flight() -> None:
    lock = threading.Lock()
    state = {"now": 0, "most": 0}

    def handler(request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.02)
        with lock:
            state["now"] -= 1
        return Response(200, {"content-type": "application/json"}, b"{}")

    with serve(handler) as (base, seen):
        transport = HttpxTransport(max_connections=2)
        try:
            async with anyio.create_task_group() as group:
                for _ in range(8):
                    group.start_soon(
                        transport.handle_async_request, Request("GET", base + "/x"), Timeout()
                    )
        finally:
            await transport.aclose()
    assert len(seen) == 8
    assert state["most"] <= 2


@pytest.mark.anyio
@pytest.mark.parametrize(
    "timeout",
    [Timeout(connect=0.05, read=5), Timeout(connect=5, read=5, total=0.05)],
    ids=["connect", "total"],
)
async def test_a_call_waiting_for_a_busy_pool_gives_up_as_a_connect_timeout(
    timeout: Timeout,
) -> None:
    release = threading.Event()

    def handler(request: Request) -> Response:
        release.wait(10)
        return Response(200, {}, b"{}")

    transport = HttpxTransport(max_connections=1)
    replies: list[Response] = []

    async def hold_the_only_slot(url: str) -> None:
        replies.append(await transport.handle_async_request(Request("GET", url), Timeout()))

    with serve(handler) as (base, seen):
        try:
            async with anyio.create_task_group() as group:
                group.start_soon(hold_the_only_slot, base + "/held")
                for _ in range(500):  # until the server holds it (bounded)
                    if seen:
                        break
                    await anyio.sleep(0.01)
                with pytest.raises(
                    ConnectTimeout, match="no connection to 127.0.0.1:[0-9]* came free"
                ):
                    await transport.handle_async_request(Request("GET", base + "/late"), timeout)
                release.set()
            # the slot came back: the pool still serves
            await transport.handle_async_request(Request("GET", base + "/after"), Timeout())
        finally:
            release.set()
            await transport.aclose()
    assert [request.url.rsplit("/", 1)[1] for request in seen] == ["held", "after"]
    assert [reply.status for reply in replies] == [200]


def test_a_proxy_setting_routes_through_the_httpx_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    assert HttpxTransport()._direct is not None
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    assert HttpxTransport()._direct is None  # the client's own routing honours the proxy


def test_sniffio_is_a_runtime_dependency_so_httpcore_finds_it_without_a_search() -> None:
    # Without it, httpcore's ``import sniffio`` per lock and event walks sys.path every time.
    requirements = importlib.metadata.requires("opentok-py") or []
    assert any(re.match(r"sniffio\b", requirement) for requirement in requirements)


@pytest.mark.anyio
async def test_the_httpx_transport_leaves_the_import_system_as_it_found_it() -> None:
    blocked = {name for name, module in sys.modules.items() if module is None}
    modules = dict(sys.modules)
    with serve(lambda request: Response(200, {}, b"{}")) as (base, _):
        transport = HttpxTransport()
        try:
            await transport.handle_async_request(Request("GET", base + "/x"), Timeout())
        finally:
            await transport.aclose()
    assert {name for name, module in sys.modules.items() if module is None} == blocked
    assert all(sys.modules.get(name) is module for name, module in modules.items())


@pytest.mark.anyio
async def test_a_users_httpx_client_keeps_the_configuration_it_was_built_with() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={})

    hooks: dict[str, list[Any]] = {"request": [], "response": []}
    mine = httpx.AsyncClient(
        transport=httpx.MockTransport(handler),
        timeout=7,
        follow_redirects=True,
        headers={"x-mine": "1"},
        event_hooks=hooks,
    )
    before = (mine.timeout, mine.follow_redirects, dict(mine.headers), mine.event_hooks)
    transport = HttpxTransport(mine)
    reply = await transport.handle_async_request(Request("GET", "https://api.test/x"), Timeout())
    assert reply.status == 200
    await transport.aclose()
    assert (mine.timeout, mine.follow_redirects, dict(mine.headers), mine.event_hooks) == before
    assert not mine.is_closed  # the caller's client: the caller closes it
    await mine.aclose()


def test_urllib3_timeouts_are_reused_per_timeout_and_bounded() -> None:
    transport = Urllib3Transport()
    first = transport._timeout(Timeout(1, 2))
    assert transport._timeouts[Timeout(1, 2)] is first
    assert isinstance(first, urllib3.Timeout)
    assert (first.connect_timeout, first.read_timeout, first.total) == (1, 2, 3)
    for i in range(100):
        transport._timeout(Timeout(1, 2 + i))
    assert len(transport._timeouts) <= 64


def test_httpx_timeouts_are_reused_per_timeout_and_bounded() -> None:
    transport = HttpxTransport()
    first = transport._httpx_timeout(Timeout(1, 2))
    assert transport._timeouts[Timeout(1, 2)] is first
    # as the sync transport: urllib3 sends the request under its connect timeout
    assert (first.connect, first.read, first.write, first.pool) == (1, 2, 1, 1)
    for i in range(100):
        transport._httpx_timeout(Timeout(1, 2 + i))
    assert len(transport._timeouts) <= 64
