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
from ._errors import (
    ConnectError,
    ConnectTimeout,
    TransportError,
    TransportTimeout,
    ValidationError,
)
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


#: Operation classes checked already whose instances have no ``__dict__`` (nothing of an
#: instance can then hide what the class has): the SDK's own, attrs slotted, are checked once.
_CHECKED: set[type] = set()


def _check_operation(operation: object) -> None:
    if type(operation) in _CHECKED:
        return
    for attribute in ("build", "parse"):
        if not callable(getattr(operation, attribute, None)):
            raise ValidationError(
                "operation", f"must be an Operation (with build and parse), not {operation!r:.80}"
            )
    if not isinstance(getattr(operation, "name", None), str):
        raise ValidationError("operation", "must have a str ``name``")
    if not hasattr(operation, "__dict__") and len(_CHECKED) < 1024:
        _CHECKED.add(type(operation))


def run(
    operation: Operation[T],
    config: Config,
    runtime: Runtime,
    retry: RetryPolicy,
    timeout: Timeout,
) -> Flow[T]:
    """Drive ``operation`` to its result: prepare, send, retry per ``retry``, finish.

    Every attempt is signed afresh (a new JWT and jti). Retries get the client's timeouts cut to
    what is left of ``retry.max_total``. The error raised, if any, names the operation and
    records in ``attempts`` how many tries were made. ``finish`` builds an ApiError so, and a
    transport its TransportError (``TransportError(message, request=request)``). One built
    without the request is completed once (``_complete``): an SDK class is rebuilt with the
    request, a custom transport's own subclass is kept and given what it could not know.
    """
    _check_operation(operation)
    started = runtime.monotonic()
    attempt = 0
    limit = timeout
    while True:
        attempt += 1
        request = prepare(
            operation, config, now=runtime.clock(), jti=runtime.entropy(), attempt=attempt
        )
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
        complete = _complete(outcome, request)
        if complete is outcome:
            raise outcome
        # A bare SDK class only said what failed: chain from what it was chained from (the HTTP
        # library's exception), as a complete error would be.
        raise complete from (outcome.__cause__ or outcome)
    return finish(operation, outcome, attempts=attempt)


#: The SDK's own TransportError classes, most specific first.
_TRANSPORT_CLASSES: tuple[type[TransportError], ...] = (
    ConnectTimeout,
    ConnectError,
    TransportTimeout,
    TransportError,
)


def _complete(error: TransportError, request: Request) -> TransportError:
    """The error to raise for ``error``, the outcome of ``request``'s (last) attempt.

    The SDK's transports build theirs with ``request=request``, complete: they are raised as
    they are. A custom transport's bare SDK class (``TransportError("...")``) is replaced, once,
    by the same class built with its message and the request; ``run`` chains it from the
    original's cause. A subclass of the transport's own is kept, so that ``except`` clauses
    written for it still catch it, and only given the operation and attempt count it could not
    know: its constructor is the transport's, which the flow cannot call.
    """
    # getattr: a subclass whose __init__ skips TransportError's has none of these attributes.
    if (
        getattr(error, "operation", "") == request.operation
        and getattr(error, "attempts", 0) == request.attempt
    ):
        return error
    if type(error) not in _TRANSPORT_CLASSES:
        if not isinstance(getattr(error, "message", None), str):
            error.message = str(error)
        error.operation = request.operation
        error.attempts = request.attempt
        error.args = (f"{request.operation}: {error.message}",)  # as the SDK's own read
        return error
    return type(error)(error.message, request=request)


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
