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

import datetime as dt
import math
import re
from typing import Any

import attrs

from ._errors import ConnectError, TLSError, TransportError, ValidationError
from ._http import Response

__all__ = ["IDEMPOTENT_METHODS", "NO_RETRY", "RetryPolicy", "parse_retry_after"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
#: Statuses that mean "not acted on, come back later", whatever the method.
ALWAYS_RETRIED_STATUSES = frozenset({429, 503})
#: Gateway failures: the request may or may not have reached the service.
IDEMPOTENT_RETRIED_STATUSES = frozenset({502, 504})
#: A retry is only started with at least this much of the budget left for it to run in.
MIN_TRY_SECONDS = 0.01


# Retry-After (RFC 9110 section 10.2.3): the wait the policy honours, and the hint a
# RateLimited error carries (error_from_response reads it from here).
_DELAY_SECONDS = re.compile(r"^[0-9]+(\.[0-9]+)?$")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Read a ``Retry-After`` header: delay-seconds, or (when ``now`` is given) an HTTP date.

    Garbage gives None (so does a date without ``now``); a date in the past gives 0; an
    absurdly long delay gives ``inf``, which no retry budget accepts.
    """
    if value is None:
        return None
    text = value.strip()
    if _DELAY_SECONDS.match(text):
        return float(text)
    return _retry_after_date(text, now)


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# RFC 9110 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the obsolete RFC 850 form
# ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994").
_HTTP_DATES = (
    re.compile(r"^[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$"),
    re.compile(r"^[A-Za-z]+, (\d{2})-([A-Za-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$"),
)
_ASCTIME = re.compile(r"^[A-Za-z]{3} ([A-Za-z]{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$")


def _retry_after_date(text: str, now: float | None) -> float | None:
    if now is None:
        return None
    fields: tuple[str, ...] | None = None
    for pattern in _HTTP_DATES:
        match = pattern.match(text)
        if match:
            fields = match.groups()
    match = _ASCTIME.match(text)
    if match:
        month, day, hh, mm, ss, year = match.groups()
        fields = (day, month, year, hh, mm, ss)
    if fields is None or fields[1].lower() not in _MONTHS:
        return None
    day, month, year, hh, mm, ss = fields
    full_year = int(year) if len(year) == 4 else 1900 + int(year) + (100 if int(year) < 70 else 0)
    try:
        when = dt.datetime(
            full_year,
            _MONTHS.index(month.lower()) + 1,
            int(day),
            int(hh),
            int(mm),
            int(ss),
            tzinfo=dt.timezone.utc,
        )
    except ValueError:
        return None
    return max(0.0, when.timestamp() - now)


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
        """Whether ``outcome`` of a ``method`` request may be retried without a duplicate
        (and may come out differently: a TLS failure will not)."""
        if isinstance(outcome, TLSError):
            return False
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
