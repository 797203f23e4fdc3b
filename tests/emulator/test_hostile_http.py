"""The emulator's HTTP server under hostile input: each gets a 4xx or a close, buffers stay
bounded, a request's arrival has a deadline trickling cannot extend, and one connection's
work is cut into bounded turns so it never holds the event loop from the others."""

from __future__ import annotations

import asyncio
import select
import socket
import threading
from collections.abc import Iterator

import pytest

from opentok_emulator import new_emulator
from opentok_emulator.server import EmulatorServer

HEAD = (
    b"PUT /_emulator/callback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b"Connection: close\r\n"
)
GET = b"GET /_emulator HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"


@pytest.fixture
def port() -> Iterator[int]:
    with EmulatorServer(new_emulator()) as server:
        yield server.port


def _answer(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes (bounded: the socket has a timeout)."""
    data = b""
    for _ in range(10_000):
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk
    raise AssertionError("the server never closed the connection")


def _send_in_background(sock: socket.socket, data: bytes) -> threading.Thread:
    """Send ``data`` from a thread; the server may refuse and close long before the end."""

    def send() -> None:
        try:
            sock.sendall(data)
        except OSError:
            pass  # refused and closed mid-flood: what the test wants

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    return thread


def _refused(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sender = _send_in_background(sock, data)
        answer = _answer(sock)
    sender.join(10)
    return answer


def test_a_body_of_a_million_one_byte_chunks_is_refused(port: int) -> None:
    # It was parsed from position 0 again on every read (11 s, quadratic), then accepted.
    flood = HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + b"1\r\n \r\n" * 1_000_000
    answer = _refused(port, flood + b'{"url": null}'.join([b"d\r\n", b"\r\n0\r\n\r\n"]))
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b"connection: close" in answer.lower()


@pytest.mark.parametrize(
    "tail",
    [
        pytest.param(b"1" + b"0" * 200_000, id="a chunk-size line that never ends"),
        pytest.param(b"1;" + b"e" * 200_000, id="a chunk extension that never ends"),
        pytest.param(b"0\r\nX-Trailer: " + b"t" * 200_000, id="trailers that never end"),
    ],
)
def test_an_endless_chunk_line_or_trailer_is_refused_not_buffered(port: int, tail: bytes) -> None:
    # They were buffered without bound (64 MiB accepted) while the parser waited for a CRLF.
    answer = _refused(port, HEAD + b"Transfer-Encoding: chunked\r\n\r\n" + tail)
    assert answer.startswith(b"HTTP/1.1 4"), answer[:200]


@pytest.mark.parametrize(
    "framing",
    [
        pytest.param(b"Content-Length: \xb2\r\n\r\n{}", id="a non-ASCII digit"),
        pytest.param(b"Content-Length: +2\r\n\r\n{}", id="a signed length"),
        pytest.param(
            b"Transfer-Encoding: chunked\r\n\r\n0xd\r\n" + b'{"url": null}\r\n0\r\n\r\n',
            id="chunk size 0xd",
        ),
        pytest.param(b"Transfer-Encoding: chunked\r\n\r\n-0\r\n\r\n", id="chunk size -0"),
        pytest.param(b"Transfer-Encoding: chunked\r\n\r\n 0\r\n\r\n", id="chunk size  0"),
    ],
)
def test_malformed_framing_gets_400_and_a_close(port: int, framing: bytes) -> None:
    # Content-Length: ² raised a ValueError out of the protocol; 0x5 and -0 were accepted (a
    # GET, whose route ignores the body, shows what the framing alone gets).
    answer = _refused(port, GET + framing)
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert b"connection: close" in answer.lower()


def test_a_trickled_request_head_meets_its_deadline() -> None:
    # Each byte used to restart the idle clock, so a head sent a byte at a time never ended.
    emulator = new_emulator()
    with (
        EmulatorServer(emulator, idle_timeout=5, request_timeout=0.3) as server,
        socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock,
    ):
        head = b"GET /_emulator HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: 1\r\n" * 1000
        answer = b""
        for byte in range(len(head)):  # bounded: ~12 s at most, far past the 0.3 s deadline
            readable, _, _ = select.select([sock], [], [], 0.001)
            if readable:
                answer = _answer(sock)
                break
            try:
                sock.sendall(head[byte : byte + 1])
            except OSError:
                answer = _answer(sock)
                break
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:200]


def test_one_connection_s_pipeline_is_served_in_bounded_turns() -> None:
    # A burst of work on one connection is cut into turns of a bounded number of events, so
    # other connections' callbacks run in between; the whole burst is still answered in order.
    class Wire(asyncio.Transport):
        def __init__(self) -> None:
            super().__init__()
            self.out = bytearray()

        def write(self, data: bytes | bytearray | memoryview) -> None:
            self.out += data

        def pause_reading(self) -> None: ...

        def resume_reading(self) -> None: ...

    async def scenario() -> tuple[int, int]:
        server = EmulatorServer(new_emulator())
        connection, wire = server._protocol(), Wire()
        connection.connection_made(wire)
        connection.data_received(b"GET /_emulator HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 2000)
        first_turn = wire.out.count(b"HTTP/1.1 200 ")
        for _ in range(10_000):  # bounded: each turn answers a share of the burst
            if wire.out.count(b"HTTP/1.1 200 ") == 2000:
                break
            await asyncio.sleep(0)
        connection.connection_lost(None)
        server.callbacks.close()
        return first_turn, wire.out.count(b"HTTP/1.1 200 ")

    first_turn, total = asyncio.run(scenario())
    assert 0 < first_turn < 2000 and total == 2000
