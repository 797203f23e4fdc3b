"""The sync transport port and its urllib3 adapter.

A transport performs one HTTP exchange: ``Request`` in, ``Response`` out. It owns pooling
(keep-alive, thread-safe ``PoolManager``), timeouts and TLS; it never builds URLs, parses JSON
or touches auth. urllib3's own retries are off: the core's retry policy decides.
"""

from __future__ import annotations

from typing import Protocol

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

__all__ = ["Transport", "Urllib3Transport"]


class Transport(Protocol):
    """What Client needs of a transport. The emulator and test fakes implement it too."""

    def handle_request(self, request: Request, timeout: Timeout) -> Response: ...

    def close(self) -> None: ...


class Urllib3Transport:
    """Sends requests through a ``urllib3.PoolManager`` (yours, or a pooled keep-alive one)."""

    def __init__(self, pool: urllib3.PoolManager | None = None) -> None:
        self._owned = pool is None
        self._pool = pool or urllib3.PoolManager(maxsize=32, retries=False)

    def handle_request(self, request: Request, timeout: Timeout) -> Response:
        try:
            reply = self._pool.request(
                request.method,
                request.url,
                body=request.body or None,
                headers=dict(request.headers),
                timeout=urllib3.Timeout(connect=timeout.connect, read=timeout.read),
                retries=False,
                redirect=False,
            )
        except u3.MaxRetryError as exc:  # only if a user's pool has retries configured
            raise _mapped(exc.reason or exc) from exc
        except u3.HTTPError as exc:
            raise _mapped(exc) from exc
        return Response(reply.status, reply.headers.items(), reply.data)

    def close(self) -> None:
        if self._owned:
            self._pool.clear()


def _mapped(exc: BaseException) -> TransportError:
    # NewConnectionError subclasses ConnectTimeoutError in urllib3: test it first.
    if isinstance(exc, u3.NewConnectionError):
        return ConnectError(f"could not connect: {exc}")
    if isinstance(exc, u3.ConnectTimeoutError):
        return ConnectTimeout(f"connect timed out: {exc}")
    if isinstance(exc, (u3.ReadTimeoutError, u3.TimeoutError)):
        return TransportTimeout(f"timed out: {type(exc).__name__}")
    return TransportError(f"{type(exc).__name__}: {exc}")
