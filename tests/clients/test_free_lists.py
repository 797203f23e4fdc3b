"""The default httpx transport's free lists of kept-alive connections (``_free_list``): a
connection goes back only when its answer was read to the end, on asyncio and trio alike, and
what goes out is what httpx would send. (Correctness only, never speed.)"""

from __future__ import annotations

import asyncio
import gc
import gzip
import json
import pickle
import socket
from collections.abc import Callable
from pathlib import Path

import anyio
import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from opentok_async import AsyncClient, HttpxTransport, _free_list
from opentok_async._free_list import _coding, _decoded
from opentok_core import Request, Response, Timeout, TransportError
from tests.servers import full, self_signed, serve, serve_keep_alive, serve_raw

BODY = json.dumps({"id": "x" * 64}).encode()


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def fast(transport: HttpxTransport) -> bool:
    return transport._direct is not None


@pytest.mark.anyio
async def test_a_connection_idle_past_its_expiry_is_replaced() -> None:
    with serve_keep_alive(BODY) as (base, counts):
        transport = HttpxTransport()
        assert transport._direct is not None
        transport._direct._expiry = 0.0  # every idle connection has expired by the next call
        try:
            for _ in range(2):
                await transport.handle_async_request(Request("GET", base + "/a"), Timeout())
                await anyio.sleep(0.01)
        finally:
            await transport.aclose()
    assert counts == {"connections": 2, "requests": 2}


# Forgotten, the connection is closed by the garbage collector, which warns of it.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.anyio
async def test_connections_from_before_a_fork_are_forgotten_not_used() -> None:
    with serve_keep_alive(BODY) as (base, counts):
        transport = HttpxTransport()
        assert transport._direct is not None
        try:
            await transport.handle_async_request(Request("GET", base + "/a"), Timeout())
            pid, loop = transport._direct._owner
            transport._direct._owner = (-1, loop)  # as in a forked child: another pid
            await transport.handle_async_request(Request("GET", base + "/b"), Timeout())
            gc.collect()
        finally:
            await transport.aclose()
    assert counts["connections"] == 2


@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_second_event_loop_opens_its_own_connections() -> None:
    transport = HttpxTransport()

    async def call(url: str) -> bytes:
        reply = await transport.handle_async_request(Request("GET", url), Timeout())
        return reply.body

    with serve_keep_alive(BODY) as (base, counts):
        assert asyncio.run(call(base + "/a")) == BODY
        assert asyncio.run(call(base + "/b")) == BODY  # not "Event loop is closed"
        asyncio.run(transport.aclose())
    for _ in range(3):  # the first loop's forgotten connection, closed here while ignored
        gc.collect()
    assert counts["connections"] == 2


@pytest.mark.anyio
async def test_what_goes_out_is_what_httpx_sends_host_and_content_length() -> None:
    with serve(lambda request: Response(200, {}, b"{}")) as (base, seen):
        transport = HttpxTransport()
        try:
            for method, body in (("POST", b""), ("POST", b"a=1"), ("GET", b"")):
                request = Request(method, base + "/p?q=1", {"accept": "application/json"}, body)
                await transport.handle_async_request(request, Timeout())
        finally:
            await transport.aclose()
    netloc = base.split("//", 1)[1]
    assert [(r.method, r.url, r.body) for r in seen] == [
        ("POST", f"http://{netloc}/p?q=1", b""),
        ("POST", f"http://{netloc}/p?q=1", b"a=1"),
        ("GET", f"http://{netloc}/p?q=1", b""),
    ]
    assert [r.header("content-length") for r in seen] == ["0", "3", None]
    assert all(r.header("host") == netloc for r in seen)


@pytest.mark.anyio
async def test_a_compressed_answer_is_decoded_as_the_general_path_decodes_it() -> None:
    packed = gzip.compress(BODY)
    with serve(lambda request: Response(200, {"content-encoding": "gzip"}, packed)) as (base, _):
        transport = HttpxTransport()
        try:
            reply = await transport.handle_async_request(Request("GET", base + "/z"), Timeout())
        finally:
            await transport.aclose()
    assert reply.body == BODY


