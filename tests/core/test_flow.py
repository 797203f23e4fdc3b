"""The execute flow driven by hand (no client, no transport): retries, fresh signatures per
attempt, timeouts cut to the budget left, errors that name the operation and count attempts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opentok_core import (
    ConnectError,
    CreateSession,
    GetArchive,
    OpenTokError,
    Response,
    RetryPolicy,
    Send,
    ServerError,
    Sleep,
    Timeout,
    TransportError,
    TransportTimeout,
    ValidationError,
    make_config,
    run,
)
from tests.conftest import API_KEY, API_SECRET, fixture_body
from tests.fakes import FakeClock

CONFIG = make_config(API_KEY, API_SECRET, api_url="https://api.example.test")
ARCHIVE = fixture_body("archives.get", 200) or b""
Answer = Callable[[Send, int], "Response | TransportError"]


def drive(flow: Any, answer: Answer, clock: FakeClock) -> tuple[Any, list[Send]]:
    """Run ``flow`` to the end; ``answer(send, n)`` plays the server for the n-th send."""
    sends: list[Send] = []
    outcome: Any = None
    while True:
        try:
            action = flow.send(outcome)
        except StopIteration as done:
            return done.value, sends
        if isinstance(action, Sleep):
            clock.sleep(action.seconds)
            outcome = None
        else:
            sends.append(action)
            outcome = answer(action, len(sends))


def test_retry_then_success_signs_each_attempt_afresh() -> None:
    clock = FakeClock()
    flow = run(GetArchive(archive_id="a1"), CONFIG, clock.runtime(), RetryPolicy(), Timeout())
    result, sends = drive(
        flow, lambda s, n: Response(503) if n < 3 else Response(200, (), ARCHIVE), clock
    )
    assert result.id == "b40ef09b-3811-4726-b508-e41a0f96c68f"
    assert clock.sleeps == [0.125, 0.25]  # jitter 0.5 x caps 0.25, 0.5
    tokens = {s.request.header("x-opentok-auth") for s in sends}
    assert len(tokens) == 3  # a new JWT (new jti, new iat) for each attempt


def test_retry_timeouts_are_cut_to_the_budget_left() -> None:
    clock = FakeClock(jitter=0.0)
    policy = RetryPolicy(max_attempts=4, max_total=10.0)
    seen: list[Timeout] = []

    def answer(send: Send, n: int) -> Response | TransportError:
        seen.append(send.timeout)
        clock.advance(min(4.0, send.timeout.deadline or 0))  # each try times out after 4 s
        return TransportTimeout("read timed out")

    flow = run(GetArchive(archive_id="a1"), CONFIG, clock.runtime(), policy, Timeout(2, 30))
    with pytest.raises(TransportTimeout) as info:
        drive(flow, answer, clock)
    assert info.value.attempts == 3  # 4 s + 4 s, then only 2 s are left: a third try, no fourth
    first, second, third = seen
    assert first == Timeout(2, 30)
    assert (second.connect, second.read, second.deadline) == (2.0, 6.0, 6.0)
    assert (third.connect, third.read, third.deadline) == (2.0, 2.0, 2.0)
    assert clock.elapsed == 10.0


def test_transport_error_is_named_chained_and_counts_attempts() -> None:
    clock = FakeClock()
    cause = OSError("connection reset by peer")
    error = TransportError("ProtocolError: connection reset")
    error.__cause__ = cause
    flow = run(CreateSession(), CONFIG, clock.runtime(), RetryPolicy(), Timeout())
    with pytest.raises(TransportError) as info:
        drive(flow, lambda s, n: error, clock)
    assert info.value.operation == "sessions.create" and "sessions.create" in str(info.value)
    assert info.value.__cause__ is cause
    assert info.value.attempts == 1 and clock.sleeps == []  # a POST: not retried


def test_bare_transport_error_of_a_custom_transport_gets_operation_and_attempts() -> None:
    # A custom transport that knows nothing of operations: the same bare instance every time.
    clock = FakeClock()
    bare = TransportTimeout("read timed out")
    flow = run(GetArchive(archive_id="a1"), CONFIG, clock.runtime(), RetryPolicy(), Timeout())
    with pytest.raises(TransportTimeout) as info:
        drive(flow, lambda s, n: bare, clock)
    error = info.value
    assert type(error) is TransportTimeout and error is not bare
    assert (error.operation, error.attempts, error.message) == ("archives.get", 3, bare.message)
    assert str(error) == "archives.get: read timed out"
    assert error.__cause__ is bare  # nothing else to chain from
    assert (bare.operation, bare.attempts) == ("", 0)  # the transport's own is left alone


def test_error_built_from_the_request_is_raised_as_it_is() -> None:
    clock = FakeClock()
    built: list[TransportError] = []

    def answer(send: Send, n: int) -> TransportError:
        built.append(TransportError("connection reset", request=send.request))
        return built[-1]

    flow = run(GetArchive(archive_id="a1"), CONFIG, clock.runtime(), RetryPolicy(), Timeout())
    with pytest.raises(TransportError) as info:
        drive(flow, answer, clock)
    assert info.value is built[-1] and [e.attempts for e in built] == [1, 2, 3]
    assert info.value.operation == "archives.get"


class ProxyRefused(ConnectError):
    """A custom transport's own class, with a constructor of its own."""

    def __init__(self, proxy: str) -> None:
        super().__init__(f"the proxy {proxy} refused the connection")
        self.proxy = proxy


