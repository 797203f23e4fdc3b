"""The async transport port and its httpx adapter.

A transport performs one HTTP exchange: ``Request`` in, ``Response`` out. It owns pooling,
timeouts and TLS; it never builds URLs, parses JSON or touches auth. Library exceptions become
ours, chained with ``from`` (httpx's own ``map_httpcore_exceptions`` idea). The default client
neither retries (httpx transports default to ``retries=0``) nor follows redirects: the core's
retry policy alone decides.
"""

from __future__ import annotations

import math
import os
import ssl
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable
from time import monotonic
from typing import TYPE_CHECKING, Protocol, TypeAlias

import anyio
import httpx

from opentok_core import (
    ACCEPT_ENCODING,
    MAX_RESPONSE_BODY,
    BodyReader,
    Failure,
    OpenTokError,
    Request,
    Response,
    Timeout,
    TransportError,
    causes,
    forget_secrets,
    refuse_connection_settings,
    transport_failure,
)

from ._loops import describe_loop, running_loop

if TYPE_CHECKING:
    from ._free_list import FreeLists

__all__ = [
    "AsyncTransport",
    "HttpxTransport",
    "Sleeper",
    "past_deadline",
    "read_body",
    "with_accept_encoding",
]

#: What ``AsyncClient(sleep=...)`` takes: waits the given seconds (``anyio.sleep`` by default).
Sleeper: TypeAlias = Callable[[float], Awaitable[None]]


class AsyncTransport(Protocol):
    """What AsyncClient needs of a transport. The emulator and test fakes implement it too."""

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response: ...

    async def aclose(self) -> None: ...


