"""What a client sees of a ``Reply`` through an in-process transport: pure, so the sync and
async transports (which only sleep) cannot disagree."""

from __future__ import annotations

from opentok_core import Request, Response, Timeout, TransportError, TransportTimeout

from ._context import Reply

__all__ = ["exchange"]


def exchange(
    reply: Reply, timeout: Timeout, request: Request | None = None
) -> tuple[float, Response | TransportError]:
    """``(seconds to wait, outcome)`` for ``reply`` to ``request`` under the client's ``timeout``.

    A delay longer than the read timeout becomes a TransportTimeout after the read timeout; a
    dropped connection becomes a TransportError (the request was sent: not a ConnectError, so
    only idempotent calls are retried).
    """
    if timeout.read is not None and reply.delay > timeout.read:
        return timeout.read, TransportTimeout("read timed out (emulated delay)", request=request)
    if reply.drop:
        return reply.delay, TransportError(
            "the server closed the connection without answering", request=request
        )
    if reply.cut:
        return reply.delay, TransportError(
            "the server closed the connection halfway through the body", request=request
        )
    return reply.delay, reply.response
