"""The retry policy: pure decisions, no sleeping. Adapters sleep for what it decides.

What is retried (and why it never duplicates a side effect):

* 429 and 503, any method: the service refused the request without acting on it. The wait
  honours ``Retry-After`` (seconds or an HTTP date) when given.
* 502 and 504, and transport errors after the connection was made (read timeout, reset,
  connection dropped mid-response): only idempotent methods (GET, PUT, DELETE, HEAD, OPTIONS).
  A POST that may have reached the server (start_archive, dial, send_signal) is not retried.
* Connect errors and connect timeouts, any method: the request provably never left.

Everything else (other 4xx, 500, a read timeout on a POST) is raised at once.

Bounds. Waits use exponential backoff with full jitter: before try ``n + 1`` the wait is
``jitter * min(backoff_max, backoff_base * 2 ** (n - 1))`` with ``jitter`` uniform in [0, 1).
At most ``max_attempts`` tries are made, and the whole call, retries and their waits included,
stays within ``max_total`` seconds of the first try's start:

* a retry is only made if its wait ends with at least ``MIN_TRY_SECONDS`` of the budget left,
  so a ``Retry-After`` longer than what is left gives up at once (the caller gets
  ``RateLimited.retry_after`` to reschedule) instead of sleeping inside the call;
* a retry's timeouts are cut to the budget left.

The first try is bounded by its own timeouts only.
"""

from __future__ import annotations

import math
from typing import Any

import attrs

from ._errors import ConnectError, TransportError, ValidationError, parse_retry_after
from ._http import Response

__all__ = ["IDEMPOTENT_METHODS", "NO_RETRY", "RetryPolicy"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
#: Statuses that mean "not acted on, come back later", whatever the method.
ALWAYS_RETRIED_STATUSES = frozenset({429, 503})
#: Gateway failures: the request may or may not have reached the service.
IDEMPOTENT_RETRIED_STATUSES = frozenset({502, 504})
#: A retry is only started with at least this much of the budget left for it to run in.
MIN_TRY_SECONDS = 0.01


def _attempts(instance: object, attribute: Any, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100:
        raise ValidationError(f"retry.{attribute.name}", "must be an integer from 1 to 100")


def _seconds(instance: object, attribute: Any, value: object) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValidationError(f"retry.{attribute.name}", "must be a finite number of seconds ≥ 0")


@attrs.frozen
class RetryPolicy:
    """How many times and how long to retry. ``NO_RETRY`` (``max_attempts=1``) turns it off.

    Args:
        max_attempts: tries in all, the first included (1 to 100).
        backoff_base: the cap of the first wait, doubled for each further try.
        backoff_max: the largest cap of any one wait.
        max_total: seconds the whole call may take once it has to retry (see module docs).
    """

    max_attempts: int = attrs.field(default=3, validator=_attempts)
    backoff_base: float = attrs.field(default=0.25, validator=_seconds)
    backoff_max: float = attrs.field(default=8.0, validator=_seconds)
    max_total: float = attrs.field(default=30.0, validator=_seconds)

    def delay(
        self,
        method: str,
        outcome: Response | TransportError,
        attempt: int,
        elapsed: float,
        jitter: float,
        now: float | None = None,
    ) -> float | None:
        """Seconds to wait before retrying, or None to give up.

        ``attempt`` counts tries already made (1 after the first), ``elapsed`` is the seconds
        since the first try began, ``jitter`` a uniform random number in [0, 1), ``now`` the
        wall clock (to read a ``Retry-After`` date).
        """
        if isinstance(outcome, Response) and 200 <= outcome.status <= 299:
            return None
        if attempt >= self.max_attempts or not self.retryable(method, outcome):
            return None
        hint = (
            parse_retry_after(outcome.header("retry-after"), now)
            if isinstance(outcome, Response)
            else None
        )
        if hint is not None:
            wait = hint
        else:
            jitter = min(max(jitter, 0.0), 1.0)
            cap = min(self.backoff_max, self.backoff_base * 2.0 ** min(attempt - 1, 64))
            wait = jitter * cap
        if elapsed + wait + MIN_TRY_SECONDS > self.max_total:
            return None
        return wait

    def remaining(self, elapsed: float) -> float:
        """Seconds of the ``max_total`` budget left after ``elapsed`` (never negative)."""
        return max(0.0, self.max_total - elapsed)

    @staticmethod
    def retryable(method: str, outcome: Response | TransportError) -> bool:
        """Whether ``outcome`` of a ``method`` request may be retried without a duplicate."""
        if isinstance(outcome, ConnectError):
            return True
        idempotent = method.upper() in IDEMPOTENT_METHODS
        if isinstance(outcome, TransportError):
            return idempotent
        if outcome.status in ALWAYS_RETRIED_STATUSES:
            return True
        return idempotent and outcome.status in IDEMPOTENT_RETRIED_STATUSES


#: A policy that never retries.
NO_RETRY = RetryPolicy(max_attempts=1)