class HttpxTransport:
    """Sends requests through an ``httpx.AsyncClient`` (yours, or one tuned for this SDK).

    ``max_body`` bounds how much of a response body is read, decoded (the rest is dropped and
    the Response marked ``truncated``): httpx hands over the raw bytes (``aiter_raw``, with
    your client too), which the core's ``BodyReader`` inflates at most that far, so a
    compressed body costs no more memory whatever its ratio (``Accept-Encoding: gzip,
    deflate``, what it decodes, in place of httpx's own, which names brotli and zstd when
    they are installed). The attempt's ``Timeout.deadline`` bounds the whole exchange
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
    ``https://`` origins go on kept-alive HTTP/1.1 connections (h11 over httpcore's network
    stream, ``_http11``) taken from a free list per origin (``_free_list``), with the TLS
    context httpx would use: no pool scan, no per-request lock or tracing, and no cookie, auth
    or redirect handling, which this SDK never uses. A client you pass in is always used as
    given.
    Both flavours' defaults side by side: docs/transport.md, "The default transports".

    Event loops and processes: connections belong to the event loop that opened them, and
    after a fork to the parent too. The default client's connections are used only in the
    loop and process that opened them: in another (a second ``asyncio.run``, a forked child's
    loop) it opens fresh ones there. A loop that ended with the transport still open leaves its
    connections to the garbage collector (they cannot be closed from another loop without
    writing to sockets it does not own): ``aclose()`` in each loop to release them at once. An
    ``httpx.AsyncClient`` you pass in is yours to make per loop: used from another loop or
    process than its first, the call raises an OpenTokError naming both.
    """

    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        max_body: int = MAX_RESPONSE_BODY,
        max_connections: int = 16,
        verify: bool | ssl.SSLContext = True,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        self._owned = client is None
        self._proxy = proxy
        self._trust_env = trust_env
        self._max_body = max_body
        self._max_connections = max_connections
        self._timeouts: dict[Timeout, httpx.Timeout] = {}
        self._slots: anyio.Semaphore | None = None
        self._direct: FreeLists | None = None
        # The event loop and process the client's connections belong to (None: not used yet).
        self._loop: object = None
        self._pid = os.getpid()
        if client is not None:
            refuse_connection_settings(
                "client",
                "keeps its own TLS and proxy settings: verify=, proxy= and "
                "trust_env= are for the transport's own client",
                verify,
                proxy,
                trust_env,
            )
            self._client = client
            return
        # One TLS context for both paths: yours, or the one httpx builds (certifi, or the
        # SSL_CERT_FILE / SSL_CERT_DIR environment settings with trust_env).
        self._tls = tls = (
            verify
            if isinstance(verify, ssl.SSLContext)
            else httpx.create_ssl_context(verify=verify, trust_env=trust_env)
        )
        self._client = self._new_client()
        self._slots = anyio.Semaphore(max_connections)
        if proxy is None and not (trust_env and _environment_proxies()):
            from ._free_list import FreeLists  # httpcore, as httpx imports it: when first used

            self._direct = FreeLists(tls, 5.0, max_connections)

    def _new_client(self) -> httpx.AsyncClient:
        """The general path's client (proxies, other schemes), for one loop and process."""
        limits = httpx.Limits(
            max_connections=self._max_connections,
            max_keepalive_connections=self._max_connections,
            # httpx's default, stated: the sync transport replaces connections idle this long.
            keepalive_expiry=5.0,
        )
        # No transport= given: httpx then builds its transports itself (retries=0, its
        # default), the environment proxies' ones included, which a given transport disables.
        return httpx.AsyncClient(
            verify=self._tls,
            limits=limits,
            http1=True,
            http2=False,
            proxy=self._proxy,
            trust_env=self._trust_env and self._proxy is None,
            follow_redirects=False,
        )

    def _client_here(self, request: Request) -> httpx.AsyncClient:
        """The general path's client, its connections this loop's and this process's: ours
        is made afresh in a new one (the old one's are never closed from here: that would
        write to sockets this loop does not own, a TLS close alert on the parent's session);
        yours is refused there, naming both loops."""
        loop = running_loop()
        if loop is self._loop and self._pid == os.getpid():
            return self._client
        if self._loop is not None or self._pid != os.getpid():
            if not self._owned:
                raise OpenTokError(
                    f"{request.operation}: the httpx.AsyncClient given to HttpxTransport was "
                    f"first used in event loop {describe_loop(self._loop)} of process "
                    f"{self._pid}, and this call runs in event loop {describe_loop(loop)} of "
                    f"process {os.getpid()}: an httpx client's connections belong to one loop; "
                    "make one per event loop, or let HttpxTransport make its own (it opens "
                    "fresh connections in each loop)",
                    attempts=request.attempt,
                )
            self._client = self._new_client()
        self._loop, self._pid = loop, os.getpid()
        return self._client

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response:
        started = monotonic()
        slots = self._slots
        if slots is None:
            return await self._bounded(request, timeout, started)
        try:
            slots.acquire_nowait()
        except anyio.WouldBlock:
            return await self._queued(slots, request, timeout, started)
        try:
            return await self._bounded(request, timeout, started)
        finally:
            slots.release()

    async def _bounded(self, request: Request, timeout: Timeout, started: float) -> Response:
        """The exchange within the attempt's ``Timeout.deadline``."""
        deadline = timeout.deadline
        if deadline is None:
            return await self._exchange(request, timeout, started)
        # A bare cancel scope, not anyio.fail_after (two context-manager generators and three
        # backend lookups around the same scope: ~7 µs a request, issue 17's profile). Leaving
        # the block without its return means the deadline cancelled the exchange; httpx's own
        # timeouts are mapped in _exchange.
        with anyio.CancelScope(deadline=anyio.current_time() + deadline):
            return await self._exchange(request, timeout, started)
        raise _past(request, timeout, started)

    async def _queued(
        self, slots: anyio.Semaphore, request: Request, timeout: Timeout, started: float
    ) -> Response:
        """Wait for a free in-flight slot for at most the connect timeout (httpx's pool
        timeout) and never past the deadline, then the exchange within the deadline. One
        cancel scope serves both: its deadline moves from the wait's bound to the attempt's
        once the slot is ours (a second scope per waiting call cost as much again)."""
        deadline = timeout.deadline
        bounds = [t for t in (timeout.connect, deadline) if t is not None]
        wait = min(bounds) if bounds else None
        now = anyio.current_time()
        waiting = True
        with anyio.CancelScope(deadline=math.inf if wait is None else now + wait) as scope:
            await slots.acquire()
            waiting = False
            try:
                scope.deadline = math.inf if deadline is None else now + deadline
                return await self._exchange(request, timeout, started)
            finally:
                slots.release()
        if waiting:
            seconds = monotonic() - started
            raise transport_failure("pool_full", request, seconds=seconds, limit=wait)
        raise _past(request, timeout, started)

    async def _exchange(self, request: Request, timeout: Timeout, started: float) -> Response:
        try:
            limits = self._timeouts.get(timeout) or self._httpx_timeout(timeout)
            direct = self._direct
            if direct is not None:
                origin = direct.origin(request.url)
                if origin is not None:
                    return await direct.exchange(origin, request, limits, self._max_body)
            client = self._client_here(request)
            outgoing = client.build_request(
                request.method,
                request.url,
                headers=with_accept_encoding(request),
                content=request.body or None,
                timeout=limits,
            )
            reply = await client.send(outgoing, stream=True, follow_redirects=False)
            try:
                if reply.is_stream_consumed:  # read before it reached us (httpx.MockTransport's
                    body = BodyReader(None, self._max_body)  # from bytes): decoded by httpx
                    body.feed(reply.content)
                else:
                    body = BodyReader(reply.headers.get("content-encoding"), self._max_body)
                    await read_body(reply.aiter_raw(), body)
            finally:
                await reply.aclose()
        except httpx.HTTPError as exc:
            forget_secrets(exc, request.headers)  # what httpx, httpcore and h11 made of them
            kind, limit = _kind(exc, timeout)
            proxy = self._proxy_for(request.url)
            if proxy is not None and kind == "connect":
                kind = "proxy"  # httpx says ConnectError when the proxy is unreachable
            raise transport_failure(
                kind,
                request,
                seconds=monotonic() - started,
                cause=exc,
                reason=_reason(exc),
                limit=limit,
                proxy=proxy,
            ) from exc
        return body.response(reply.status_code, reply.headers.multi_items())

    def _proxy_for(self, url: str) -> str | None:
        """The proxy our own client sends ``url`` through, if any (for error messages)."""
        if not self._owned:
            return None
        if self._proxy is not None or not self._trust_env:
            return self._proxy
        proxies = urllib.request.getproxies_environment()
        scheme, _, rest = url.partition("://")
        bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
        proxy = proxies.get(scheme) or proxies.get("all")
        return proxy if proxy and not bypass(rest.split("/", 1)[0], proxies) else None

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

    async def aclose(self) -> None:
        if self._owned:
            if self._direct is not None:
                await self._direct.aclose()
            if self._loop in (None, running_loop()) and self._pid == os.getpid():
                await self._client.aclose()
            # else: another loop's or the parent's connections, not to be closed from here


