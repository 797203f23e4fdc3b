"""The default transport's own HTTP/1.1 connection (``_http11``): what it reads, when it is
reused, and the words of its errors, over a scripted loopback server and a scripted stream.
(Correctness only, never speed.)"""

from __future__ import annotations

import threading

import anyio
import httpcore
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opentok_async import HttpxTransport
from opentok_async._http11 import Connection
from opentok_core import NO_RETRY, Request, Timeout, TransportError
from tests.servers import ANSWER_BODY as BODY
from tests.servers import CLOSE, KEEP, answer, chunked, seen, serve_script


async def get_all(base: str, calls: int, **options: object) -> list[bytes]:
    """The bodies of ``calls`` GETs in a row on one default transport."""
    transport = HttpxTransport(**options)  # type: ignore[arg-type]
    assert transport._direct is not None  # the free lists' path, with this connection
    try:
        return [
            (await transport.handle_async_request(Request("GET", base + "/a"), Timeout())).body
            for _ in range(calls)
        ]
    finally:
        await transport.aclose()


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# Reuse: only after an answer read to its end that both sides may follow. -----------------------


@pytest.mark.anyio
async def test_a_chunked_answer_read_to_its_end_leaves_the_connection_reused() -> None:
    with serve_script((chunked(), KEEP), (chunked(size=7), KEEP)) as (base, counts):
        assert await get_all(base, 2) == [BODY, BODY]
    assert seen(counts) == (1, 2)


@pytest.mark.anyio
async def test_an_answer_saying_connection_close_is_not_reused() -> None:
    # The server keeps the socket open: only the answer's header says not to reuse it.
    closing = answer(extra=b"connection: close\r\n")
    with serve_script((closing, KEEP), (answer(), KEEP)) as (base, counts):
        assert await get_all(base, 2) == [BODY, BODY]
    assert seen(counts) == (2, 2)


@pytest.mark.anyio
async def test_an_http_1_0_answer_is_not_reused() -> None:
    old = answer(head=b"HTTP/1.0 200 OK")
    with serve_script((old, KEEP), (answer(), KEEP)) as (base, counts):
        assert await get_all(base, 2) == [BODY, BODY]
    assert seen(counts) == (2, 2)


@pytest.mark.anyio
async def test_an_answer_cut_at_max_body_leaves_its_connection_unused() -> None:
    with serve_script((answer(), KEEP), (answer(), KEEP)) as (base, counts):
        bodies = await get_all(base, 2, max_body=50)
    assert bodies == [BODY[:50], BODY[:50]]
    assert seen(counts) == (2, 2)


@pytest.mark.anyio
async def test_informational_answers_before_the_answer_are_skipped() -> None:
    early = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n"
    with serve_script((early + answer(), KEEP), (answer(), KEEP)) as (base, counts):
        assert await get_all(base, 2) == [BODY, BODY]
    assert seen(counts) == (1, 2)


@pytest.mark.anyio
async def test_a_connection_the_server_closed_while_idle_is_replaced_before_sending() -> None:
    # Closed after its answer: seen (readable) at checkout, so the request goes on a new one.
    with serve_script((answer(), CLOSE), (answer(), KEEP)) as (base, counts):
        transport = HttpxTransport()
        try:
            await transport.handle_async_request(Request("GET", base + "/a"), Timeout())
            with anyio.fail_after(5):  # a bound, not a timing: the server closes at once
                while counts["closed"] < 1:
                    await anyio.sleep(0.01)
            reply = await transport.handle_async_request(Request("GET", base + "/b"), Timeout())
        finally:
            await transport.aclose()
    assert reply.body == BODY
    assert seen(counts) == (2, 2)


CLOSED_UNANSWERED = "the server closed the connection without answering"


# Failures: typed, with the general path's words, and never resent. ----------------------------


async def failed_get(transport: HttpxTransport, base: str) -> tuple[type[Exception], str]:
    """The error of one GET on ``transport`` (then closed): its type and its words, without
    the time taken."""
    try:
        with pytest.raises(TransportError) as info:
            await transport.handle_async_request(
                Request("GET", base + "/a"), Timeout(2, 2, total=5)
            )
    finally:
        await transport.aclose()
    assert isinstance(info.value.__cause__, httpx.TransportError)
    return type(info.value), str(info.value).split(" (after ")[0]


@pytest.mark.anyio
@pytest.mark.parametrize(
    "sent",
    [
        pytest.param(b"", id="nothing"),
        pytest.param(answer()[:30], id="mid-headers"),
        pytest.param(answer()[:-100], id="mid-body"),
        pytest.param(chunked()[:-20], id="mid-chunks"),
        pytest.param(b"SSH-2.0-OpenSSH_9.6\r\n\r\n", id="not-http"),
        pytest.param(
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n" + b"1" * 21 + b"\r\nx",
            id="over-long-chunk-size",
        ),
        pytest.param(b"HTTP/1.1 200 OK\r\nx-a: " + b"a" * 150_000, id="headers-past-h11s-bound"),
    ],
)
async def test_a_broken_answer_fails_as_on_the_general_path_with_httpcores_connection(
    sent: bytes,
) -> None:
    # The same error class and words as an httpx client's own connection gives (a client
    # passed in takes the general path).
    with serve_script((sent, CLOSE), (sent, CLOSE)) as (base, counts):
        fast = await failed_get(HttpxTransport(), base)
        general = await failed_get(HttpxTransport(httpx.AsyncClient()), base)
    assert fast == general
    assert seen(counts) == (2, 2)


