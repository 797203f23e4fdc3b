"""Bounded decompression in both clients, over every transport that reads API bodies: a gzip
bomb (1 GiB of zeros in about 1 MB) costs the body cap plus a small constant, measured with
tracemalloc, and ends in the typed "body too large" error; gzip and deflate bodies still
decode; an undecodable body is a typed error worded alike in both clients; and the deadline
still ends a compressed body that stalls."""

from __future__ import annotations

import functools
import gc
import gzip
import hashlib
import socket
import struct
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import attrs
import httpx
import pytest
import urllib3

from opentok_async import AiohttpTransport, AsyncClient, HttpxTransport
from opentok_core import (
    ACCEPT_ENCODING,
    MAX_RESPONSE_BODY,
    NO_RETRY,
    Archive,
    Response,
    Timeout,
    TransportTimeout,
    UnexpectedResponse,
)
from opentok_sync import Client, Urllib3Transport
from tests.conftest import API_KEY, API_SECRET
from tests.servers import RawBehaviour, serve, serve_raw

MiB = 1 << 20
#: What a call may allocate beyond the body cap while a bomb is answered: the decoder's
#: steps (64 KiB of output, zlib's window), the raw chunks in flight, the HTTP libraries'
#: own buffers. Before the change it was 16 MiB (sync: the chunks and their join), 125 MiB
#: (httpx, one 64 KiB chunk inflated whole) and 17 MiB (aiohttp).
SLACK = 1 * MiB

ARCHIVE = b'{"id":"a1","status":"available","name":"n","sessionId":"s","createdAt":0,"size":0}'
TOO_LARGE = f"the body exceeded {MAX_RESPONSE_BODY} bytes and was cut"