async def read_body(stream: AsyncIterator[bytes], body: BodyReader) -> bool:
    """Feed ``body`` the raw chunks of ``stream``; whether they were read to their end (not
    stopped past its ``max_body``, or at bytes it cannot decode)."""
    async for chunk in stream:
        if body.feed(chunk):
            return False
    return True


def with_accept_encoding(request: Request) -> list[tuple[str, str]]:
    """``request``'s headers, with ``Accept-Encoding`` naming the codings ``BodyReader``
    undoes unless the request names its own."""
    headers = list(request.headers)
    if request.header("accept-encoding") is None:
        headers.append(("accept-encoding", ACCEPT_ENCODING))
    return headers


def past_deadline(request: Request, timeout: Timeout, started: float) -> TransportError:
    """The error for an attempt begun at ``started`` (``monotonic()``) and stopped at its
    ``Timeout.deadline``."""
    return transport_failure(
        "deadline", request, seconds=monotonic() - started, limit=timeout.deadline
    )


def _past(request: Request, timeout: Timeout, started: float) -> TransportError:
    """``past_deadline`` for the deadline's cancel scope, chained from a TimeoutError as
    ``anyio.fail_after`` raised one."""
    error = past_deadline(request, timeout, started)
    error.__cause__ = TimeoutError(f"cancelled at the {timeout.deadline:g} s deadline")
    return error


def _environment_proxies() -> bool:
    """Whether an ``*_proxy`` environment setting may route a request (then the client's own
    routing is used, which honours it)."""
    return any(scheme != "no" for scheme in urllib.request.getproxies())


def _kind(exc: httpx.HTTPError, timeout: Timeout) -> tuple[Failure, float | None]:
    """What ``exc`` (httpx's) says went wrong, and the timeout that ran out, if one did."""
    if isinstance(exc, httpx.ProxyError):
        return "proxy", None
    if isinstance(exc, httpx.ConnectError) and any(
        isinstance(cause, ssl.SSLError) for cause in causes(exc)
    ):
        return "tls", None
    if isinstance(exc, httpx.ConnectTimeout):
        return "connect_timeout", timeout.connect
    if isinstance(exc, httpx.PoolTimeout):
        return "pool_full", timeout.connect
    if isinstance(exc, httpx.ConnectError):
        return "connect", None
    if isinstance(exc, httpx.ReadTimeout):
        return "read_timeout", timeout.read
    if isinstance(exc, httpx.TimeoutException):  # a write timeout: bounded by the connect one
        return "read_timeout", timeout.connect
    return "exchange", None


def _reason(exc: BaseException) -> str | None:
    """Our words for a failure the OS gives none for (the server hung up, the answer was not
    HTTP); None leaves it to the OS's or TLS library's words."""
    for error in causes(exc):
        if isinstance(error, OSError) and error.errno is not None:
            return None
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc).lower()
        # h11's words for a cut body also say "without sending": the cut is asked first.
        if "peer closed" in text or "incomplete" in text or "unexpectedly closed" in text:
            return "the connection closed before the whole answer arrived"
        if "without sending" in text or "disconnected" in text:
            return "the server closed the connection without answering"
        return "the answer is not HTTP/1.1"
    return None