@pytest.mark.anyio
async def test_a_request_on_a_kept_connection_the_server_drops_is_not_resent() -> None:
    # The second request reaches the server on the kept connection, which closes unanswered:
    # the error is the caller's (the core's retry policy decides), never a silent resend.
    with serve_script((answer(), KEEP)) as (base, counts):
        transport = HttpxTransport()
        try:
            await transport.handle_async_request(Request("GET", base + "/a"), Timeout())
            with pytest.raises(TransportError, match=CLOSED_UNANSWERED):
                await transport.handle_async_request(Request("POST", base + "/b"), Timeout())
        finally:
            await transport.aclose()
    assert seen(counts) == (1, 2)


@pytest.mark.anyio
async def test_the_async_client_does_not_retry_a_post_its_kept_connection_lost() -> None:
    from opentok_async import AsyncClient

    with serve_script((answer(b'{"id": "a1"}'), KEEP)) as (base, counts):
        async with AsyncClient("123456", "secret", api_url=base, retry=NO_RETRY) as client:
            await client.get_archive("a1")
            with pytest.raises(TransportError, match=CLOSED_UNANSWERED) as info:
                await client.create_session()
    assert seen(counts) == (1, 2)
    assert info.value.attempts == 1


@pytest.mark.anyio
async def test_a_task_cancelled_while_waiting_for_headers_leaves_its_connection_unused() -> None:
    # The first answer is held back until its task was cancelled, then sent: the next call
    # must not read it as its own.
    gate = threading.Event()
    first = answer(b'{"id": "first"}')
    with serve_script((first, KEEP), (answer(), KEEP), gate=gate) as (base, counts):
        transport = HttpxTransport()
        try:
            with anyio.move_on_after(0.1) as scope:
                await transport.handle_async_request(Request("GET", base + "/a"), Timeout())
            gate.set()
            reply = await transport.handle_async_request(Request("GET", base + "/b"), Timeout())
        finally:
            await transport.aclose()
    assert scope.cancelled_caught
    assert reply.body == BODY
    assert seen(counts) == (2, 2)


# The connection alone, over a scripted stream: every split and every cut. --------------------


class Script(httpcore.AsyncNetworkStream):
    """A network stream that reads out ``chunks`` in order (then the end) and records writes."""

    def __init__(self, chunks: list[bytes]) -> None:
        self.chunks = list(chunks)
        self.written = b""
        self.closed = False

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        assert timeout == 7.0
        if not self.chunks:
            return b""
        chunk = self.chunks.pop(0)
        self.chunks[:0] = [chunk[max_bytes:]] if len(chunk) > max_bytes else []
        return chunk[:max_bytes]

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        assert timeout == 3.0
        self.written += buffer

    async def aclose(self) -> None:
        self.closed = True


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in zip(points, points[1:], strict=False) if b > a]


async def exchange(connection: Connection) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """One GET on ``connection``: the answer's status, raw headers and whole body."""
    got: list[bytes] = []

    def feed(chunk: bytes) -> bool:
        got.append(chunk)
        return False  # never stop early

    status, headers = await connection.request(
        b"GET", b"/a", [(b"host", b"h")], b"", write_timeout=3.0, read_timeout=7.0
    )
    await connection.receive(feed, 7.0)
    return status, headers, b"".join(got)


async def httpcores(stream: Script) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """The same GET on httpcore's own HTTP/1.1 connection over ``stream``."""
    connection = httpcore.AsyncHTTP11Connection(httpcore.Origin(b"http", b"h", 80), stream)
    request = httpcore.Request(
        "GET", "http://h/a", headers=[(b"host", b"h")], extensions={"timeout": TIMEOUTS}
    )
    reply = await connection.handle_async_request(request)
    try:
        body = b"".join([chunk async for chunk in reply.aiter_stream()])
    finally:
        await reply.aclose()
    return reply.status, reply.headers, body


TIMEOUTS = {"read": 7.0, "write": 3.0}
WIRE = st.sampled_from([answer(), chunked(), chunked(size=1), answer(b""), answer(status=204)])


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60)
@given(WIRE, st.lists(st.integers(min_value=0), max_size=8))
def test_however_an_answer_is_split_into_reads_it_reads_as_httpcore_and_stays_idle(
    wire: bytes, cuts: list[int]
) -> None:
    async def run() -> None:
        stream = Script(split(wire + wire, cuts))  # two answers, the split across both
        connection = Connection(stream, 5.0)
        first = await exchange(connection)
        assert connection.idle
        assert await exchange(connection) == first
        assert stream.written == b"GET /a HTTP/1.1\r\nhost: h\r\n\r\n" * 2
        assert first == await httpcores(Script(split(wire, cuts)))

    anyio.run(run)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=80)
@given(WIRE, st.data())
def test_an_answer_cut_anywhere_fails_as_httpcores_connection_fails(
    wire: bytes, data: st.DataObject
) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(wire) - 1))

    async def failure(exchanging: object) -> tuple[type[BaseException], str]:
        with pytest.raises(httpcore.RemoteProtocolError) as info:
            await exchanging  # type: ignore[misc]
        return type(info.value), str(info.value)

    async def run() -> None:
        connection = Connection(Script([wire[:at]]), 5.0)
        ours = await failure(exchange(connection))
        assert not connection.idle
        assert ours == await failure(httpcores(Script([wire[:at]])))

    anyio.run(run)


def test_a_connection_is_idle_only_between_answers_read_whole() -> None:
    async def run() -> list[bool]:
        stream = Script([answer()])
        connection = Connection(stream, 5.0)
        states = [connection.idle]  # new: not for a free list before its first answer
        await exchange(connection)
        states.append(connection.idle)
        await connection.aclose()
        states += [connection.idle, stream.closed]
        return states

    assert anyio.run(run) == [False, True, False, True]
