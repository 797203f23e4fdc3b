"""The sync transport's own pool: kept-alive ``DeadlineConnection``s, one free list per origin.

``Urllib3Transport``'s fast path, for its own pool when no proxy is involved (issue 17). A
request pops its origin's most recently used idle connection and drives it through urllib3's
public connection API (``connect``, ``request``, ``getresponse``), doing what
``HTTPConnectionPool.urlopen`` does for a request with retries and redirects off, and nothing
more: the pool's per-request ``Retry``, ``Timeout`` clone, queue lock and ``_make_request``
bookkeeping were about a sixth of a call's client CPU, more than everything of ours above them.

Kept as ``urlopen`` does it, so both paths fail alike:
- the origin's pool is still the one the transport's ``PoolManager`` builds: its host and port,
  its connection class (verified or not), and the TLS settings the manager was given;
- a kept connection that the server dropped, or that sat idle past ``IDLE_EXPIRY``, is closed
  and connects afresh (``is_connected``);
- an https connection is connected before the request is written, and an unverified one warns
  as urllib3 does; a broken pipe or reset while writing is passed over, so that an answer the
  server sent before hanging up is still read;
- errors come out as ``urlopen`` raises them with retries off: urllib3's own as they are, a
  socket timeout as ``ReadTimeoutError``, a TLS error as ``SSLError``, any other OS or
  http.client error as ``ProtocolError("Connection aborted.", error)``.

Nothing is retried or resent. A connection goes back only once its answer was read to the end
(``put_back``); any other (a cut or capped body, an error, the deadline) is closed.
"""

from __future__ import annotations

import collections
import errno
import http.client
import ssl
import warnings
import weakref
from typing import Any

import urllib3
from urllib3 import exceptions as u3

from ._deadline import DeadlineConnection

__all__ = ["FreeLists", "Origin"]

#: The errnos of a read that would block: urllib3 reports them as a read timeout.
_BLOCKING = frozenset({errno.EAGAIN, errno.EWOULDBLOCK})
#: Errors while writing that urlopen passes over, to read what the server answered anyway.
_WRITE_ERRNOS = frozenset({errno.EPROTOTYPE, errno.ECONNRESET})


class Origin:
    """One scheme://host:port: the manager's pool for it (its identity in urllib3's errors,
    its host, port and connection class) and the idle connections kept for it."""

    __slots__ = ("__weakref__", "_options", "close", "free", "https", "pool")

    def __init__(self, pool: urllib3.HTTPConnectionPool, options: dict[str, Any]) -> None:
        self.pool = pool
        self.https = pool.scheme == "https"
        # The TLS settings the manager's https pools pass their connections; none for http.
        self._options = options if self.https else {}
        #: Idle connections, the most recently used last (append and pop are atomic).
        self.free: collections.deque[DeadlineConnection] = collections.deque()
        #: Closes the idle connections: called by ``FreeLists.clear``, else when this origin is
        #: garbage collected (a transport never closed), as urllib3's pools close theirs.
        self.close = weakref.finalize(self, _close_all, self.free)

    def checkout(self) -> DeadlineConnection:
        """The most recently used idle connection (closed first, to connect afresh, when the
        server dropped it or it sat idle too long), or a new unconnected one."""
        try:
            conn = self.free.pop()
        except IndexError:
            pool = self.pool
            made: DeadlineConnection = pool.ConnectionCls(  # type: ignore[assignment]
                host=pool.host, port=pool.port, **self._options
            )
            return made
        if not conn.is_connected:
            conn.close()
        return conn