@functools.cache
def zeros_compressed(size: int, coding: str) -> bytes:
    """``size`` zero bytes (a multiple of 1 MiB) as ``coding`` ("gzip" or zlib "deflate"),
    at zlib's best ratio (about 1000:1), made in a second: one full-flushed deflate segment
    of 1 MiB (identical each time, the compressor's state reset by the flush) repeated, an
    empty final block, and the wrapper's header and checksum."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = bytes(MiB)
    segment = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = size // MiB
    crc, adler = 0, 1
    for _ in range(count):
        crc = zlib.crc32(block, crc) if coding == "gzip" else crc
        adler = zlib.adler32(block, adler) if coding == "deflate" else adler
    deflated = segment * count + b"\x03\x00"  # the empty final block (fixed Huffman codes)
    if coding == "gzip":  # RFC 1952: header, data, CRC-32 and size
        return b"\x1f\x8b\x08\x00\0\0\0\0\x02\xff" + deflated + struct.pack("<II", crc, size)
    return b"\x78\xda" + deflated + struct.pack(">I", adler)  # RFC 1950


def test_the_bomb_inflates_to_what_it_claims() -> None:
    # The helper's own check (a smaller one, read whole by the standard library).
    assert gzip.decompress(zeros_compressed(64 * MiB, "gzip")) == bytes(64 * MiB)
    assert zlib.decompress(zeros_compressed(64 * MiB, "deflate")) == bytes(64 * MiB)
    assert len(zeros_compressed(1024 * MiB, "gzip")) < 1100 * 1024


def chunked(status: int, headers: str, body: bytes, pieces: int) -> bytes:
    """A whole HTTP/1.1 answer whose body is sent as ``pieces`` chunks."""
    size = -(-len(body) // pieces)
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    framed = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts) + b"0\r\n\r\n"
    head = f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{headers}"
    head += "transfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    return head.encode() + framed


def send(answer: bytes) -> RawBehaviour:
    """Answer with ``answer`` as it is (made before the measurement: the server thread
    allocates nothing then)."""

    def act(sock: socket.socket, request: bytes) -> None:
        sock.sendall(answer)

    return act


def sized(body: bytes, headers: str = "", status: int = 200) -> bytes:
    head = f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{headers}"
    return (head + f"content-length: {len(body)}\r\nconnection: close\r\n\r\n").encode() + body


@contextmanager
def bomb_server(coding: str) -> Iterator[str]:
    """The first request gets a plain archive (the warm-up, before measuring), the next ones
    1 GiB of zeros as ``coding`` in 4 chunks."""
    bomb = chunked(200, f"content-encoding: {coding}\r\n", zeros_compressed(1024 * MiB, coding), 4)
    with serve_raw(send(sized(ARCHIVE)), send(bomb)) as (url, _):
        yield url


def traced_peak(start: float) -> int:
    """The most bytes traced since ``tracemalloc.start()`` beyond what was traced then."""
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - int(start)


def start_tracing() -> float:
    gc.collect()
    tracemalloc.start()
    return float(tracemalloc.get_traced_memory()[0])


SYNC_TRANSPORTS: dict[str, Callable[[], Urllib3Transport | None]] = {
    "urllib3, its own pool": lambda: None,
    "urllib3, a PoolManager of yours": lambda: Urllib3Transport(urllib3.PoolManager()),
}

ASYNC_TRANSPORTS = [
    "httpx, default (free lists)",
    "httpx, default (general path)",  # as with an environment proxy setting
    "httpx, a client of yours",
    "aiohttp, its own session",
    "aiohttp, a session of yours",  # auto_decompress left on, as aiohttp's default has it
]


@asynccontextmanager
async def async_client(url: str, name: str, **options: Any) -> AsyncIterator[AsyncClient]:
    """An AsyncClient on transport ``name`` (what a user passes in closed after it)."""
    yours: httpx.AsyncClient | aiohttp.ClientSession | None = None
    transport: HttpxTransport | AiohttpTransport | None = None
    if name == "httpx, default (general path)":
        # An environment proxy setting, which the free lists leave to httpx's routing, that
        # loopback bypasses (read as the transport is built).
        with pytest.MonkeyPatch.context() as environment:
            environment.setenv("HTTP_PROXY", "http://127.0.0.1:9")
            environment.setenv("NO_PROXY", "127.0.0.1")
            transport = HttpxTransport()
        assert transport._direct is None
    elif name == "httpx, a client of yours":
        yours = httpx.AsyncClient()
        transport = HttpxTransport(yours)
    elif name == "aiohttp, its own session":
        transport = AiohttpTransport()
    elif name == "aiohttp, a session of yours":
        yours = aiohttp.ClientSession()
        transport = AiohttpTransport(yours)
    if transport is not None:
        options["transport"] = transport
    try:
        async with AsyncClient(API_KEY, API_SECRET, api_url=url, retry=NO_RETRY, **options) as c:
            yield c
    finally:
        if isinstance(yours, httpx.AsyncClient):
            await yours.aclose()
        elif yours is not None:
            await yours.close()


def sync_client(url: str, name: str, **options: Any) -> Client:
    transport = SYNC_TRANSPORTS[name]()
    return Client(API_KEY, API_SECRET, api_url=url, retry=NO_RETRY, transport=transport, **options)


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
@pytest.mark.parametrize("name", list(SYNC_TRANSPORTS))
def test_a_sync_bomb_costs_the_cap_plus_a_constant(name: str, coding: str) -> None:
    with bomb_server(coding) as url, sync_client(url, name) as client:
        assert client.get_archive("a1").id == "a1"  # warm: pools, imports, TLS contexts
        start = start_tracing()
        try:
            with pytest.raises(UnexpectedResponse) as info:
                client.get_archive("a1")
        finally:
            peak = traced_peak(start)
    assert TOO_LARGE in str(info.value)
    assert peak < MAX_RESPONSE_BODY + SLACK, f"{name}: +{peak / MiB:.1f} MiB"


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
@pytest.mark.parametrize("name", ASYNC_TRANSPORTS)
@pytest.mark.anyio
async def test_an_async_bomb_costs_the_cap_plus_a_constant(name: str, coding: str) -> None:
    with bomb_server(coding) as url:
        async with async_client(url, name) as client:
            assert (await client.get_archive("a1")).id == "a1"
            start = start_tracing()
            try:
                with pytest.raises(UnexpectedResponse) as info:
                    await client.get_archive("a1")
            finally:
                peak = traced_peak(start)
    assert TOO_LARGE in str(info.value)
    assert peak < MAX_RESPONSE_BODY + SLACK, f"{name}: +{peak / MiB:.1f} MiB"


#: An archive as each coding sends it (deflate in the zlib format and raw, as some servers
#: send it), whole and in chunks.
ENCODED = {
    "gzip": gzip.compress(ARCHIVE),
    "x-gzip": gzip.compress(ARCHIVE),
    "deflate": zlib.compress(ARCHIVE),
    "deflate (raw)": zlib.compress(ARCHIVE)[2:-4],
    "gzip, two members": gzip.compress(ARCHIVE[:20]) + gzip.compress(ARCHIVE[20:]),
    "identity": ARCHIVE,
}


def encoded_answers() -> list[RawBehaviour]:
    answers = []
    for label, body in ENCODED.items():
        coding = label.split(" ")[0].rstrip(",")
        answers.append(send(sized(body, f"content-encoding: {coding}\r\n")))
        answers.append(send(chunked(200, f"content-encoding: {coding}\r\n", body, 3)))
    return answers


def test_sync_clients_decode_gzip_and_deflate_and_ask_for_them() -> None:
    answers = encoded_answers()
    for name in SYNC_TRANSPORTS:
        with serve_raw(*answers) as (url, seen), sync_client(url, name) as client:
            for _ in answers:
                assert client.get_archive("a1").id == "a1", name
        assert all(f"accept-encoding: {ACCEPT_ENCODING}".encode() in r.lower() for r in seen)


@pytest.mark.parametrize("name", ASYNC_TRANSPORTS)
@pytest.mark.anyio
async def test_async_clients_decode_gzip_and_deflate_and_ask_for_them(name: str) -> None:
    answers = encoded_answers()
    with serve_raw(*answers) as (url, seen):
        async with async_client(url, name) as client:
            for _ in answers:
                assert (await client.get_archive("a1")).id == "a1"
    # only what the core decodes: never httpx's or aiohttp's own list (br, zstd)
    assert all(f"accept-encoding: {ACCEPT_ENCODING}".encode() in r.lower() for r in seen)


UNDECODABLE = {
    "content-encoding 'br' is not supported": ("br", b"\x1b\x00\x00"),
    "content-encoding 'gzip, gzip' is not supported": ("gzip, gzip", gzip.compress(ARCHIVE)),
    "the compressed data is corrupt": ("gzip", b"\x1f\x8b\x08\x00garbage-garbage"),
    "the compressed data ends early": ("gzip", gzip.compress(ARCHIVE)[:-6]),
    "bytes follow the end of the compressed data": ("deflate", zlib.compress(ARCHIVE) + b"x"),
}


@pytest.mark.parametrize("why", list(UNDECODABLE))
@pytest.mark.anyio
async def test_an_undecodable_body_is_the_same_typed_error_in_both_clients(why: str) -> None:
    coding, body = UNDECODABLE[why]
    with serve_raw(send(sized(body, f"content-encoding: {coding}\r\n"))) as (url, _):
        with sync_client(url, "urllib3, its own pool") as sync:
            with pytest.raises(UnexpectedResponse) as sync_info:
                sync.get_archive("a1")
        async with async_client(url, "httpx, default (free lists)") as asyn:
            with pytest.raises(UnexpectedResponse) as async_info:
                await asyn.get_archive("a1")
    assert str(sync_info.value) == str(async_info.value)
    words = f"could not read the response: the body could not be decoded: {why}"
    assert words in str(sync_info.value)


def stalled(body: bytes, coding: str) -> RawBehaviour:
    """Send the headers and half of ``body`` (compressed as ``coding``), then nothing for 5 s."""

    def act(sock: socket.socket, request: bytes) -> None:
        answer = sized(body, f"content-encoding: {coding}\r\n")
        sock.sendall(answer[: len(answer) - len(body) // 2])
        time.sleep(5)

    return act


@pytest.mark.anyio
async def test_the_deadline_still_ends_a_compressed_body_that_stalls() -> None:
    body = zeros_compressed(16 * MiB, "gzip")  # half of it inflates past the cap: it is not
    timeout = Timeout(connect=2, read=2, total=0.3)  # sent, so the cap is not what stops it
    with serve_raw(stalled(body[:8000], "gzip")) as (url, _):
        for name in SYNC_TRANSPORTS:
            with sync_client(url, name, timeout=timeout) as sync:
                with pytest.raises(TransportTimeout, match="total timeout"):
                    sync.get_archive("a1")
        for name in ASYNC_TRANSPORTS:
            async with async_client(url, name, timeout=timeout) as asyn:
                with pytest.raises(TransportTimeout, match="total timeout"):
                    await asyn.get_archive("a1")


@pytest.mark.anyio
async def test_a_download_asks_for_the_files_own_bytes_and_writes_them_undecoded(
    tmp_path: Path,
) -> None:
    # An archive is written as its bytes come (MP4, exempt from the cap): never decoded, so
    # it asks for no coding; a storage that labels it gzip anyway still gets it written as is.
    data = gzip.compress(b"not an mp4, but these are the file's bytes")
    archive = Archive.from_json(
        {
            "id": "a1",
            "status": "available",
            "sessionId": "s",
            "createdAt": 0,
            "size": len(data),
            "url": "{url}/a1.mp4",
            "sha256sum": hashlib.sha256(data).hexdigest(),
        }
    )
    with serve(lambda request: Response(200, {"content-encoding": "gzip"}, data)) as (url, seen):
        at = attrs.evolve(archive, url=archive.url.format(url=url))  # type: ignore[union-attr]
        with Client(API_KEY, API_SECRET, api_url=url) as sync:
            sync.download_archive(at, tmp_path / "sync.mp4")
        async with AsyncClient(API_KEY, API_SECRET, api_url=url) as asyn:
            await asyn.download_archive(at, tmp_path / "async.mp4")
    assert [r.header("accept-encoding") for r in seen] == ["identity", "identity"]
    assert (tmp_path / "sync.mp4").read_bytes() == (tmp_path / "async.mp4").read_bytes() == data
