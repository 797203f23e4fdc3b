"""Comparison 3: async throughput, requests per second with C concurrent tasks on loopback."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import httpx
from fixtures import API_KEY, API_SECRET, ARCHIVE_ID, USER_AGENT, handrolled_auth_header
from harness import Contender, Section, interleave

from opentok_async import AsyncClient

Call = Callable[[int], Awaitable[object]]


def _driver(loop: asyncio.AbstractEventLoop, call: Call, concurrency: int) -> Contender:
    """A contender: ``concurrency`` tasks share ``n`` calls; worker ``i`` passes ``i``."""

    def run(n: int) -> float:
        remaining = n

        async def worker(i: int) -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                await call(i)

        async def all_workers() -> float:
            started = time.perf_counter()
            await asyncio.gather(*(worker(i) for i in range(concurrency)))
            return time.perf_counter() - started

        return loop.run_until_complete(all_workers())

    return run


class RawStreams:
    """The floor: one asyncio stream per task, the request written by hand, the response
    parsed just enough (status line, content-length), then json.loads."""

    def __init__(self, base: str, path: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.head = (
            f"GET {path} HTTP/1.1\r\nhost: {parts.netloc}\r\naccept: application/json\r\n"
            f"user-agent: {USER_AGENT}\r\nx-opentok-auth: "
        ).encode("ascii")
        self.streams: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def open(self, count: int) -> None:
        for _ in range(count):
            self.streams.append(await asyncio.open_connection(self.host, self.port))

    async def call(self, i: int) -> object:
        reader, writer = self.streams[i]
        writer.write(self.head + handrolled_auth_header().encode("ascii") + b"\r\n\r\n")
        head = await reader.readuntil(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 200"):
            raise RuntimeError(head[:40])
        at = head.lower().index(b"content-length:") + 15
        length = int(head[at : head.index(b"\r\n", at)])
        return json.loads(await reader.readexactly(length))

    async def close(self) -> None:
        for _, writer in self.streams:
            writer.close()


def bare_httpx(client: httpx.AsyncClient, url: str) -> Call:
    """The same request through a bare httpx.AsyncClient: mint, send, json.loads."""

    async def call(i: int) -> object:
        headers = {
            "accept": "application/json",
            "user-agent": USER_AGENT,
            "x-opentok-auth": handrolled_auth_header(),
        }
        reply = await client.get(url, headers=headers)
        return json.loads(reply.content)

    return call


def section(
    base: str,
    rounds: int,
    calls: int,
    concurrency: int = 50,
    label: str = "canned server",
    slow_calls: int | None = None,
) -> Section:
    loop = asyncio.new_event_loop()
    path = f"/v2/project/{API_KEY}/archive/{ARCHIVE_ID}"
    url = base + path
    ours = AsyncClient(API_KEY, API_SECRET, api_url=base)
    default = httpx.AsyncClient()
    tuned = httpx.AsyncClient(
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    )
    raw = RawStreams(base, path)
    loop.run_until_complete(raw.open(concurrency))

    async def ours_call(i: int) -> object:
        return await ours.get_archive(ARCHIVE_ID)

    contenders = {
        "opentok-py AsyncClient": _driver(loop, ours_call, concurrency),
        "bare httpx, default limits": _driver(loop, bare_httpx(default, url), concurrency),
        f"bare httpx, limits={concurrency}/{concurrency}": _driver(
            loop, bare_httpx(tuned, url), concurrency
        ),
        "floor: raw asyncio streams": _driver(loop, raw.call, concurrency),
    }
    counts = {name: calls for name in contenders}
    if slow_calls is not None:
        counts["bare httpx, default limits"] = slow_calls
    try:
        results = interleave(contenders, counts, rounds, throughput=True)
    finally:
        loop.run_until_complete(ours.aclose())
        loop.run_until_complete(default.aclose())
        loop.run_until_complete(tuned.aclose())
        loop.run_until_complete(raw.close())
        loop.close()
    return Section(
        f"3. async get_archive, {concurrency} concurrent tasks ({label}): requests per second",
        list(results.values()),
        "opentok-py AsyncClient",
        higher_is_better=True,
    )