@pytest.mark.anyio
async def test_the_async_client_runs_on_this_event_loop_library() -> None:
    archive = {"id": "a1", "status": "started", "createdAt": 1, "sessionId": "s", "name": "n"}
    with serve(lambda request: Response(200, {}, json.dumps(archive).encode())) as (base, _):
        async with AsyncClient("123456", "secret", api_url=base) as client:
            found = await client.get_archive("a1")
    assert found.id == "a1"


@pytest.mark.anyio
async def test_the_fast_path_verifies_certificates_with_httpxs_default_tls_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context, cert = self_signed(tmp_path)
    with serve_raw(full(BODY), tls=context) as (url, seen):
        transport = HttpxTransport()
        assert fast(transport)
        try:
            with pytest.raises(TransportError):  # an unknown issuer: nothing is sent
                await transport.handle_async_request(Request("GET", url + "/a"), Timeout())
        finally:
            await transport.aclose()
        assert seen == []
        # httpx's environment setting for the CA bundle holds on the fast path too.
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        transport = HttpxTransport()
        assert fast(transport)
        try:
            reply = await transport.handle_async_request(Request("GET", url + "/b"), Timeout())
        finally:
            await transport.aclose()
    assert reply.body == BODY


_NAMES = st.sampled_from([b"content-encoding", b"Content-Encoding", b"x-a", b"X-B"])
_HEADER = st.tuples(_NAMES | st.binary(min_size=1, max_size=8), st.binary(max_size=12))


@given(st.lists(_HEADER, max_size=6))
def test_answer_headers_decode_as_httpx_decodes_them(raw: list[tuple[bytes, bytes]]) -> None:
    # The free lists decode ASCII headers themselves: the same pairs and the same
    # content-encoding as httpx.Headers, whose charset guess takes the other headers.
    expected = httpx.Headers(raw)
    assert _decoded(raw) == expected.multi_items()
    assert _coding(raw) == expected.get("content-encoding")


def raw_answer(head: bytes, body: bytes = BODY) -> Callable[[socket.socket, bytes], None]:
    """Answer with ``head``'s header lines (bytes as given) and ``body``, then close."""

    def act(sock: socket.socket, request: bytes) -> None:
        sized = b"HTTP/1.1 200 OK\r\n%scontent-length: %d\r\n\r\n" % (head, len(body))
        sock.sendall(sized + body)

    return act


async def answered(transport: HttpxTransport, url: str) -> Response:
    try:
        return await transport.handle_async_request(Request("GET", url), Timeout())
    finally:
        await transport.aclose()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("head", "body"),
    [
        pytest.param(b"X-Rep: a\r\nContent-Type: text/plain\r\nx-rep: b\r\n", BODY, id="ascii"),
        # not UTF-8: httpx reads every header as latin-1
        pytest.param(b"x-rep: a\r\nx-name: caf\xe9\r\nX-Rep: b\r\n", BODY, id="latin-1"),
        pytest.param(b"x-name: caf\xc3\xa9\r\nx-rep: a\r\nx-rep: b\r\n", BODY, id="utf-8"),
        pytest.param(
            b"Content-Encoding: gzip\r\nx-name: \xe9\r\nx-rep: a\r\nx-rep: b\r\n",
            gzip.compress(BODY),
            id="gzip-and-latin-1",
        ),
    ],
)
async def test_the_fast_paths_answer_headers_are_the_general_paths_read_when_asked(
    head: bytes, body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same lower-case pairs (a repeated header kept twice, in order; bytes past ASCII
    # in the charset httpx picks), decoded only when first read, as the sync transport's.
    decodings: list[object] = []
    decoded = _free_list._decoded

    def counted(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
        decodings.append(raw)
        return decoded(raw)

    monkeypatch.setattr(_free_list, "_decoded", counted)
    with serve_raw(raw_answer(head, body)) as (url, _):
        transport = HttpxTransport()
        assert fast(transport)
        ours = await answered(transport, url + "/a")
        async with httpx.AsyncClient() as client:  # a client passed in: the general path
            general = await answered(HttpxTransport(client), url + "/a")
    assert decodings == []  # nothing decoded until the headers are read
    copy = pickle.loads(pickle.dumps(ours))  # pickled as the decoded pairs
    assert len(decodings) == 1
    assert ours.headers == general.headers == copy.headers
    assert ours == general == copy  # body and undecodable too
    assert ours.header("x-rep") == general.header("x-rep")
    assert len(decodings) == 2  # once for the pickle, once at the first read, then kept
