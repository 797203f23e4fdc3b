"""Test doubles shared by the suites: one fake transport for both clients, fixed runtimes."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from opentok_core import Request, Response, Runtime, Timeout

Handler = Callable[[Request], Response]

NOW = 1_700_000_000.0


class FakeTransport:
    """Records requests and answers them with ``handler``; serves sync and async clients alike
    (httpx ``MockTransport`` idea). A handler may raise a TransportError."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[Request] = []
        self.timeouts: list[Timeout] = []
        self.closed = False

    def handle_request(self, request: Request, timeout: Timeout) -> Response:
        self.requests.append(request)
        self.timeouts.append(timeout)
        return self.handler(request)

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response:
        return self.handle_request(request, timeout)

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def fixed_runtime(now: float = NOW) -> Runtime:
    """A deterministic runtime: fixed wall clock, counting monotonic clock and ids, no jitter."""
    ticks = itertools.count()
    ids = itertools.count()
    return Runtime(
        clock=lambda: now,
        monotonic=lambda: float(next(ticks)) / 1000,
        entropy=lambda: f"jti-{next(ids)}",
        jitter=lambda: 0.5,
        nonce=lambda: 424242,
    )


def json_response(
    status: int, body: bytes | str, headers: dict[str, str] | None = None
) -> Response:
    """A Response with a JSON content type."""
    raw = body.encode() if isinstance(body, str) else body
    return Response(status, {"content-type": "application/json", **(headers or {})}, raw)
