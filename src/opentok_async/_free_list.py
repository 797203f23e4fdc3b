"""Kept-alive HTTP/1.1 connections (``_http11.Connection``), one free list per origin.

The default ``HttpxTransport``'s fast path (imported when one is built, as httpx imports
httpcore). httpcore's ``AsyncConnectionPool`` re-scans every connection it holds on each
request (``_assign_requests_to_connections``, with one ``has_expired`` per connection, each an
anyio ``extra_attributes`` lookup): measured at about 70% of the client's CPU per request at
50 tasks (issue 17). Here a request pops the most recently used connection of its origin,
checks that one connection's expiry once, and pushes it back when its answer was read to the
end. The bound on connections in flight stays where it was, on the transport's semaphore, so
no waiting or queueing happens here.

The stream is opened through httpcore's public network backends (``AnyIOBackend`` /
``TrioBackend``) as ``AsyncHTTPConnection`` opens it (TCP, then TLS for https, ALPN http/1.1,
no connect retries), and h11 is driven over it by ``_http11.Connection``, not by httpcore's
``AsyncHTTP11Connection``, whose lock and tracing around every request (needless for a
connection one task holds) were most of what httpcore still cost per request (issue 17).
A connection whose answer was not read to its end (a cut body, an error, a cancelled task),
or may not be followed by another (``Connection: close``, HTTP/1.0), is not idle: it is closed
here, never pushed back. httpcore's errors (the stream's, and h11's as httpcore names them)
come out as httpx's.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from functools import partial
from typing import TypeAlias
from urllib.parse import urlsplit

import anyio
import httpcore
import httpx
import sniffio

from opentok_core import ACCEPT_ENCODING, BodyReader, DeferredHeaders, Request, Response

from ._http11 import Connection

__all__ = ["FreeLists", "Origin"]

#: Where a request goes: httpcore's origin and the Host header for it.
Origin: TypeAlias = tuple[httpcore.Origin, bytes]

#: The codings the core's BodyReader undoes, asked for as the general path asks for them.
_ACCEPT_ENCODING = (b"accept-encoding", ACCEPT_ENCODING.encode("ascii"))

#: Methods httpx sends a ``content-length: 0`` for when they have no body.
_SIZED_METHODS = frozenset({"POST", "PUT", "PATCH"})

#: httpcore's errors, raised as httpx's own of the same name, as httpx does
#: (``map_httpcore_exceptions``): the transport then maps both paths' errors alike.
_HTTPCORE_ERRORS = (
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.ProxyError,
    httpcore.UnsupportedProtocol,
)


class FreeLists:
    """Idle connections per origin, at most ``keep`` of each; forgotten in a forked child or
    another asyncio event loop (where they cannot be used, nor closed without harm: closing a
    TLS connection would send the parent's peer a close alert), so the garbage collector closes
    their descriptors in this process alone.
    """

    def __init__(self, ssl_context: ssl.SSLContext, keepalive_expiry: float, keep: int) -> None:
        self._ssl_context = ssl_context
        self._expiry = keepalive_expiry
        self._keep = keep
        # httpcore's Origin is not hashable: keyed by its three parts.
        self._free: dict[tuple[bytes, bytes, int], list[Connection]] = {}
        self._origins: dict[str, Origin | None] = {}
        self._owner = _owner()

    def origin(self, url: str) -> Origin | None:
        """Where ``url`` goes, or None for one these lists do not serve (not http:// or
        https://, or with user info): the client's general path takes those."""
        prefix = url[: _origin_end(url)]
        if prefix in self._origins:
            return self._origins[prefix]
        if len(self._origins) >= 64:  # remembered per scheme://host:port, bounded
            self._origins.clear()
        parts = urlsplit(prefix)
        found: Origin | None = None
        if parts.scheme in ("http", "https") and parts.hostname and "@" not in parts.netloc:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            where = httpcore.Origin(parts.scheme.encode(), parts.hostname.encode("ascii"), port)
            found = (where, parts.netloc.encode("ascii"))
        self._origins[prefix] = found
        return found

    async def exchange(
        self, origin: Origin, request: Request, timeouts: httpx.Timeout, max_body: int
    ) -> Response:
        """Send ``request`` to ``origin`` on a free connection (or a new one): what httpx would
        send (host and content-length added, and the transports' ``Accept-Encoding``); the
        raw body decoded by a ``BodyReader`` up to ``max_body`` bytes (the connection is not
        reused past it). httpcore's errors come out as httpx's."""
        where, host = origin
        body = request.body
        headers = [(b"host", host)]
        headers += [(k.encode("ascii"), v.encode("ascii")) for k, v in request.headers]
        if request.header("accept-encoding") is None:
            headers.append(_ACCEPT_ENCODING)
        if body or request.method in _SIZED_METHODS:
            headers.append((b"content-length", str(len(body)).encode("ascii")))
        url = request.url
        target = url[_origin_end(url) :].encode("ascii") or b"/"
        try:
            connection = await self._checkout(where, timeouts.connect)
        except _HTTPCORE_ERRORS as exc:
            raise _as_httpx(exc) from exc
        read = timeouts.read
        try:
            status, raw = await connection.request(
                request.method.encode("ascii"), target, headers, body, timeouts.write, read
            )
            content = BodyReader(_coding(raw), max_body)
            # the raw bytes; a cut one's connection is left unusable, and closed below
            await connection.receive(content.feed, read)
        except _HTTPCORE_ERRORS as exc:
            raise _as_httpx(exc) from exc
        finally:
            await self._put_back(where, connection)
        # decoded only when the Response's headers are first read, as the sync transport's
        return content.response(status, DeferredHeaders(partial(_decoded, raw)))

    async def _checkout(self, origin: httpcore.Origin, connect_timeout: float | None) -> Connection:
        """The most recently used idle connection to ``origin`` that has not expired, or a new
        one, connected within ``connect_timeout`` (TCP and TLS each, as httpcore bounds them)."""
        owner = _owner()
        if owner != self._owner:
            # A forked child shares its parent's sockets: using one would mix two processes'
            # bytes on one stream. Another event loop cannot drive the old one's.
            self._free = {}
            self._owner = owner
        free = self._free.get((origin.scheme, origin.host, origin.port))
        while free:
            connection = free.pop()
            if connection.reusable():
                return connection
            with anyio.CancelScope(shield=True):
                await connection.aclose()
        host = origin.host.decode("ascii")
        stream = await _backend().connect_tcp(host, origin.port, timeout=connect_timeout)
        if origin.scheme == b"https":
            self._ssl_context.set_alpn_protocols(["http/1.1"])  # as httpcore sets it, HTTP/1.1
            stream = await stream.start_tls(
                self._ssl_context, server_hostname=host, timeout=connect_timeout
            )
        return Connection(stream, self._expiry)

    async def _put_back(self, origin: httpcore.Origin, connection: Connection) -> None:
        """Keep ``connection`` (checked out for ``origin``) for the next request there if it is
        idle, its last answer read to the end; else close it."""
        if _owner() != self._owner:
            return  # made by the parent process or another loop: forgotten, as in _checkout
        if not connection.idle:
            with anyio.CancelScope(shield=True):  # closed even while the task is cancelled
                await connection.aclose()
            return
        free = self._free.setdefault((origin.scheme, origin.host, origin.port), [])
        if len(free) >= self._keep:
            await connection.aclose()
            return
        free.append(connection)

    async def aclose(self) -> None:
        """Close every idle connection (only forget them in another process or loop)."""
        free, self._free = self._free, {}
        if _owner() != self._owner:
            return
        for connections in free.values():
            for connection in connections:
                await connection.aclose()


def _backend() -> httpcore.AsyncNetworkBackend:
    """httpcore's network backend for the running library (what its ``AutoBackend`` picks)."""
    if sniffio.current_async_library() == "trio":
        return httpcore.TrioBackend()
    return httpcore.AnyIOBackend()


def _owner() -> tuple[int, object]:
    """This process and its running asyncio loop (None under trio, whose sockets belong to no
    loop): what the kept connections belong to."""
    try:
        loop: object = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    return os.getpid(), loop


def _decoded(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    """An answer's headers as ``httpx.Headers(raw).multi_items()`` gives them (names lower
    case), without building one when they are ASCII, as an API's are; others go through
    httpx, which picks their charset. Run when the Response's headers are first read."""
    try:
        return [(k.decode("ascii").lower(), v.decode("ascii")) for k, v in raw]
    except UnicodeDecodeError:
        return httpx.Headers(raw).multi_items()


def _coding(raw: list[tuple[bytes, bytes]]) -> str | None:
    """The answer's content-encoding, as ``httpx.Headers(raw).get`` gives it (several joined),
    read from the raw headers without decoding the others: ASCII, as a coding is, it reads
    the same in every charset httpx may pick; else httpx picks it."""
    codings = [v for k, v in raw if len(k) == 16 and k.lower() == b"content-encoding"]
    if not codings:
        return None
    try:
        return b", ".join(codings).decode("ascii")
    except UnicodeDecodeError:
        coding: str = httpx.Headers(raw)["content-encoding"]  # present: found above
        return coding


def _origin_end(url: str) -> int:
    """Where ``url``'s scheme://host:port ends (the path's first slash, or the end)."""
    at = url.find("/", url.find("//") + 2)
    return len(url) if at < 0 else at


def _as_httpx(exc: Exception) -> httpx.TransportError:
    """httpx's exception named as httpcore's ``exc`` (its message kept)."""
    kind = getattr(httpx, type(exc).__name__, None)
    if not (isinstance(kind, type) and issubclass(kind, httpx.TransportError)):
        kind = httpx.TransportError
    return kind(str(exc))