def test_custom_subclass_is_raised_as_itself_given_operation_and_attempts() -> None:
    # `except ProxyRefused` in the user's code keeps catching it, with its own attributes.
    clock = FakeClock()
    custom = ProxyRefused("proxy.internal:3128")
    flow = run(CreateSession(), CONFIG, clock.runtime(), RetryPolicy(max_attempts=2), Timeout())
    with pytest.raises(ProxyRefused) as info:
        drive(flow, lambda s, n: custom, clock)
    error = info.value
    assert error is custom and error.proxy == "proxy.internal:3128"
    assert (error.operation, error.attempts) == ("sessions.create", 2)
    assert error.message == "the proxy proxy.internal:3128 refused the connection"
    assert str(error) == "sessions.create: the proxy proxy.internal:3128 refused the connection"


def test_each_attempt_request_names_the_operation_and_its_try() -> None:
    clock = FakeClock()
    flow = run(GetArchive(archive_id="a1"), CONFIG, clock.runtime(), RetryPolicy(), Timeout())
    _, sends = drive(
        flow, lambda s, n: Response(503) if n < 3 else Response(200, (), ARCHIVE), clock
    )
    assert [(s.request.operation, s.request.attempt) for s in sends] == [
        ("archives.get", 1),
        ("archives.get", 2),
        ("archives.get", 3),
    ]


def test_api_error_counts_attempts() -> None:
    clock = FakeClock()
    flow = run(GetArchive(archive_id="a1"), CONFIG, clock.runtime(), RetryPolicy(), Timeout())
    with pytest.raises(ServerError) as info:
        drive(flow, lambda s, n: Response(503), clock)
    assert info.value.attempts == 3 and info.value.status == 503


def test_connect_error_on_a_post_is_retried() -> None:
    clock = FakeClock()
    flow = run(CreateSession(), CONFIG, clock.runtime(), RetryPolicy(), Timeout())
    body = fixture_body("sessions.create", 200) or b""
    result, sends = drive(
        flow, lambda s, n: ConnectError("refused") if n == 1 else Response(200, (), body), clock
    )
    assert len(sends) == 2 and result.session_id


def test_a_non_operation_is_refused_before_any_send() -> None:
    clock = FakeClock()
    for bogus in (object(), "archives.get", None):
        flow = run(bogus, CONFIG, clock.runtime(), RetryPolicy(), Timeout())  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="operation"):
            next(flow)


# Properties ------------------------------------------------------------------------------

failures = st.sampled_from(
    [
        Response(503),
        Response(502),
        Response(429),
        Response(500),
        TransportTimeout("t"),
        TransportError("reset"),
        ConnectError("refused"),
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["GET", "POST"]),
    failures,
    st.lists(st.floats(0, 40), min_size=1, max_size=12),
    st.floats(0, 1, exclude_max=True),
    st.integers(1, 8),
    st.floats(0.5, 60),
)
def test_total_time_and_attempts_are_bounded(  # type: ignore[no-untyped-def]
    method, failure, durations, jitter, max_attempts, max_total
) -> None:
    clock = FakeClock(jitter=jitter)
    policy = RetryPolicy(max_attempts=max_attempts, max_total=max_total)
    op = GetArchive(archive_id="a1") if method == "GET" else CreateSession()
    took: list[float] = []

    def answer(send: Send, n: int) -> Response | TransportError:
        # An attempt lasts what the server takes, but never past its own deadline.
        deadline = send.timeout.deadline
        assert deadline is not None
        took.append(min(durations[(n - 1) % len(durations)], deadline))
        clock.advance(took[-1])
        return failure

    flow = run(op, CONFIG, clock.runtime(), policy, Timeout(5, 30))
    with pytest.raises(OpenTokError):
        drive(flow, answer, clock)
    assert len(took) <= max_attempts
    assert clock.elapsed <= max(took[0], max_total) + 1e-9
    may_have_acted = failure in (Response(500),) or (
        isinstance(failure, TransportError) and not isinstance(failure, ConnectError)
    )
    if method == "POST" and (may_have_acted or failure == Response(502)):
        assert len(took) == 1
