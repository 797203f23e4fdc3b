"""The sync transport port and its urllib3 adapter.

A transport performs one HTTP exchange: ``Request`` in, ``Response`` out. It owns pooling
(keep-alive, thread-safe ``PoolManager``), timeouts and TLS; it never builds URLs, parses JSON
or touches auth. urllib3's own retries and redirects are off for every request, even on a pool
you pass in with its own ``Retry``: the core's retry policy alone decides, so nothing is sent
twice behind its back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol, TypeAlias

import urllib3
from urllib3 import exceptions as u3

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

from ._deadline import (
    WATCHDOG,
    Alarm,
    AttemptTimeout,
    DeadlinePassed,
    keeps_whole_deadline,
    pool_manager,
)

__all__ = ["Sleeper", "Transport", "Urllib3Transport"]

logger = logging.getLogger("opentok")

#: What ``Client(sleep=...)`` takes: waits the given seconds (``time.sleep`` by default).
Sleeper: TypeAlias = Callable[[float], None]

_CHUNK = 64 * 1024


class Transport(Protocol):
    """What Client needs of a transport. The emulator and test fakes implement it too."""

    def handle_request(self, request: Request, timeout: Timeout) -> Response: ...

    def close(self) -> None: ...


class Urllib3Transport:
    """Sends requests through a ``urllib3.PoolManager``: yours, used as given, or its own
    pooled keep-alive one.

    ``max_body`` bounds how much of a response body is read (the rest is dropped and the
    Response marked ``truncated``). The attempt's ``Timeout.deadline`` bounds all of it: the
    connect (urllib3's ``total``), then the status line, the headers and the body. At the
    deadline the process's one watchdog thread shuts the attempt's socket down, so a server
    trickling bytes cannot hold a call past it (``_deadline``).

    That holds in full for the transport's own pool and for pools built with
    ``opentok_sync.pool_manager()`` or ``proxy_manager()``, whose connections are also replaced
    rather than reused once unused for 5 s (as httpx does), so a request is not sent on a
    connection the server is closing as idle.

    Any other pool you pass in is used as given: its classes, settings and connection reuse
    are left alone. The deadline still ends a body that trickles or stalls, through urllib3's
    ``HTTPResponse.shutdown()`` (urllib3 2.3 or later; urllib3 has none for an https:// URL
    through an HTTPS proxy: there the body is cut after the read that crosses the deadline).
    The status line and headers are bounded per read only: each read waits at most the read
    timeout (cut to the time left), so header lines trickled byte by byte can outlast the
    deadline, and the call then fails with our timeout once they end. Build the pool with
    ``pool_manager()`` or ``proxy_manager()`` to keep the whole deadline.
    """

    def __init__(
        self, pool: urllib3.PoolManager | None = None, *, max_body: int = MAX_RESPONSE_BODY
    ) -> None:
        self._owned = pool is None
        self._pool = pool_manager(maxsize=32, retries=False) if pool is None else pool
        if not keeps_whole_deadline(self._pool):
            logger.debug(
                "%s: a pool not built by opentok_sync.pool_manager/proxy_manager: each read is "
                "bounded by the deadline, but header lines trickled byte by byte are not",
                type(self._pool).__name__,
            )
        self._max_body = max_body
        # urllib3 clones the Timeout it is given, so one per distinct Timeout is reused (for
        # attempts with no deadline; the others carry their alarm in one made per attempt).
        self._timeouts: dict[Timeout, urllib3.Timeout] = {}
        # Our own manager's pool per origin (scheme://host:port): see the class docstring.
        self._origins: dict[str, urllib3.HTTPConnectionPool] | None = None
        if self._owned and not isinstance(self._pool, urllib3.ProxyManager):
            self._origins = {}

    def handle_request(self, request: Request, timeout: Timeout) -> Response:
        deadline = timeout.deadline
        if deadline is None:
            alarm = None
            limits = self._timeouts.get(timeout) or self._timeout(timeout)
        else:
            alarm = WATCHDOG.arm(deadline)
            limits = AttemptTimeout(timeout.connect, timeout.read, deadline, alarm)
        try:
            url = request.url
            origins = self._origins
            pool: urllib3.PoolManager | urllib3.HTTPConnectionPool = self._pool
            if origins is not None:
                at = url.find("/", url.find("//") + 2)
                prefix, url = (url, "/") if at < 0 else (url[:at], url[at:])
                pool = origins.get(prefix) or self._origin_pool(prefix)
                if pool.pool is None:  # closed (``clear()``, a fork handler): ask again
                    pool = self._origin_pool(prefix)
            reply = pool.urlopen(
                request.method,
                url,
                body=request.body or None,
                headers=dict(request.headers),
                timeout=limits,
                retries=False,  # overrides a Retry configured on the pool
                redirect=False,
                preload_content=False,
            )
        except BaseException as exc:
            fired = alarm is not None and WATCHDOG.disarm(alarm)
            if not isinstance(exc, u3.HTTPError):
                raise
            # MaxRetryError: defensive, only a Retry object wraps errors like this.
            error = _mapped(
                exc.reason or exc if isinstance(exc, u3.MaxRetryError) else exc, request
            )
            if fired and alarm is not None and not isinstance(error, ConnectError):
                # Whatever urllib3 made of the shut-down socket (even a proxy error), the
                # attempt ran out of time; a failed connect is still reported as one.
                error = TransportTimeout(str(DeadlinePassed(alarm.seconds)), request=request)
            raise error from exc
        # Our connections aimed the alarm at their socket already; any other is stopped
        # through urllib3's HTTPResponse.shutdown (None before urllib3 2.3).
        if alarm is not None and WATCHDOG.aim(alarm, getattr(reply, "shutdown", None)):
            reply.close()
            reply.release_conn()
            raise TransportTimeout(str(DeadlinePassed(alarm.seconds)), request=request)
        try:
            body, truncated = self._read(reply, alarm, request)
        except u3.HTTPError as exc:
            raise _mapped(exc, request) from exc
        return Response(reply.status, reply.headers.items(), body, truncated)

    def _origin_pool(self, prefix: str) -> urllib3.HTTPConnectionPool:
        """Our manager's pool for ``prefix`` (scheme://host:port), kept for the next request.

        At most 8 are kept, fewer than the manager's 10: it closes only the pool it used least
        recently, never one of the last 8 handed out here; one closed anyway (``clear()``) is
        asked for again.
        """
        assert self._origins is not None
        if len(self._origins) >= 8:
            self._origins.clear()
        pool = self._pool.connection_from_url(prefix)
        self._origins[prefix] = pool
        return pool

    def _timeout(self, timeout: Timeout) -> urllib3.Timeout:
        if len(self._timeouts) >= 64:  # per-call timeouts vary rarely; never grow unbounded
            self._timeouts.clear()
        value = urllib3.Timeout(connect=timeout.connect, read=timeout.read, total=timeout.deadline)
        self._timeouts[timeout] = value
        return value

    def _read(
        self, reply: urllib3.BaseHTTPResponse, alarm: Alarm | None, request: Request
    ) -> tuple[bytes, bool]:
        body, truncated, clean = b"", False, False
        error: BaseException | None = None
        try:
            body, truncated, clean = self._drain(reply, alarm)
        except BaseException as exc:
            error = exc
        # Disarmed before the connection may go back to the pool: no shot can hit it there.
        fired = alarm is not None and WATCHDOG.disarm(alarm)
        if fired or not clean:
            reply.close()  # a half-read or shut-down connection must not go back to the pool
        reply.release_conn()
        if fired and alarm is not None:
            raise TransportTimeout(str(DeadlinePassed(alarm.seconds)), request=request) from error
        if error is not None:
            raise error
        return body, truncated

    def _drain(
        self, reply: urllib3.BaseHTTPResponse, alarm: Alarm | None
    ) -> tuple[bytes, bool, bool]:
        """The body, whether it was cut at ``max_body``, and whether it was read to its end."""
        chunks: list[bytes] = []
        size = 0
        # A compressed body may still sit in the decoder when the raw bytes are all read.
        identity = reply.headers.get("content-encoding", "identity").lower() == "identity"
        while True:
            # read1: whatever has arrived (up to _CHUNK), so a trickle still meets the check
            chunk = reply.read1(_CHUNK)
            if not chunk:
                return b"".join(chunks), False, True
            size += len(chunk)
            if size > self._max_body:
                chunks.append(chunk[: len(chunk) - (size - self._max_body)])
                return b"".join(chunks), True, False
            chunks.append(chunk)
            if alarm is not None and alarm.fired:  # a pool whose reads no shot can stop
                return b"", False, False
            if reply.length_remaining == 0 and identity:
                # The whole content-length body is in: skip the empty last read.
                return b"".join(chunks), False, True

    def close(self) -> None:
        if self._owned:
            self._pool.clear()


def _mapped(exc: BaseException, request: Request) -> TransportError:
    # NewConnectionError subclasses ConnectTimeoutError in urllib3: test it first.
    if isinstance(exc, u3.ProxyError) and isinstance(exc.original_error, u3.NewConnectionError):
        return ConnectError(
            f"could not connect to the proxy: {exc.original_error}", request=request
        )
    if isinstance(exc, u3.NewConnectionError):
        return ConnectError(f"could not connect: {exc}", request=request)
    if isinstance(exc, u3.ConnectTimeoutError):
        return ConnectTimeout(f"connect timed out: {exc}", request=request)
    if isinstance(exc, (u3.ReadTimeoutError, u3.TimeoutError)):
        return TransportTimeout(f"timed out: {type(exc).__name__}", request=request)
    return TransportError(f"{type(exc).__name__}: {exc}", request=request)