class FreeLists:
    """Idle connections per origin, at most ``keep`` of each, for the manager ``manager``
    (whose pools give each origin its host, port and connection class) built with the TLS
    keywords ``options``."""

    def __init__(self, manager: urllib3.PoolManager, options: dict[str, Any], keep: int) -> None:
        self._manager = manager
        self._options = options
        self._keep = keep
        self._origins: dict[str, Origin] = {}

    def origin(self, prefix: str) -> Origin:
        """The origin of ``prefix`` (scheme://host:port), remembered (at most 8)."""
        found = self._origins.get(prefix)
        if found is None:
            if len(self._origins) >= 8:
                self.clear()
            found = self._origins[prefix] = Origin(
                self._manager.connection_from_url(prefix), self._options
            )
        return found

    def put_back(self, origin: Origin, conn: DeadlineConnection) -> None:
        """Keep ``conn``, its answer read to the end, for the next request to ``origin``
        (closed instead when ``keep`` are idle already)."""
        if len(origin.free) >= self._keep or not origin.close.alive:  # full, or cleared
            conn.close()
        else:
            origin.free.append(conn)

    def clear(self) -> None:
        """Close every idle connection and forget every origin (in a forked child: closing
        the child's copies of the sockets sends nothing, so the parent's are left alone)."""
        origins, self._origins = self._origins, {}
        for origin in origins.values():
            origin.close()


def _close_all(free: collections.deque[DeadlineConnection]) -> None:
    """Close the connections in ``free``, emptying it."""
    while True:
        try:
            conn = free.pop()
        except IndexError:
            return
        conn.close()


def send(
    origin: Origin,
    conn: DeadlineConnection,
    method: str,
    target: str,
    body: bytes | None,
    headers: dict[str, str],
    limits: urllib3.Timeout,
) -> urllib3.HTTPResponse:
    """Send one request on ``conn`` and read its status and headers, as ``urlopen`` does with
    retries and redirects off (``limits``: the attempt's timeouts, its own object when it has
    a deadline). The body is left to read, undecoded. On any error ``conn`` is closed and the
    error raised as ``urlopen`` raises it."""
    read: float | None = None
    try:
        if limits.total is not None:
            limits.start_connect()  # the read timeout is then cut to the time left
        conn.timeout = limits.connect_timeout  # type: ignore[assignment]
        if conn.is_closed:
            conn.connect()
            if origin.https and not conn.is_verified:
                _warn_unverified(conn)
        try:
            conn.request(
                method,
                target,
                body=body,
                headers=headers,
                preload_content=False,
                decode_content=False,
            )
        except BrokenPipeError:
            pass
        except OSError as exc:
            if exc.errno not in _WRITE_ERRNOS:
                raise
        read = limits.read_timeout
        if not conn.is_closed:
            if read == 0:
                raise u3.ReadTimeoutError(
                    origin.pool, target, f"Read timed out. (read timeout={read})"
                )
            conn.timeout = read
        return conn.getresponse()
    except BaseException as exc:
        conn.close()
        error = _as_urllib3(exc, origin, target, read if read is not None else conn.timeout)
        if error is exc:
            raise
        raise error from exc


def _as_urllib3(exc: BaseException, origin: Origin, target: str, limit: object) -> BaseException:
    """``exc`` as ``urlopen`` raises it, retries off and no proxy."""
    if isinstance(exc, u3.HTTPError):
        return exc
    if isinstance(exc, TimeoutError) or isinstance(exc, OSError) and exc.errno in _BLOCKING:
        return u3.ReadTimeoutError(origin.pool, target, f"Read timed out. (read timeout={limit})")
    if isinstance(exc, (ssl.SSLError, ssl.CertificateError)):
        return u3.SSLError(exc)
    if isinstance(exc, (OSError, http.client.HTTPException)):
        return u3.ProtocolError("Connection aborted.", exc)
    return exc


def _warn_unverified(conn: DeadlineConnection) -> None:
    """urllib3's warning for an https request whose certificate is not verified."""
    warnings.warn(
        f"Unverified HTTPS request is being made to host '{conn.host}'. Adding certificate "
        "verification is strongly advised. See: "
        "https://urllib3.readthedocs.io/en/latest/advanced-usage.html#tls-warnings",
        u3.InsecureRequestWarning,
        stacklevel=2,
    )
