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


class FakeClock:
    """Clocks that move only when slept on (or ``advance``d): sleeps are recorded, not waited.

    ``runtime()`` hands its clocks to a client; pass ``sleep`` (sync) or ``asleep`` (async) as
    the client's ``sleep=`` hook, so a test observes the backoff without waiting for it.
    """

    def __init__(self, now: float = NOW, jitter: float = 0.5) -> None:
        self.elapsed = 0.0
        self.wall = now
        self.jitter = jitter
        self.sleeps: list[float] = []
        self._ids = itertools.count()

    def monotonic(self) -> float:
        return self.elapsed

    def clock(self) -> float:
        return self.wall + self.elapsed

    def advance(self, seconds: float) -> None:
        self.elapsed += seconds

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.elapsed += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def runtime(self) -> Runtime:
        return Runtime(
            clock=self.clock,
            monotonic=self.monotonic,
            entropy=lambda: f"jti-{next(self._ids)}",
            jitter=lambda: self.jitter,
            nonce=lambda: 424242,
        )


class Script:
    """A handler that plays ``outcomes`` in order (Responses, or TransportErrors to raise),
    then repeats the last one. ``outcomes`` may hold callables taking the request."""

    def __init__(self, *outcomes: object) -> None:
        self.outcomes = list(outcomes)
        self.calls = 0

    def __call__(self, request: Request) -> Response:
        outcome = self.outcomes[min(self.calls, len(self.outcomes) - 1)]
        self.calls += 1
        if callable(outcome) and not isinstance(outcome, Response):
            outcome = outcome(request)
        if isinstance(outcome, BaseException):
            raise outcome
        assert isinstance(outcome, Response)
        return outcome
