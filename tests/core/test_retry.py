"""The retry policy alone (pure): what is retried, how long it waits, and its bounds.

The invariants that matter most are properties: a POST that may have been received is never
retried, every wait is within the backoff cap or the server's hint, and no retry is planned
past the total budget.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opentok_core import (
    NO_RETRY,
    ConnectError,
    ConnectTimeout,
    GetArchive,
    RateLimited,
    Response,
    RetryPolicy,
    TransportError,
    TransportTimeout,
    ValidationError,
    finish,
)
from opentok_core._retry import parse_retry_after

POLICY = RetryPolicy(max_attempts=5, backoff_base=0.5, backoff_max=4.0, max_total=60.0)

# (method, outcome, retryable): the policy table of the README's "Failure modes" section.
TABLE: list[tuple[str, Response | TransportError, bool]] = [
    # Never reached the server: always safe.
    ("POST", ConnectError("refused"), True),
    ("POST", ConnectTimeout("slow handshake"), True),
    ("GET", ConnectError("refused"), True),
    # May have reached the server: only idempotent methods.
    ("GET", TransportTimeout("read timed out"), True),
    ("PUT", TransportTimeout("read timed out"), True),
    ("DELETE", TransportError("connection reset"), True),
    ("HEAD", TransportError("connection reset"), True),
    ("POST", TransportTimeout("read timed out"), False),
    ("POST", TransportError("dropped mid-response"), False),
    ("PATCH", TransportError("dropped mid-response"), False),
    # Refused without acting: any method.
    ("POST", Response(429), True),
    ("POST", Response(503), True),
    ("GET", Response(429), True),
    ("DELETE", Response(503), True),
    # Gateways: idempotent only.
    ("GET", Response(502), True),
    ("GET", Response(504), True),
    ("PUT", Response(502), True),
    ("POST", Response(502), False),
    ("POST", Response(504), False),
    ("PATCH", Response(504), False),
    # A 500 may have half-done the work: never, whatever the method.
    ("GET", Response(500), False),
    ("POST", Response(500), False),
    # Client errors are final.
    *[(m, Response(s), False) for m in ("GET", "POST") for s in (400, 401, 403, 404, 408, 409)],
    *[(m, Response(s), False) for m in ("GET", "POST") for s in (413, 501, 505)],
]


@pytest.mark.parametrize(("method", "outcome", "expected"), TABLE)
def test_retryable_table(method: str, outcome: Response | TransportError, expected: bool) -> None:
    assert RetryPolicy.retryable(method, outcome) is expected
    wait = POLICY.delay(method, outcome, attempt=1, elapsed=0.0, jitter=0.5)
    assert (wait is not None) is expected


def test_lower_case_method_is_read_like_upper_case() -> None:
    assert RetryPolicy.retryable("get", TransportTimeout("t"))
    assert not RetryPolicy.retryable("post", TransportTimeout("t"))


def test_success_is_never_retried() -> None:
    for status in (200, 201, 204, 299):
        assert POLICY.delay("GET", Response(status), 1, 0.0, 0.5) is None


def test_full_jitter_exponential_backoff() -> None:
    policy = RetryPolicy(max_attempts=10, backoff_base=0.5, backoff_max=4.0, max_total=1e6)
    caps = [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    for attempt, cap in enumerate(caps, start=1):
        assert policy.delay("GET", Response(503), attempt, 0.0, 0.0) == 0.0
        assert policy.delay("GET", Response(503), attempt, 0.0, 0.5) == cap / 2
        assert policy.delay("GET", Response(503), attempt, 0.0, 0.999) == pytest.approx(cap * 0.999)


def test_attempts_are_bounded() -> None:
    policy = RetryPolicy(max_attempts=3)
    assert policy.delay("GET", Response(503), 2, 0.0, 0.5) is not None
    assert policy.delay("GET", Response(503), 3, 0.0, 0.5) is None
    assert NO_RETRY.delay("GET", Response(503), 1, 0.0, 0.5) is None
    assert NO_RETRY.delay("POST", ConnectError("x"), 1, 0.0, 0.5) is None


def test_retry_after_seconds_is_honoured_exactly() -> None:
    wait = POLICY.delay("POST", Response(429, {"Retry-After": "7"}), 1, 0.0, 0.5)
    assert wait == 7.0
    assert POLICY.delay("GET", Response(503, {"retry-after": "0"}), 1, 0.0, 0.9) == 0.0


def test_retry_after_http_date_is_read_against_the_wall_clock() -> None:
    now = 1_445_412_420.0  # Wed, 21 Oct 2015 07:27:00 GMT
    late = Response(503, {"Retry-After": "Wed, 21 Oct 2015 07:27:12 GMT"})
    assert POLICY.delay("GET", late, 1, 0.0, 0.5, now=now) == 12.0
    past = Response(503, {"Retry-After": "Wed, 21 Oct 2015 07:00:00 GMT"})
    assert POLICY.delay("GET", past, 1, 0.0, 0.5, now=now) == 0.0


def test_retry_after_beyond_the_budget_gives_up_at_once() -> None:
    # Waiting an hour inside a call helps nobody: raise RateLimited (with retry_after) now.
    assert POLICY.delay("GET", Response(429, {"Retry-After": "3600"}), 1, 0.0, 0.5) is None
    assert POLICY.delay("GET", Response(429, {"Retry-After": "9" * 400}), 1, 0.0, 0.5) is None
    # Within budget but not within what is left of it.
    assert POLICY.delay("GET", Response(429, {"Retry-After": "20"}), 1, 45.0, 0.5) is None
    assert POLICY.delay("GET", Response(429, {"Retry-After": "20"}), 1, 39.0, 0.5) == 20.0


def test_garbage_retry_after_falls_back_to_backoff() -> None:
    for value in ("soon", "-5", "inf", "nan", "1e3", "", "Tue, 99 Foo 2015 07:28:00 GMT"):
        wait = POLICY.delay("GET", Response(503, {"Retry-After": value}), 1, 0.0, 0.5)
        assert wait == 0.25, value


def test_backoff_past_the_budget_gives_up() -> None:
    assert POLICY.delay("GET", Response(503), 1, 59.9, 0.5) is None
    assert POLICY.delay("GET", Response(503), 1, 59.0, 0.5) == 0.25
    assert POLICY.remaining(59.0) == 1.0 and POLICY.remaining(70.0) == 0.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"max_attempts": 101},
        {"max_attempts": 2.5},
        {"max_attempts": True},
        {"backoff_base": -1},
        {"backoff_max": math.inf},
        {"max_total": math.nan},
        {"max_total": "30"},
    ],
)
def test_policy_fields_are_validated(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError, match="retry"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_parse_retry_after_forms() -> None:
    now = 1_445_412_420.0
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 1.5 ") == 1.5
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None  # no clock given
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now) == 60.0
    assert parse_retry_after("Wednesday, 21-Oct-15 07:28:00 GMT", now) == 60.0
    assert parse_retry_after("Wed Oct 21 07:28:00 2015", now) == 60.0
    assert parse_retry_after("Wed, 31 Feb 2015 07:28:00 GMT", now) is None
    assert parse_retry_after(None) is None


def test_rate_limited_hint_is_read_by_the_policys_parser() -> None:
    # One reading of Retry-After, in _retry: the wait the policy plans and the error's hint.
    import opentok_core._errors as errors

    for value in ("7", " 1.5 ", "garbage", "Wed, 21 Oct 2015 07:28:00 GMT"):
        with pytest.raises(RateLimited) as info:
            finish(GetArchive(archive_id="a1"), Response(429, {"Retry-After": value}))
        assert info.value.retry_after == parse_retry_after(value)
    assert not hasattr(errors, "parse_retry_after")


# Properties ------------------------------------------------------------------------------

policies = st.builds(
    RetryPolicy,
    max_attempts=st.integers(1, 10),
    backoff_base=st.floats(0, 5),
    backoff_max=st.floats(0, 30),
    max_total=st.floats(0, 120),
)
statuses = st.integers(100, 599)
retry_after = st.one_of(
    st.none(),
    st.integers(0, 10_000).map(str),
    st.floats(0, 1e4).map(lambda f: f"{f:.3f}"),
    st.text(max_size=12),
)
responses = st.builds(
    lambda status, hint: Response(status, {} if hint is None else {"Retry-After": hint}),
    statuses,
    retry_after,
)
transport_errors = st.sampled_from(
    [ConnectError("c"), ConnectTimeout("ct"), TransportTimeout("t"), TransportError("e")]
)
outcomes = st.one_of(responses, transport_errors)
methods = st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"])
attempts = st.integers(1, 12)
elapsed = st.floats(0, 200)
jitter = st.floats(0, 1, exclude_max=True)


@given(policies, responses | st.sampled_from([TransportTimeout("t"), TransportError("e")]))
def test_post_that_may_have_been_received_is_never_retried(policy, outcome) -> None:  # type: ignore[no-untyped-def]
    refused = isinstance(outcome, Response) and outcome.status in (429, 503)
    for method in ("POST", "PATCH"):
        for attempt in range(1, 4):
            wait = policy.delay(method, outcome, attempt, 0.0, 0.5)
            assert wait is None or refused


@given(policies, methods, outcomes, attempts, elapsed, jitter)
def test_delays_are_within_bounds_and_budget(policy, method, outcome, attempt, spent, j) -> None:  # type: ignore[no-untyped-def]
    wait = policy.delay(method, outcome, attempt, spent, j)
    if wait is None:
        return
    assert attempt < policy.max_attempts
    assert wait >= 0 and spent + wait < policy.max_total
    hint = (
        parse_retry_after(outcome.header("retry-after")) if isinstance(outcome, Response) else None
    )
    if hint is None:
        cap = min(policy.backoff_max, policy.backoff_base * 2 ** (attempt - 1))
        assert wait <= cap
    else:
        assert wait == hint


@given(methods, outcomes, attempts, elapsed, jitter)
def test_no_retry_policy_never_retries(method, outcome, attempt, spent, j) -> None:  # type: ignore[no-untyped-def]
    assert NO_RETRY.delay(method, outcome, attempt, spent, j) is None


@given(st.text(max_size=40), st.floats(0, 2e9))
def test_parse_retry_after_is_total(value: str, now: float) -> None:
    result = parse_retry_after(value, now)
    assert result is None or result >= 0
