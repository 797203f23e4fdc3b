"""``opentok_async.AiohttpTransport``: the aiohttp extra fails as the other transports do (typed
errors, no redirects, no hidden retry, a bounded body, the deadline) and never reuses a
half-read connection. (Correctness only, never speed.)"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest

from opentok_async import AiohttpTransport, AsyncClient
from opentok_core import (
    ConnectError,
    NotFound,
    Request,
    Response,
    Timeout,
    TransportError,
    TransportTimeout,
    ValidationError,
)
from tests.servers import (
    _read_request,
    _running,
    cut,
    full,
    self_signed,
    serve,
    serve_keep_alive,
    serve_raw,
    stall,
)

BODY = json.dumps({"id": "x" * 64}).encode()
ARCHIVE = {"id": "a1", "status": "started", "createdAt": 1, "sessionId": "s", "name": "n"}


async def send(transport: AiohttpTransport, url: str, timeout: Timeout | None = None) -> Response:
    return await transport.handle_async_request(Request("GET", url), timeout or Timeout())


def test_it_takes_no_arguments_and_opens_no_session_outside_a_loop() -> None:
    transport = AiohttpTransport()
    assert transport._session is None


@pytest.mark.anyio
async def test_its_session_is_opened_on_first_use_in_the_running_loop() -> None:
    with serve(lambda request: Response(200, {}, BODY)) as (base, _):
        transport = AiohttpTransport()
        assert transport._session is None
        try:
            await send(transport, base + "/a")
            assert isinstance(transport._session, aiohttp.ClientSession)
            assert transport._owner == (os.getpid(), asyncio.get_running_loop())
        finally:
            await transport.aclose()


@pytest.mark.anyio
async def test_the_async_client_runs_over_it_and_maps_statuses() -> None:
    def handler(request: Request) -> Response:
        if request.url.endswith("/missing"):
            return Response(404, {"content-type": "application/json"}, b'{"message":"no"}')
        return Response(200, {"content-type": "application/json"}, json.dumps(ARCHIVE).encode())

    with serve(handler) as (base, seen):
        async with AsyncClient("123456", "secret", api_url=base, transport=AiohttpTransport()) as c:
            assert (await c.get_archive("a1")).id == "a1"
            with pytest.raises(NotFound):
                await c.get_archive("missing")
    assert seen[0].header("x-opentok-auth")
    # what the core's BodyReader decodes, as every transport asks (not aiohttp's own)
    assert seen[0].header("accept-encoding") == "gzip, deflate"


@pytest.mark.anyio
async def test_a_redirect_is_returned_not_followed() -> None:
    with serve(lambda request: Response(302, {"location": "/elsewhere"}, b"")) as (base, seen):
        transport = AiohttpTransport()
        try:
            reply = await send(transport, base + "/a")
        finally:
            await transport.aclose()
    assert reply.status == 302
    assert len(seen) == 1


@pytest.mark.anyio
async def test_a_body_over_the_cap_is_cut_and_marked() -> None:
    with serve(lambda request: Response(200, {}, b"x" * 5000)) as (base, _):
        transport = AiohttpTransport(max_body=1000)
        try:
            reply = await send(transport, base + "/a")
        finally:
            await transport.aclose()
    assert (len(reply.body), reply.truncated) == (1000, True)


@pytest.mark.anyio
async def test_failures_are_the_sdks_typed_errors() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{free.getsockname()[1]}"
    transport = AiohttpTransport()
    try:
        with pytest.raises(ConnectError, match="could not connect"):
            await send(transport, closed + "/a")
        with serve_raw(stall(BODY, 4, 2.0)) as (base, _):
            with pytest.raises(TransportTimeout, match="read timeout"):
                await send(transport, base + "/a", Timeout(connect=5, read=0.2))
        with serve_raw(stall(BODY, 4, 2.0)) as (base, _):
            with pytest.raises(TransportTimeout, match="total timeout"):
                await send(transport, base + "/a", Timeout(connect=5, read=5, total=0.2))
        with serve_raw(cut(BODY, 4)) as (base, _):
            with pytest.raises(TransportError):
                await send(transport, base + "/a")
    finally:
        await transport.aclose()


@contextmanager
def serve_then_drop() -> Iterator[tuple[str, list[bytes]]]:
    """Answer a connection's first request (kept alive), then close it on its second one
    unanswered, as a server closing an idle connection does; yield the URL and requests seen."""
    seen: list[bytes] = []
    lock = threading.Lock()
    answer = b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n%s" % (len(BODY), BODY)

    class _H(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            sock.settimeout(10)
            for n in range(2):
                request = _read_request(sock)
                if not request:
                    return
                with lock:
                    seen.append(request)
                if n == 0:
                    sock.sendall(answer)

    with _running(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _H)) as port:
        yield f"http://127.0.0.1:{port}", seen


@pytest.mark.anyio
async def test_a_get_on_a_dropped_kept_alive_connection_is_not_sent_again_behind_our_back() -> None:
    with serve_then_drop() as (base, seen):
        transport = AiohttpTransport()
        try:
            await send(transport, base + "/first")
            with pytest.raises(TransportError):
                await send(transport, base + "/second")
        finally:
            await transport.aclose()
    assert len(seen) == 2  # aiohttp alone would have sent the second on a new connection


@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_second_event_loop_gets_its_own_session() -> None:
    transport = AiohttpTransport()

    async def call(url: str) -> bytes:
        return (await send(transport, url)).body

    with serve_keep_alive(BODY) as (base, counts):
        assert asyncio.run(call(base + "/a")) == BODY
        assert asyncio.run(call(base + "/b")) == BODY
        asyncio.run(transport.aclose())
    for _ in range(3):  # the first loop's forgotten session, closed here while ignored
        gc.collect()
    assert counts["connections"] == 2


@pytest.mark.anyio
async def test_a_session_you_pass_in_is_used_and_left_open() -> None:
    with serve(lambda request: Response(200, {}, BODY)) as (base, seen):
        async with aiohttp.ClientSession(headers={"x-mine": "1"}) as mine:
            transport = AiohttpTransport(mine)
            assert (await send(transport, base + "/a")).body == BODY
            await transport.aclose()
            assert not mine.closed
    assert seen[0].header("x-mine") == "1"


@pytest.mark.parametrize("anyio_backend", ["trio"])
@pytest.mark.anyio
async def test_under_trio_it_says_it_runs_on_asyncio_only() -> None:
    with pytest.raises(ValidationError, match="asyncio only"):
        await send(AiohttpTransport(), "http://127.0.0.1:9/a")


@pytest.mark.anyio
async def test_certificates_are_verified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    context, cert = self_signed(tmp_path)
    with serve_raw(full(BODY), tls=context) as (url, seen):
        transport = AiohttpTransport()
        try:
            with pytest.raises(TransportError):  # an unknown issuer: nothing is sent
                await send(transport, url + "/a")
        finally:
            await transport.aclose()
        assert seen == []
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the CA bundle setting httpx honours
        transport = AiohttpTransport()
        try:
            assert (await send(transport, url + "/b")).body == BODY
        finally:
            await transport.aclose()
