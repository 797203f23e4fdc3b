"""The sync transport's own pool: kept-alive connections (``_http11.Connection``), one free
list per origin.

``Urllib3Transport``'s fast path, for its own pool when no proxy is involved (issue 17). A
request pops its origin's most recently used idle connection, checks that one connection (the
server has not dropped it, it has not sat idle past ``IDLE_EXPIRY``), and pushes it back once
its answer was read to the end; any other (a cut or capped body, an error, the deadline) is
closed. ``HTTPConnectionPool.urlopen``'s per-request ``Retry``, ``Timeout`` copy, queue lock and
bookkeeping cost more client CPU than everything of ours above them, and are not needed for a
connection one thread holds.

The origin's connections are still those of the pool the transport's ``PoolManager`` builds for
it: its host and port, its connection class (verified or not) and the TLS settings the manager
was given. Idle connections are closed by ``clear()``, and when an origin is garbage collected
(a transport never closed), as urllib3's pools close theirs.
"""

from __future__ import annotations

import collections
import contextlib
import weakref
from collections.abc import Mapping
from typing import Any

import urllib3
from urllib3.poolmanager import SSL_KEYWORDS

from ._deadline import DeadlineConnection
from ._http11 import Connection

__all__ = ["FreeLists", "Origin"]


class Origin:
    """One scheme://host:port: the manager's pool for it (its identity in urllib3's errors,
    its scheme, host, port and connection class) and the idle connections kept for it."""

    __slots__ = ("__weakref__", "_options", "close", "free", "host", "pool")

    def __init__(self, pool: urllib3.HTTPConnectionPool, options: Mapping[str, Any]) -> None:
        self.pool = pool
        # The TLS settings the manager's https pools pass their connections; none for http.
        self._options = options if pool.scheme == "https" else {}
        #: The Host header, as http.client writes it: the port only if not the default one.
        self.host = _host_header(pool)
        #: Idle connections, the most recently used last (append and pop are atomic).
        self.free: collections.deque[Connection] = collections.deque()
        #: Closes the idle connections: called by ``FreeLists.clear``, else when this origin is
        #: garbage collected (a transport never closed), as urllib3's pools close theirs.
        self.close = weakref.finalize(self, _close_all, self.free)

    def checkout(self) -> Connection:
        """The most recently used idle connection (closed first, to connect afresh, when the
        server dropped it or it sat idle too long), or a new unconnected one."""
        try:
            connection = self.free.pop()
        except IndexError:
            pool = self.pool
            made: DeadlineConnection = pool.ConnectionCls(  # type: ignore[assignment]
                host=pool.host, port=pool.port, **self._options
            )
            return Connection(made)
        if not connection.usable():
            connection.close()
        return connection


class FreeLists:
    """Idle connections per origin, at most ``keep`` of each, for the manager ``manager``:
    its pools give each origin its host, port and connection class, and its TLS keywords
    (``connection_pool_kw``) are what its https pools give their connections."""

    def __init__(self, manager: urllib3.PoolManager, keep: int) -> None:
        self._manager = manager
        self._options = {k: v for k, v in manager.connection_pool_kw.items() if k in SSL_KEYWORDS}
        self._keep = keep
        self._origins: dict[str, Origin] = {}

    def origin(self, prefix: str) -> Origin:
        """The origin of ``prefix`` (scheme://host:port), remembered: at most 10, the manager's
        own number of pools; past that the one remembered first is closed and forgotten."""
        found = self._origins.get(prefix)
        if found is None:
            if len(self._origins) >= 10:
                # Another thread may change the dict meanwhile: then it did the eviction.
                with contextlib.suppress(StopIteration, KeyError, RuntimeError):
                    self._origins.pop(next(iter(self._origins))).close()
            found = self._origins[prefix] = Origin(
                self._manager.connection_from_url(prefix), self._options
            )
        return found

    def put_back(self, origin: Origin, connection: Connection) -> None:
        """Keep ``connection`` for the next request to ``origin`` if its answer was read to the
        end and it may carry another; else close it (also when ``keep`` are idle already, or
        the origin was cleared meanwhile)."""
        if not connection.idle or len(origin.free) >= self._keep or not origin.close.alive:
            connection.close()
            return
        origin.free.append(connection)
        if not origin.close.alive:  # cleared meanwhile, by another thread: close what it missed
            _close_all(origin.free)

    def clear(self) -> None:
        """Close every idle connection and forget every origin (in a forked child: closing
        the child's copies of the sockets sends nothing, so the parent's are left alone)."""
        origins, self._origins = self._origins, {}
        for origin in origins.values():
            origin.close()


def _host_header(pool: urllib3.HTTPConnectionPool) -> bytes:
    """What http.client writes as the Host of a request through ``pool``'s connections."""
    host = pool.host.rstrip(".")  # as urllib3's HTTPConnection.host gives it
    try:
        name = host.encode("ascii")
    except UnicodeEncodeError:
        name = host.encode("idna")
    if ":" in host:  # an IPv6 address
        name = b"[" + name + b"]"
    default = 443 if pool.scheme == "https" else 80
    return name if pool.port in (None, default) else b"%s:%d" % (name, pool.port)


def _close_all(free: collections.deque[Connection]) -> None:
    """Close the connections in ``free``, emptying it."""
    while True:
        try:
            connection = free.pop()
        except IndexError:
            return
        connection.close()
