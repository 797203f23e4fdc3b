"""The emulator's HTTP/1.1 protocol: framing, keep-alive, pipelining and refusals."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from opentok_emulator import new_emulator
from opentok_emulator._http11 import ParseError, RequestParser, response_bytes
from opentok_emulator.server import EmulatorServer


def _all(data: bytes) -> list[object]:
    parser = RequestParser()
    parser.feed(data)
    found = []
    while (item := parser.next()) is not None:
        found.append(item)
    return found


def test_content_length_chunked_and_pipelined_requests() -> None:
    data = (
        b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
        b"POST /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
        b"\r\nGET /c HTTP/1.0\r\n\r\n"
        b"POST /d HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\nX-T: 1\r\n\r\n"
    )
    a, b, c, d = _all(data)
    assert (a.method, a.target, a.body, a.keep_alive) == ("POST", "/a", b"hello", True)  # type: ignore[attr-defined]
    assert b.body == b"abcde" and ("transfer-encoding", "chunked") in b.headers  # type: ignore[attr-defined]
    assert c.keep_alive is False and c.body == b""  # type: ignore[attr-defined]
    assert d.body == b"z"  # type: ignore[attr-defined]


def test_bytes_arriving_one_at_a_time() -> None:
    parser = RequestParser()
    data = b"PUT /x HTTP/1.1\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc"
    head = data.index(b"\r\n\r\n") + 4
    results = []
    for i in range(len(data)):
        parser.feed(data[i : i + 1])
        results.append(parser.next())
        if i == head - 1:
            assert parser.wants_continue() and not parser.wants_continue()
    assert results[:-1] == [None] * (len(data) - 1)
    assert results[-1].body == b"abc"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET /x HTTP/2.0\r\n\r\n", 400),
        (b"GET x HTTP/1.1\r\n\r\n", 400),
        (b"GET /x HTTP/1.1\r\nNo colon here\r\n\r\n", 400),
        (b"GET /x HTTP/1.1\r\nA: 1\r\n folded\r\n\r\n", 400),
        (b"POST /x HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
        (b"POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
        (b"POST /x HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        (b"POST /x HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        (b"POST /x HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n", 413),
        (b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
        (b"POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nab\r\n", 400),
        (b"GET /x HTTP/1.1\r\n" + b"A: b\r\n" * 101 + b"\r\n", 431),
        (b"GET /" + b"x" * 70_000, 431),
    ],
)
def test_refusals(data: bytes, status: int) -> None:
    with pytest.raises(ParseError) as info:
        _all(data)
    assert info.value.status == status


def test_response_framing() -> None:
    no_content = response_bytes(204, (("content-length", "9"),), b"ignored", keep_alive=True)
    assert no_content == b"HTTP/1.1 204 No Content\r\n\r\n"
    closing = response_bytes(200, (("a", "b"),), b"{}", keep_alive=False, head_only=True)
    assert closing == b"HTTP/1.1 200 OK\r\na: b\r\ncontent-length: 2\r\nconnection: close\r\n\r\n"


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
        b"POST /_emulator/faults HTTP/1.1\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
        % (len(fault), fault),
    )
    assert setup.startswith(b"HTTP/1.1 201")
    out = _exchange(
        port,
        b"GET /v2/project/123456/archive HTTP/1.1\r\n\r\n"  # delayed 0.2 s, then 403 (no auth)
        b"GET /_emulator HTTP/1.1\r\n\r\n"
        b"HEAD /_emulator HTTP/1.1\r\nConnection: close\r\n\r\n",
    )
    first, second, third = out.split(b"HTTP/1.1 ")[1:]
    assert first.startswith(b"403") and second.startswith(b"200")
    # HEAD is answered as GET, with the GET's content-length and no body.
    assert third.startswith(b"200") and third.endswith(b"\r\n\r\n")
    assert b"connection: close" in third
    assert b"content-length: %d" % len(second.partition(b"\r\n\r\n")[2]) in third


def test_a_malformed_request_gets_400_and_a_closed_connection(port: int) -> None:
    out = _exchange(port, b"GET /x HTTP/1.1\r\nbad header\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 400") and b"connection: close" in out
    assert b'"code":400' in out


def test_http_1_0_closes_after_the_answer(port: int) -> None:
    out = _exchange(port, b"GET /_emulator HTTP/1.0\r\n\r\n")
    assert out.startswith(b"HTTP/1.1 200") and b"connection: close" in out


def test_a_large_body_and_a_flood_behind_a_delay_are_both_served(port: int) -> None:
    body = b'{"type": "bestFit", "pad": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    out = _exchange(
        port,
        b"PUT /_emulator/callback HTTP/1.1\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
        % (len(body), body),
    )
    assert out.startswith(b"HTTP/1.1 200")  # read whole (3 MiB), answered
    fault = b'{"operation": "*", "delay": 0.3}'
    _exchange(
        port,
        b"POST /_emulator/faults HTTP/1.1\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
        % (len(fault), fault),
    )
    flood = (
        b"GET /v2/project/123456/archive HTTP/1.1\r\n\r\n"
        + (b"GET /_emulator/faults HTTP/1.1\r\nX-Pad: " + b"p" * 1000 + b"\r\n\r\n") * 1500
        + b"GET /_emulator HTTP/1.1\r\nConnection: close\r\n\r\n"
    )
    out = _exchange(port, flood)
    assert out.count(b"HTTP/1.1 200 OK") == 1501 and out.startswith(b"HTTP/1.1 403")
