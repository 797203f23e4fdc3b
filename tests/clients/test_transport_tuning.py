"""The transports' performance choices keep their behaviour: the default httpx transport keeps
at most ``max_connections`` requests in flight and still honours proxy settings; converted
timeouts are reused per Timeout and bounded. (Correctness only, never speed.)"""

from __future__ import annotations

import importlib.util
import sys
import threading
import time

import anyio
import pytest
import urllib3

from opentok_async import HttpxTransport
from opentok_core import Request, Response, Timeout
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


def test_a_proxy_setting_routes_through_the_httpx_client(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    assert HttpxTransport()._direct is not None
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    assert HttpxTransport()._direct is None  # the client's own routing honours the proxy


def test_a_missing_sniffio_stays_missing_and_an_installed_one_is_untouched() -> None:
    HttpxTransport()
    if importlib.util.find_spec("sniffio") is None and sys.modules.get("sniffio") is None:
        with pytest.raises(ImportError):
            import sniffio  # noqa: F401
    else:
        import sniffio

        assert sniffio.current_async_library  # the real module


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
    assert (first.connect, first.read, first.write, first.pool) == (1, 2, 2, 1)
    for i in range(100):
        transport._httpx_timeout(Timeout(1, 2 + i))
    assert len(transport._timeouts) <= 64
