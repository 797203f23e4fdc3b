"""Kept-alive ``httpcore.AsyncHTTPConnection`` objects, one free list per origin.

The default ``HttpxTransport``'s fast path. httpcore's ``AsyncConnectionPool`` re-scans every
connection it holds on each request (``_assign_requests_to_connections``, with one
``has_expired`` per connection, each an anyio ``extra_attributes`` lookup): measured at about
70% of the client's CPU per request at 50 tasks (issue 17). Here a request pops the most
recently used connection of its origin, checks that one connection's expiry once, and pushes
it back when its answer was read to the end. The bound on connections in flight stays where it
was, on the transport's semaphore, so no waiting or queueing happens here.

Only httpcore's public API is used (``AsyncHTTPConnection``, ``Request``, ``Origin``,
``is_available``, ``has_expired``). A connection whose answer was not read to its end (a cut
body, an error, a cancelled task) is closed by httpcore as its response closes, and is never
pushed back: ``is_available`` is true only for an idle HTTP/1.1 connection.
"""

from __future__ import annotations

import asyncio
import os
import ssl

import anyio
import httpcore

__all__ = ["FreeLists"]


class FreeLists:
    """Idle connections per origin, at most ``keep`` of each; forgotten in a forked child or
    another asyncio event loop (where they cannot be used, nor closed without harm: closing a
    TLS connection would send the parent's peer a close alert), so the garbage collector closes
    their descriptors in this process alone.

    The caller sends its request on what ``checkout`` gives it, reads and closes the answer,
    then hands the connection to ``put_back``, whatever happened (in a ``finally``).
    """

    def __init__(self, ssl_context: ssl.SSLContext, keepalive_expiry: float, keep: int) -> None:
        self._ssl_context = ssl_context
        self._expiry = keepalive_expiry
        self._keep = keep
        # httpcore's Origin is not hashable: keyed by its three parts.
        self._free: dict[tuple[bytes, bytes, int], list[httpcore.AsyncHTTPConnection]] = {}
        self._owner = _owner()

    async def checkout(self, origin: httpcore.Origin) -> httpcore.AsyncHTTPConnection:
        """The most recently used idle connection to ``origin`` that has not expired, or a new
        (not yet connected) one."""
        owner = _owner()
        if owner != self._owner:
            # A forked child shares its parent's sockets: using one would mix two processes'
            # bytes on one stream. Another event loop cannot drive the old one's.
            self._free = {}
            self._owner = owner
        free = self._free.get((origin.scheme, origin.host, origin.port))
        while free:
            connection = free.pop()
            if connection.is_available() and not connection.has_expired():
                return connection
            with anyio.CancelScope(shield=True):
                await connection.aclose()
        return httpcore.AsyncHTTPConnection(
            origin, ssl_context=self._ssl_context, keepalive_expiry=self._expiry
        )

    async def put_back(
        self, origin: httpcore.Origin, connection: httpcore.AsyncHTTPConnection
    ) -> None:
        """Keep ``connection`` (checked out for ``origin``) for the next request there if it is
        idle, its last answer read to the end; else close it."""
        if _owner() != self._owner:
            return  # made by the parent process or another loop: forgotten, as in ``checkout``
        if not connection.is_available():
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


def _owner() -> tuple[int, object]:
    """This process and its running asyncio loop (None under trio, whose sockets belong to no
    loop): what the kept connections belong to."""
    try:
        loop: object = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    return os.getpid(), loop
