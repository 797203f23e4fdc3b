"""The one execute path every client drives, as a generator (httpx ``auth_flow`` style).

``run`` yields ``Send`` (perform this request) and ``Sleep`` (wait this long) actions and is sent
back a ``Response`` or a ``TransportError``. It prepares and signs each attempt (fresh JWT),
applies the retry policy, logs each exchange, and finally returns the operation's result or
raises. Clocks and randomness are handed in (``Runtime``): the generator reads none itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from typing import Any, TypeAlias, TypeVar

import attrs

from ._config import Config, Timeout
from ._errors import TransportError
from ._http import Request, Response
from ._operation import Operation, finish, prepare
from ._retry import RetryPolicy

__all__ = ["Runtime", "Send", "Sleep", "run"]

T = TypeVar("T")

logger = logging.getLogger("opentok")


@attrs.frozen
class Runtime:
    """The impure inputs a client hands the core: wall clock (JWT times), monotonic clock
    (latency, retry budget), ``entropy`` (jti ids), ``jitter`` in [0, 1) (backoff) and
    ``nonce`` (client-token nonces)."""

    clock: Callable[[], float]
    monotonic: Callable[[], float]
    entropy: Callable[[], str]
    jitter: Callable[[], float]
    nonce: Callable[[], int]


@attrs.frozen
class Send:
    """Perform ``request`` with ``timeout``; send back the Response or the TransportError."""

    request: Request
    timeout: Timeout


@attrs.frozen
class Sleep:
    """Wait ``seconds``, then send back None."""

    seconds: float


Action: TypeAlias = Send | Sleep
Flow: TypeAlias = Generator[Action, Any, T]


def _path(url: str) -> str:
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    return rest[slash:] if slash >= 0 else "/"


def run(
    operation: Operation[T],
    config: Config,
    runtime: Runtime,
    retry: RetryPolicy,
    timeout: Timeout,
) -> Flow[T]:
    """Drive ``operation`` to its result: prepare, send, retry per ``retry``, finish."""
    started = runtime.monotonic()
    attempt = 0
    while True:
        attempt += 1
        request = prepare(operation, config, now=runtime.clock(), jti=runtime.entropy())
        sent_at = runtime.monotonic()
        outcome: Response | TransportError = yield Send(request, timeout)
        took_ms = (runtime.monotonic() - sent_at) * 1000
        if logger.isEnabledFor(logging.DEBUG):
            _log(operation.name, request, outcome, took_ms, attempt)
        wait = retry.delay(
            request.method, outcome, attempt, runtime.monotonic() - started, runtime.jitter()
        )
        if wait is None:
            break
        logger.debug("%s: retrying in %.3f s (attempt %d)", operation.name, wait, attempt + 1)
        yield Sleep(wait)
    if isinstance(outcome, TransportError):
        # Re-raise with the operation named, still chained from the library's exception.
        raise type(outcome)(outcome.message, operation=operation.name) from (
            outcome.__cause__ or outcome
        )
    return finish(operation, outcome)


def _log(
    name: str, request: Request, outcome: Response | TransportError, ms: float, n: int
) -> None:
    # Method, path, status, latency and request id only: never headers (auth JWT) or bodies.
    if isinstance(outcome, Response):
        request_id = outcome.header("x-request-id") or outcome.header("x-opentok-request-id")
        logger.debug(
            "%s %s %s -> %d in %.1f ms (attempt %d, request id %s)",
            name,
            request.method,
            _path(request.url),
            outcome.status,
            ms,
            n,
            request_id or "-",
        )
    else:
        logger.debug(
            "%s %s %s -> %s in %.1f ms (attempt %d)",
            name,
            request.method,
            _path(request.url),
            type(outcome).__name__,
            ms,
            n,
        )
