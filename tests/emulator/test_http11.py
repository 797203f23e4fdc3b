"""The emulator's HTTP/1.1 server (h11): framing, keep-alive, pipelining and refusals."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest

from opentok_emulator import new_emulator
from opentok_emulator.server import EmulatorServer


class Wire(asyncio.Transport):
    """A transport that keeps what the server writes."""

    def __init__(self) -> None:
        super().__init__()
        self.out = bytearray()
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.out += data

    def close(self) -> None:
        self.closed = True


def test_content_length_chunked_and_pipelined_requests(port: int) -> None:
    put = (
        b"PUT /_emulator/callback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    )
    out = _exchange(
        port,
        put
        + b'Content-Length: 21\r\n\r\n{"url": "http://a/x"}'
        + put
        + b"Transfer-Encoding: chunked\r\n\r\n"
        b'9;ext=1\r\n{"url": "\r\nb\r\nhttp://b/y"\r\n1\r\n}\r\n0\r\n\r\n'
        b"\r\n"  # tolerated before a request line
         + put + b"Transfer-Encoding: chunked\r\n\r\n"
        b'b\r\n{"url": "ht\r\na\r\ntp://c/z"}\r\n0\r\nX-Trailer: 1\r\n\r\n'
        b"GET /_emulator HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
    )
    answers = out.split(b"HTTP/1.1 ")[1:]
    assert [a[:3] for a in answers] == [b"200"] * 4
    assert [a.rpartition(b"\r\n\r\n")[2] for a in answers[:3]] == [
        b'{"url":"http://a/x"}',
        b'{"url":"http://b/y"}',
        b'{"url":"http://c/z"}',
    ]
    assert b"connection: close" in answers[3].lower()  # HTTP/1.0: answered, then closed


def test_bytes_arriving_one_at_a_time_and_100_continue() -> None:
    async def scenario() -> tuple[bytes, bytes]:
        server = EmulatorServer(new_emulator())
        connection, wire = server._protocol(), Wire()
        connection.connection_made(wire)
        data = (
            b"PUT /_emulator/callback HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 12\r\n"
            b"Expect: 100-continue\r\n\r\n"
        )
        for i in range(len(data)):
            connection.data_received(data[i : i + 1])
        after_head = bytes(wire.out)
        for byte in b'{"url":null}':
            connection.data_received(bytes([byte]))
        connection.connection_lost(None)
        server.callbacks.close()
        return after_head, bytes(wire.out)

    after_head, everything = asyncio.run(scenario())
    assert after_head == b"HTTP/1.1 100 Continue\r\n\r\n"
    assert everything.count(b"HTTP/1.1 200 OK") == 1


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET /x HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        (b"GET x HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        (b"GET /x HTTP/1.1\r\n\r\n", 400),  # no Host (RFC 9112 section 3.2)
        (b"GET /x HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n", 400),
        (b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        (b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400),
        (
            b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n",
            400,
        ),
        (b"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        (b"POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n", 413),
        (b"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        (b"POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", 400),
        (b"GET /x HTTP/1.1\r\nHost: x\r\n" + b"A: b\r\n" * 101 + b"\r\n", 431),
        (b"GET /" + b"x" * 70_000, 431),
    ],
)
def test_refusals(port: int, data: bytes, status: int) -> None:
    out = _exchange(port, data)
    assert out.startswith(b"HTTP/1.1 %d " % status), out[:200]
    assert b"connection: close" in out.lower()


def test_response_framing(port: int) -> None:
    out = _exchange(
        port,
        b"POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        b"HEAD /_emulator HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    no_content, head = out.split(b"HTTP/1.1 ")[1:]
    assert no_content.startswith(b"204 ") and b"content-length" not in no_content.lower()
    assert head.startswith(b"200 ") and head.endswith(b"\r\n\r\n")  # HEAD: no body
    assert b"content-length: " in head.lower()


@pytest.fixture
def port() -> Iterator[int]:
    with EmulatorServer(new_emulator()) as server:
        yield server.port


def _exchange(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_pipelined_answers_come_in_order_even_behind_a_delay_fault(port: int) -> None:
    fault = b'{"operation": "*", "delay": 0.2}'
    setup = _exchange(
        port,
        b"POST /_emulator/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(fault), fault),
    )
    assert setup.startswith(b"HTTP/1.1 201")
    out = _exchange(
        port,
        # delayed 0.2 s, then 403 (no auth)
        b"GET /v2/project/123456/archive HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        b"GET /_emulator HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        b"HEAD /_emulator HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    first, second, third = out.split(b"HTTP/1.1 ")[1:]
    assert first.startswith(b"403") and second.startswith(b"200")
    # HEAD is answered as GET, with the GET's content-length and no body.
    assert third.startswith(b"200") and third.endswith(b"\r\n\r\n")
    assert b"connection: close" in third.lower()
    assert b"content-length: %d" % len(second.partition(b"\r\n\r\n")[2]) in third


def test_a_malformed_request_gets_400_and_a_closed_connection(port: int) -> None:
    out = _exchange(port, b"GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nbad header\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 400") and b"connection: close" in out.lower().lower()
    assert b'"code":400' in out


def test_http_1_0_closes_after_the_answer(port: int) -> None:
    out = _exchange(port, b"GET /_emulator HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 200") and b"connection: close" in out.lower().lower()


def test_a_large_body_and_a_flood_behind_a_delay_are_both_served(port: int) -> None:
    body = b'{"type": "bestFit", "pad": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    out = _exchange(
        port,
        b"PUT /_emulator/callback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body),
    )
    assert out.startswith(b"HTTP/1.1 200")  # read whole (3 MiB), answered
    fault = b'{"operation": "*", "delay": 0.3}'
    _exchange(
        port,
        b"POST /_emulator/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(fault), fault),
    )
    flood = (
        b"GET /v2/project/123456/archive HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        + (
            b"GET /_emulator/faults HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: "
            + b"p" * 1000
            + b"\r\n\r\n"
        )
        * 1500
        + b"GET /_emulator HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    out = _exchange(port, flood)
    assert out.count(b"HTTP/1.1 200 OK") == 1501 and out.startswith(b"HTTP/1.1 403")
