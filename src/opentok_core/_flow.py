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
from ._errors import TransportError, ValidationError
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


def _check_operation(operation: object) -> None:
    for attribute in ("build", "parse"):
        if not callable(getattr(operation, attribute, None)):
            raise ValidationError(
                "operation", f"must be an Operation (with build and parse), not {operation!r:.80}"
            )
    if not isinstance(getattr(operation, "name", None), str):
        raise ValidationError("operation", "must have a str ``name``")


def run(
    operation: Operation[T],
    config: Config,
    runtime: Runtime,
    retry: RetryPolicy,
    timeout: Timeout,
) -> Flow[T]:
    """Drive ``operation`` to its result: prepare, send, retry per ``retry``, finish.

    Every attempt is signed afresh (a new JWT and jti). Retries get the client's timeouts cut to
    what is left of ``retry.max_total``. The error raised, if any, records in ``attempts`` how
    many tries were made.
    """
    _check_operation(operation)
    started = runtime.monotonic()
    attempt = 0
    limit = timeout
    while True:
        attempt += 1
        request = prepare(operation, config, now=runtime.clock(), jti=runtime.entropy())
        sent_at = runtime.monotonic()
        outcome: Response | TransportError = yield Send(request, limit)
        ended = runtime.monotonic()
        if logger.isEnabledFor(logging.DEBUG):
            _log(operation.name, request, outcome, (ended - sent_at) * 1000, attempt)
        if isinstance(outcome, Response) and 200 <= outcome.status <= 299:
            break  # the hot path: no policy work on success
        wait = retry.delay(
            request.method, outcome, attempt, ended - started, runtime.jitter(), runtime.clock()
        )
        if wait is None:
            if attempt > 1:
                logger.debug("%s: giving up after %d attempts", operation.name, attempt)
            break
        logger.debug("%s: retrying in %.3f s (attempt %d)", operation.name, wait, attempt + 1)
        yield Sleep(wait)
        limit = timeout.clamp(retry.remaining(runtime.monotonic() - started))
    if isinstance(outcome, TransportError):
        named = _named(outcome, operation.name)
        named.attempts = attempt
        if named is outcome:
            raise outcome
        # Re-raised with the operation named, still chained from the library's exception.
        raise named from (outcome.__cause__ or outcome)
    return finish(operation, outcome, attempts=attempt)


def _named(error: TransportError, name: str) -> TransportError:
    """``error`` with the operation in its message (a transport does not know the name)."""
    if getattr(error, "operation", ""):
        return error
    try:
        return type(error)(getattr(error, "message", str(error)), operation=name)
    except TypeError:  # a custom transport's subclass with its own constructor
        return error


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
