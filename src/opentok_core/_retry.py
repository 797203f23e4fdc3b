"""The retry policy: pure decisions, no sleeping. Adapters sleep for what it decides.

What is retried (and why it never duplicates a side effect):

* 429 and 503, any method: the service refused the request without acting on it; the wait
  honours ``Retry-After`` when given.
* 502 and 504, and transport errors after the connection was made (read timeout, reset,
  dropped response): only idempotent methods (GET, PUT, DELETE, HEAD). A POST that may have
  reached the server (start_archive, dial, send_signal) is not retried.
* Connect errors, any method: the request provably never reached the server.

Everything else (other 4xx, 500, a timeout on a POST) is raised at once. Waits use exponential
backoff with full jitter, bounded by ``max_attempts`` and ``max_total`` seconds.
"""

from __future__ import annotations

import attrs

from ._errors import ConnectError, TransportError, parse_retry_after
from ._http import Response

__all__ = ["IDEMPOTENT_METHODS", "NO_RETRY", "RetryPolicy"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
_ALWAYS_STATUSES = frozenset({429, 503})
_IDEMPOTENT_STATUSES = frozenset({502, 504})


def _positive(instance: object, attribute: attrs.Attribute, value: float) -> None:  # type: ignore[type-arg]
    from ._errors import ValidationError

    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValidationError(f"retry.{attribute.name}", "must be a non-negative number")


@attrs.frozen
class RetryPolicy:
    """How many times and how long to retry. ``RetryPolicy(max_attempts=1)`` turns it off."""

    max_attempts: int = attrs.field(default=3, validator=_positive)
    backoff_base: float = attrs.field(default=0.25, validator=_positive)
    backoff_max: float = attrs.field(default=8.0, validator=_positive)
    max_total: float = attrs.field(default=30.0, validator=_positive)

    def delay(
        self,
        method: str,
        outcome: Response | TransportError,
        attempt: int,
        elapsed: float,
        jitter: float,
    ) -> float | None:
        """Seconds to wait before retrying, or None to give up.

        ``attempt`` counts tries already made (1 after the first), ``elapsed`` is the seconds
        since the first try began, ``jitter`` a uniform random number in [0, 1).
        """
        if attempt >= self.max_attempts or not self.retryable(method, outcome):
            return None
        hint = (
            parse_retry_after(outcome.header("retry-after"))
            if isinstance(outcome, Response)
            else None
        )
        if hint is not None:
            wait = hint
        else:
            wait = jitter * min(self.backoff_max, self.backoff_base * 2 ** (attempt - 1))
        if elapsed + wait > self.max_total:
            return None
        return wait

    @staticmethod
    def retryable(method: str, outcome: Response | TransportError) -> bool:
        """Whether ``outcome`` of a ``method`` request may be retried without a duplicate."""
        if isinstance(outcome, ConnectError):
            return True
        idempotent = method in IDEMPOTENT_METHODS
        if isinstance(outcome, TransportError):
            return idempotent
        if outcome.status in _ALWAYS_STATUSES:
            return True
        return idempotent and outcome.status in _IDEMPOTENT_STATUSES


#: A policy that never retries.
NO_RETRY = RetryPolicy(max_attempts=1)
