"""The sync transport port and its urllib3 adapter.

A transport performs one HTTP exchange: ``Request`` in, ``Response`` out. It owns pooling
(keep-alive, thread-safe ``PoolManager``), timeouts and TLS; it never builds URLs, parses JSON
or touches auth. urllib3's own retries and redirects are off for every request, even on a pool
you pass in with its own ``Retry``: the core's retry policy alone decides, so nothing is sent
twice behind its back.
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic
from typing import Protocol, TypeAlias

import urllib3
from urllib3 import exceptions as u3

from opentok_core import (
    ConnectError,
    ConnectTimeout,
    Request,
    Response,
    Timeout,
    TransportError,
    TransportTimeout,
)
from opentok_core._http import MAX_RESPONSE_BODY

from ._deadline import DEADLINE, NO_DEADLINE, DeadlinePassed, install, pool_manager

__all__ = ["Sleeper", "Transport", "Urllib3Transport"]

#: What ``Client(sleep=...)`` takes: waits the given seconds (``time.sleep`` by default).
Sleeper: TypeAlias = Callable[[float], None]

_CHUNK = 64 * 1024


class Transport(Protocol):
    """What Client needs of a transport. The emulator and test fakes implement it too."""

    def handle_request(self, request: Request, timeout: Timeout) -> Response: ...

    def close(self) -> None: ...


class Urllib3Transport:
    """Sends requests through a ``urllib3.PoolManager`` (yours, or a pooled keep-alive one).

    ``max_body`` bounds how much of a response body is read (the rest is dropped and the
    Response marked ``truncated``). The attempt's ``Timeout.deadline`` bounds all of it: the
    connect (urllib3's ``total``), then every read of the status line, the headers and the
    body, each given only the time left (``_deadline``), so a server trickling bytes cannot
    hold a call past it.

    Pooled connections unused for 5 s are replaced rather than reused (as httpx does), so a
    request is not sent on a connection the server is closing as idle.

    A pool you pass in is switched to connection classes that enforce that deadline when it
    uses urllib3's stock ones; they behave exactly like urllib3's outside this transport's
    calls. A pool with connection classes of its own (or urllib3's injected HTTP/2 ones) keeps
    them, and with them http.client's limit: each read waits at most the read timeout (cut to
    the time left when the headers began), a body past the deadline is refused after the read
    that crossed it, but header lines trickled byte by byte are bounded only per byte.
    """

    def __init__(
        self, pool: urllib3.PoolManager | None = None, *, max_body: int = MAX_RESPONSE_BODY
    ) -> None:
        self._owned = pool is None
        if pool is None:
            pool = pool_manager(maxsize=32, retries=False)
        else:
            install(pool)
        self._pool = pool
        self._max_body = max_body
        # urllib3 clones the Timeout it is given, so one per distinct Timeout is reused.
        self._timeouts: dict[Timeout, urllib3.Timeout] = {}

    def handle_request(self, request: Request, timeout: Timeout) -> Response:
        deadline = timeout.deadline
        started = monotonic()
        token = DEADLINE.set(NO_DEADLINE if deadline is None else (started + deadline, deadline))
        try:
            reply = self._pool.urlopen(
                request.method,
                request.url,
                body=request.body or None,
                headers=dict(request.headers),
                timeout=self._timeouts.get(timeout) or self._timeout(timeout),
                retries=False,  # overrides a Retry configured on the pool
                redirect=False,
                preload_content=False,
            )
        except u3.MaxRetryError as exc:  # defensive: only a Retry object wraps errors like this
            raise _mapped(exc.reason or exc) from exc
        except u3.HTTPError as exc:
            raise _mapped(exc) from exc
        finally:
            DEADLINE.reset(token)
        try:
            body, truncated = self._read(reply, started, deadline)
        except u3.HTTPError as exc:
            raise _mapped(exc) from exc
        return Response(reply.status, reply.headers.items(), body, truncated)

    def _timeout(self, timeout: Timeout) -> urllib3.Timeout:
        if len(self._timeouts) >= 64:  # per-call timeouts vary rarely; never grow unbounded
            self._timeouts.clear()
        value = urllib3.Timeout(connect=timeout.connect, read=timeout.read, total=timeout.deadline)
        self._timeouts[timeout] = value
        return value

    def _read(
        self, reply: urllib3.BaseHTTPResponse, started: float, deadline: float | None
    ) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        clean = False
        # A compressed body may still sit in the decoder when the raw bytes are all read.
        identity = reply.headers.get("content-encoding", "identity").lower() == "identity"
        try:
            while True:
                # read1: whatever has arrived (up to _CHUNK), so a trickle still meets the check
                chunk = reply.read1(_CHUNK)
                if not chunk:
                    clean = True
                    return b"".join(chunks), False
                size += len(chunk)
                if size > self._max_body:
                    chunks.append(chunk[: len(chunk) - (size - self._max_body)])
                    return b"".join(chunks), True
                chunks.append(chunk)
                if deadline is not None and monotonic() - started > deadline:
                    raise TransportTimeout(str(DeadlinePassed(deadline)))
                if reply.length_remaining == 0 and identity:
                    # The whole content-length body is in: skip the empty last read.
                    clean = True
                    return b"".join(chunks), False
        finally:
            if not clean:
                # A half-read connection must not go back to the pool.
                reply.close()
            reply.release_conn()

    def close(self) -> None:
        if self._owned:
            self._pool.clear()


def _mapped(exc: BaseException) -> TransportError:
    # NewConnectionError subclasses ConnectTimeoutError in urllib3: test it first.
    if isinstance(exc, u3.ProxyError) and isinstance(exc.original_error, u3.NewConnectionError):
        return ConnectError(f"could not connect to the proxy: {exc.original_error}")
    if isinstance(exc, u3.NewConnectionError):
        return ConnectError(f"could not connect: {exc}")
    if isinstance(exc, u3.ConnectTimeoutError):
        return ConnectTimeout(f"connect timed out: {exc}")
    if isinstance(exc, (u3.ReadTimeoutError, u3.TimeoutError)):
        cause = exc.__cause__ or exc.__context__
        if isinstance(cause, DeadlinePassed):
            return TransportTimeout(str(cause))
        return TransportTimeout(f"timed out: {type(exc).__name__}")
    return TransportError(f"{type(exc).__name__}: {exc}")
