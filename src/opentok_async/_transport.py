"""The async transport port and its httpx adapter.

A transport performs one HTTP exchange: ``Request`` in, ``Response`` out. It owns pooling,
timeouts and TLS; it never builds URLs, parses JSON or touches auth. Library exceptions become
ours, chained with ``from`` (httpx's own ``map_httpcore_exceptions`` idea). The default client
neither retries (httpx transports default to ``retries=0``) nor follows redirects: the core's
retry policy alone decides.
"""

from __future__ import annotations

import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Protocol, TypeAlias

import anyio
import httpx

from opentok_core import (
    MAX_RESPONSE_BODY,
    ConnectError,
    ConnectTimeout,
    Request,
    Response,
    Timeout,
    TransportError,
    TransportTimeout,
)

if TYPE_CHECKING:
    from ._free_list import FreeLists

__all__ = ["AsyncTransport", "HttpxTransport", "Sleeper", "past_deadline", "read_body"]

#: What ``AsyncClient(sleep=...)`` takes: waits the given seconds (``anyio.sleep`` by default).
Sleeper: TypeAlias = Callable[[float], Awaitable[None]]


class AsyncTransport(Protocol):
    """What AsyncClient needs of a transport. The emulator and test fakes implement it too."""

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response: ...

    async def aclose(self) -> None: ...


