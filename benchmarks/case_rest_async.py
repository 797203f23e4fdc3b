"""Comparison 3: async throughput, requests per second with C concurrent tasks on loopback."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import aiohttp
import anyio
import httpx
import httpx_aiohttp
from fixtures import API_KEY, API_SECRET, ARCHIVE_ID, USER_AGENT, handrolled_auth_header
from harness import Contender, Section, interleave

from opentok_async import AiohttpTransport, AsyncClient, HttpxTransport
from opentok_core import MAX_RESPONSE_BODY, Request, Response, Timeout

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


def bare_aiohttp(session: aiohttp.ClientSession, url: str) -> Call:
    """The same request through a bare aiohttp.ClientSession: mint, send, json.loads."""

    async def call(i: int) -> object:
        headers = {
            "accept": "application/json",
            "user-agent": USER_AGENT,
            "x-opentok-auth": handrolled_auth_header(),
        }
        async with session.get(url, headers=headers) as reply:
            return json.loads(await reply.read())

    return call


class Pre17Transport:
    """The default async transport as it was before issue 17 (main at 88acbbf), for the ratio
    the issue asks for: 16 slots in front of httpx's AsyncHTTPTransport (httpcore's pool), an
    httpx.Request per call, the attempt's deadline as an ``anyio.fail_after`` scope, the
    converted timeouts cached per Timeout and the body read through httpx in a bounded loop.
    Benchmark-only; its error mapping is left out (it only runs when a call fails) and so is
    the wait for a slot's timeout (the harness's tasks never wait past it)."""

    def __init__(self, max_body: int = MAX_RESPONSE_BODY) -> None:
        limits = httpx.Limits(
            max_connections=16, max_keepalive_connections=16, keepalive_expiry=5.0
        )
        self._direct = httpx.AsyncHTTPTransport(limits=limits, http1=True, http2=False, retries=0)
        self._slots = anyio.Semaphore(16)
        self._timeouts: dict[Timeout, httpx.Timeout] = {}
        self._max_body = max_body

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response:
        left = timeout.deadline
        try:
            self._slots.acquire_nowait()
        except anyio.WouldBlock:
            await self._slots.acquire()
        try:
            with anyio.fail_after(left):
                return await self._exchange(request, timeout)
        finally:
            self._slots.release()

    async def _exchange(self, request: Request, timeout: Timeout) -> Response:
        limits = self._timeouts.get(timeout)
        if limits is None:
            limits = self._timeouts[timeout] = httpx.Timeout(
                connect=timeout.connect,
                read=timeout.read,
                write=timeout.connect,
                pool=timeout.connect,
            )
        outgoing = httpx.Request(
            request.method,
            request.url,
            headers=request.headers,
            content=request.body or None,
            extensions={"timeout": limits.as_dict()},
        )
        reply = await self._direct.handle_async_request(outgoing)
        try:
            chunks: list[bytes] = []
            size = 0
            truncated = False
            async for chunk in reply.aiter_bytes():
                size += len(chunk)
                if size > self._max_body:
                    chunks.append(chunk[: len(chunk) - (size - self._max_body)])
                    truncated = True
                    break
                chunks.append(chunk)
        finally:
            await reply.aclose()
        return Response(reply.status_code, reply.headers.multi_items(), b"".join(chunks), truncated)

    async def aclose(self) -> None:
        await self._direct.aclose()


def target_rows(concurrency: int) -> tuple[str, ...]:
    """The rows issue 17's two async targets compare: ours, the pre-17 default, ours on
    AiohttpTransport, bare aiohttp."""
    return (
        "opentok-py AsyncClient",
        "opentok-py AsyncClient, pre-issue-17 default",
        f"opentok-py AsyncClient, AiohttpTransport(max_connections={concurrency})",
        "bare aiohttp.ClientSession",
    )


def section(
    base: str,
    rounds: int,
    calls: int,
    concurrency: int = 50,
    label: str = "canned server",
    slow_calls: int | None = None,
    number: str = "3",
    only: tuple[str, ...] | None = None,
    title: str | None = None,
) -> Section:
    """Every contender (or those named in ``only``) at ``concurrency`` tasks, ``rounds``
    interleaved rounds of ``calls`` calls each."""
    loop = asyncio.new_event_loop()
    path = f"/v2/project/{API_KEY}/archive/{ARCHIVE_ID}"
    url = base + path
    ours = AsyncClient(API_KEY, API_SECRET, api_url=base)
    # A queued request waits in httpx's pool under its connect timeout: 5 s by default, which
    # 200 tasks on a loaded 2-core machine can exceed (a run once died of it). 60 s: the
    # baselines measure throughput, not timeouts.
    patient = httpx.Timeout(60.0)
    default = httpx.AsyncClient(timeout=patient)
    tuned = httpx.AsyncClient(
        timeout=patient,
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
    )
    raw = RawStreams(base, path)
    loop.run_until_complete(raw.open(concurrency))
    ours_aiohttp, ours_via_httpx_aiohttp, pre17, session, via = _aiohttp_contenders(
        loop, base, concurrency
    )

    async def ours_call(i: int) -> object:
        return await ours.get_archive(ARCHIVE_ID)

    def client_call(client: AsyncClient) -> Call:
        async def call(i: int) -> object:
            return await client.get_archive(ARCHIVE_ID)

        return call

    contenders = {
        "opentok-py AsyncClient": _driver(loop, ours_call, concurrency),
        f"opentok-py AsyncClient, AiohttpTransport(max_connections={concurrency})": _driver(
            loop, client_call(ours_aiohttp), concurrency
        ),
        "opentok-py AsyncClient, httpx-aiohttp's transport": _driver(
            loop, client_call(ours_via_httpx_aiohttp), concurrency
        ),
        "opentok-py AsyncClient, pre-issue-17 default": _driver(
            loop, client_call(pre17), concurrency
        ),
        "bare aiohttp.ClientSession": _driver(loop, bare_aiohttp(session, url), concurrency),
        "bare httpx, default limits": _driver(loop, bare_httpx(default, url), concurrency),
        f"bare httpx, limits={concurrency}/{concurrency}": _driver(
            loop, bare_httpx(tuned, url), concurrency
        ),
        "floor: raw asyncio streams": _driver(loop, raw.call, concurrency),
    }
    if only is not None:
        contenders = {name: contenders[name] for name in only}
    counts = {name: calls for name in contenders}
    if slow_calls is not None:
        # httpcore's pool scan grows with the square of its connections: the bare httpx rows
        # are the slowest by far (their rate needs no more calls to be read).
        tuned_row = f"bare httpx, limits={concurrency}/{concurrency}"
        for name in ("bare httpx, default limits", tuned_row):
            if name in counts:
                counts[name] = slow_calls
    try:
        results = interleave(contenders, counts, rounds, throughput=True)
    finally:
        for client in (ours_aiohttp, ours_via_httpx_aiohttp, pre17):
            loop.run_until_complete(client.aclose())
        loop.run_until_complete(session.close())
        loop.run_until_complete(via.aclose())
        loop.run_until_complete(ours.aclose())
        loop.run_until_complete(default.aclose())
        loop.run_until_complete(tuned.aclose())
        loop.run_until_complete(raw.close())
        loop.close()
    return Section(
        title
        or f"{number}. async get_archive, {concurrency} concurrent tasks ({label}): "
        "requests per second",
        list(results.values()),
        "opentok-py AsyncClient",
        higher_is_better=True,
    )


def _aiohttp_contenders(
    loop: asyncio.AbstractEventLoop, base: str, concurrency: int
) -> tuple[AsyncClient, AsyncClient, AsyncClient, aiohttp.ClientSession, httpx.AsyncClient]:
    """Issue 17's rows: our client on AiohttpTransport, on httpx-aiohttp's transport (what
    openai-python's DefaultAioHttpClient uses) and on the pre-17 default; bare aiohttp."""

    def make_session() -> aiohttp.ClientSession:
        return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency))

    async def sessions() -> tuple[aiohttp.ClientSession, httpx.AsyncClient]:
        via = httpx.AsyncClient(transport=httpx_aiohttp.AiohttpTransport(client=make_session))
        return make_session(), via

    session, via = loop.run_until_complete(sessions())
    clients = (
        # As many connections as the bare session's connector allows (limit=concurrency):
        # the same pool size on both sides of the comparison.
        AsyncClient(
            API_KEY,
            API_SECRET,
            api_url=base,
            transport=AiohttpTransport(max_connections=concurrency),
        ),
        AsyncClient(API_KEY, API_SECRET, api_url=base, transport=HttpxTransport(via)),
        AsyncClient(API_KEY, API_SECRET, api_url=base, transport=Pre17Transport()),
    )
    return (*clients, session, via)
