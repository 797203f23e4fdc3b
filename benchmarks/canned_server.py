"""A minimal canned HTTP/1.1 server for the REST benchmarks (asyncio protocol, keep-alive).

It answers every request with fixed JSON: the ``sessions.create`` fixture for ``POST
.../session/create``, a page of a 10,000-archive listing for ``GET .../archive?offset=&count=``
(the ``archives.get`` fixture with numbered ids) and the ``archives.get`` fixture for anything
else. It parses just enough
(request line, ``content-length``, ``connection: close``) to be correct for the clients under
test, so the server costs as little as possible and never bounds the client being measured.

Run as a script it binds 127.0.0.1 on port 0, prints the port and serves until stdin closes.
"""

from __future__ import annotations

import asyncio
import functools
import json
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "spec" / "fixtures"


def _response(body: bytes) -> bytes:
    head = (
        "HTTP/1.1 200 OK\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        "x-request-id: bench\r\n"
        "\r\n"
    )
    return head.encode("ascii") + body


ARCHIVE = _response((FIXTURES / "archives.get" / "200.json").read_bytes().strip())
SESSION = _response((FIXTURES / "sessions.create" / "200.json").read_bytes().strip())

#: How many archives the listing holds (what benchmarks/case_models.py walks).
LISTING_TOTAL = 10_000


@functools.lru_cache(maxsize=64)
def _listing_page(offset: int, count: int) -> bytes:
    archive = json.loads((FIXTURES / "archives.get" / "200.json").read_bytes())
    items = [
        {**archive, "id": f"{i:08d}-3811-4726-b508-e41a0f96c68f"}
        for i in range(offset, min(offset + count, LISTING_TOTAL))
    ]
    return _response(json.dumps({"count": LISTING_TOTAL, "items": items}).encode())


def _listing(line: bytes) -> bytes:
    """The page a ``GET .../archive?offset=&count=`` request line asks for."""
    target = line.split(b" ")[1].decode("ascii")
    query = parse_qs(urlsplit(target).query)
    return _listing_page(int(query.get("offset", ["0"])[0]), int(query.get("count", ["50"])[0]))


def _answer(line: bytes) -> bytes:
    if b"/session/create" in line:
        return SESSION
    if b"/archive?" in line:
        return _listing(line)
    return ARCHIVE


class CannedHttp(asyncio.Protocol):
    """One connection: split pipelined requests, answer each with a canned response."""

    def __init__(self) -> None:
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        assert self._transport is not None
        buffer = self._buffer + data if self._buffer else data
        out = []
        close = False
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head = buffer[:end].lower()
            length = 0
            at = head.find(b"\r\ncontent-length:")
            if at >= 0:
                stop = head.find(b"\r\n", at + 2)
                length = int(head[at + 17 : stop if stop >= 0 else len(head)])
            if len(buffer) < end + 4 + length:
                break
            line = head[: head.find(b"\r\n")]
            out.append(_answer(line))
            buffer = buffer[end + 4 + length :]
            if b"\r\nconnection: close" in head:
                close = True
                break
        self._buffer = buffer
        if out:
            self._transport.write(b"".join(out))
        if close:
            self._transport.close()


async def start(host: str = "127.0.0.1", port: int = 0) -> asyncio.Server:
    """Start serving on ``host:port``; the caller closes the returned server."""
    loop = asyncio.get_running_loop()
    return await loop.create_server(CannedHttp, host, port, backlog=1024)


async def _main() -> None:
    server = await start()
    print(server.sockets[0].getsockname()[1], flush=True)
    loop = asyncio.get_running_loop()
    # Serve until the parent closes our stdin (it then waits for us to exit).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(_main())