class HttpxTransport:
    """Sends requests through an ``httpx.AsyncClient`` (yours, or one tuned for this SDK).

    ``max_body`` bounds how much of a response body is read (the rest is dropped and the
    Response marked ``truncated``). The attempt's ``Timeout.deadline`` bounds the whole exchange
    (a cancel scope), so a server trickling bytes cannot hold a task.

    With the default client (no ``client`` given), at most ``max_connections`` requests are in
    flight, each on a kept-alive connection; more concurrent calls wait their turn here, as
    httpx's own pool would have them wait: for at most the connect timeout (then
    ``ConnectTimeout``: nothing was sent), and the wait counts toward the deadline.
    Measured reasons (benchmarks/README.md, "why bare httpx is slow"): httpcore's pool re-checks
    every connection on every request and hands one freed connection to *every* queued request
    (all but one then retry), so its cost grows with the square of the connections in use;
    waiting on our semaphore instead keeps that pool small and never queued. Even so, its
    per-request scan cost about 70% of the client's CPU at 50 tasks (issue 17), so unless an
    environment proxy setting needs the client's routing, requests to ``http://`` and
    ``https://`` origins go on kept-alive ``httpcore.AsyncHTTPConnection`` objects taken from a
    free list per origin (``_free_list``), with the TLS context httpx would use: no pool scan,
    and no per-request cookie, auth or redirect handling, which this SDK never uses. A client
    you pass in is always used as given.
    Both flavours' defaults side by side: docs/transport.md, "The default transports".
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        max_body: int = MAX_RESPONSE_BODY,
        max_connections: int = 16,
    ) -> None:
        self._owned = client is None
        self._max_body = max_body
        self._timeouts: dict[Timeout, httpx.Timeout] = {}
        self._slots: anyio.Semaphore | None = None
        self._direct: FreeLists | None = None
        if client is not None:
            self._client = client
            return
        limits = httpx.Limits(
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            # httpx's default, stated: the sync transport replaces connections idle this long.
            keepalive_expiry=5.0,
        )
        # One TLS context for both paths: the one httpx builds by default (certifi, or the
        # SSL_CERT_FILE / SSL_CERT_DIR environment settings), verifying certificates.
        tls = httpx.create_ssl_context(verify=True, trust_env=True)
        transport = httpx.AsyncHTTPTransport(
            verify=tls, limits=limits, http1=True, http2=False, retries=0
        )
        self._client = httpx.AsyncClient(
            transport=transport, trust_env=True, follow_redirects=False
        )
        self._slots = anyio.Semaphore(max_connections)
        if not _environment_proxies():
            from ._free_list import FreeLists  # httpcore, as httpx imports it: when first used

            self._direct = FreeLists(tls, 5.0, max_connections)

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response:
        slots = self._slots
        if slots is None:
            return await self._bounded(request, timeout, timeout.deadline)
        left = timeout.deadline
        try:
            slots.acquire_nowait()
        except anyio.WouldBlock:
            left = await _wait_for(slots, request, timeout)
        try:
            return await self._bounded(request, timeout, left)
        finally:
            slots.release()

    async def _bounded(self, request: Request, timeout: Timeout, left: float | None) -> Response:
        try:
            with anyio.fail_after(left):
                return await self._exchange(request, timeout)
        except TimeoutError as exc:  # the deadline's cancel scope (httpx's own are mapped below)
            raise past_deadline(request, timeout) from exc

    async def _exchange(self, request: Request, timeout: Timeout) -> Response:
        try:
            limits = self._timeouts.get(timeout) or self._httpx_timeout(timeout)
            direct = self._direct
            if direct is not None:
                origin = direct.origin(request.url)
                if origin is not None:
                    return await direct.exchange(origin, request, limits.as_dict(), self._read)
            outgoing = self._client.build_request(
                request.method,
                request.url,
                headers=list(request.headers),
                content=request.body or None,
                timeout=limits,
            )
            reply = await self._client.send(outgoing, stream=True, follow_redirects=False)
            try:
                body, truncated = await self._read(reply.aiter_bytes())
            finally:
                await reply.aclose()
        except (httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise ConnectTimeout(f"connect timed out: {exc}", request=request) from exc
        except httpx.ConnectError as exc:
            raise ConnectError(f"could not connect: {exc}", request=request) from exc
        except httpx.TimeoutException as exc:
            raise TransportTimeout(f"timed out: {type(exc).__name__}", request=request) from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}", request=request) from exc
        return Response(reply.status_code, reply.headers.multi_items(), body, truncated)

    def _httpx_timeout(self, timeout: Timeout) -> httpx.Timeout:
        if len(self._timeouts) >= 64:  # per-call timeouts vary rarely; never grow unbounded
            self._timeouts.clear()
        # Writes wait at most the connect timeout, as urllib3 sends the request under it; the
        # pool wait is httpx's (the default client waits on its own slots, as long at most).
        value = httpx.Timeout(
            connect=timeout.connect, read=timeout.read, write=timeout.connect, pool=timeout.connect
        )
        self._timeouts[timeout] = value
        return value

    async def _read(self, stream: AsyncIterator[bytes]) -> tuple[bytes, bool]:
        return await read_body(stream, self._max_body)

    async def aclose(self) -> None:
        if self._owned:
            if self._direct is not None:
                await self._direct.aclose()
            await self._client.aclose()


async def read_body(stream: AsyncIterator[bytes], max_body: int) -> tuple[bytes, bool]:
    """The body of ``stream`` (decoded) up to ``max_body`` bytes, and whether it was cut."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in stream:
        size += len(chunk)
        if size > max_body:
            chunks.append(chunk[: len(chunk) - (size - max_body)])
            return b"".join(chunks), True
        chunks.append(chunk)
    return b"".join(chunks), False


def past_deadline(request: Request, timeout: Timeout) -> TransportTimeout:
    """The error for an attempt stopped at its ``Timeout.deadline``."""
    return TransportTimeout(
        f"the response took longer than the {timeout.deadline:g} s total timeout",
        request=request,
    )


def _environment_proxies() -> bool:
    """Whether an ``*_proxy`` environment setting may route a request (then the client's own
    routing is used, which honours it)."""
    return any(scheme != "no" for scheme in urllib.request.getproxies())


async def _wait_for(slots: anyio.Semaphore, request: Request, timeout: Timeout) -> float | None:
    """Wait for a free in-flight slot for at most the connect timeout (httpx's pool timeout)
    and the deadline; return the seconds of the deadline left, or None when there is none."""
    deadline = timeout.deadline
    bounds = [t for t in (timeout.connect, deadline) if t is not None]
    wait = min(bounds) if bounds else None
    started = anyio.current_time()
    with anyio.move_on_after(wait):
        await slots.acquire()
        return None if deadline is None else deadline - (anyio.current_time() - started)
    raise ConnectTimeout(
        f"no connection came free within {wait:g} s: all are in use", request=request
    )
