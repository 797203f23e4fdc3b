"""Both clients follow the core's retry policy over a fake transport, with the sleep hook
recording the backoff instead of waiting; timeouts and policies are set per client and per call."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from opentok_async import AsyncClient
from opentok_core import (
    NO_RETRY,
    ConnectError,
    ConnectTimeout,
    GetArchive,
    RateLimited,
    Response,
    RetryPolicy,
    ServerError,
    Timeout,
    TransportError,
    TransportTimeout,
    ValidationError,
)
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET, fixture_body
from tests.fakes import FakeClock, FakeTransport, Script, json_response

pytestmark = pytest.mark.anyio

ARCHIVE_ID = "b40ef09b-3811-4726-b508-e41a0f96c68f"
OK_ARCHIVE = json_response(200, fixture_body("archives.get", 200) or b"")
OK_SESSION = json_response(200, fixture_body("sessions.create", 200) or b"")


async def call(result: Any) -> Any:
    """The value of a sync result or an awaited async one."""
    return await result if inspect.isawaitable(result) else result


def make(kind: str, script: Script, clock: FakeClock, **kw: Any) -> tuple[Any, FakeTransport]:
    fake = FakeTransport(script)
    cls: Any = Client if kind == "sync" else AsyncClient
    sleep = clock.sleep if kind == "sync" else clock.asleep
    client = cls(API_KEY, API_SECRET, transport=fake, runtime=clock.runtime(), sleep=sleep, **kw)
    return client, fake


KINDS = pytest.mark.parametrize("kind", ["sync", "async"])


@KINDS
async def test_get_503_503_200_succeeds_with_backoff_observed(kind: str) -> None:
    clock = FakeClock()
    client, fake = make(kind, Script(Response(503), Response(503), OK_ARCHIVE), clock)
    archive = await call(client.get_archive(ARCHIVE_ID))
    assert archive.id == ARCHIVE_ID
    assert len(fake.requests) == 3
    assert clock.sleeps == [0.125, 0.25]  # full jitter (0.5 here) of 0.25 s doubling


@KINDS
async def test_post_500_is_raised_after_exactly_one_request(kind: str) -> None:
    clock = FakeClock()
    client, fake = make(kind, Script(Response(500)), clock)
    with pytest.raises(ServerError) as info:
        await call(client.create_session())
    assert len(fake.requests) == 1 and clock.sleeps == [] and info.value.attempts == 1


@KINDS
@pytest.mark.parametrize(
    "error", [TransportTimeout("read timed out"), TransportError("RemoteDisconnected")]
)
async def test_post_that_may_have_arrived_is_not_retried(kind: str, error: Exception) -> None:
    clock = FakeClock()
    client, fake = make(kind, Script(error, OK_SESSION), clock)
    with pytest.raises(type(error)):
        await call(client.create_session())
    assert len(fake.requests) == 1


@KINDS
@pytest.mark.parametrize(
    "error", [TransportTimeout("read timed out"), TransportError("RemoteDisconnected")]
)
async def test_get_is_retried_after_a_read_timeout_or_drop(kind: str, error: Exception) -> None:
    clock = FakeClock()
    client, fake = make(kind, Script(error, OK_ARCHIVE), clock)
    assert (await call(client.get_archive(ARCHIVE_ID))).id == ARCHIVE_ID
    assert len(fake.requests) == 2 and clock.sleeps == [0.125]


@KINDS
async def test_custom_transports_bare_error_names_the_operation_and_counts_attempts(
    kind: str,
) -> None:
    # A user's transport raising plain TransportError("...") with no request in it.
    clock = FakeClock()
    bare = TransportError("RemoteDisconnected")
    client, fake = make(kind, Script(bare), clock)
    with pytest.raises(TransportError) as info:
        await call(client.get_archive(ARCHIVE_ID))
    error = info.value
    assert type(error) is TransportError and error.__cause__ is bare
    assert (error.operation, error.attempts) == ("archives.get", 3) and len(fake.requests) == 3
    assert str(error) == "archives.get: RemoteDisconnected"


@KINDS
@pytest.mark.parametrize("error", [ConnectError("refused"), ConnectTimeout("no SYN-ACK")])
async def test_post_is_retried_when_it_never_left(kind: str, error: Exception) -> None:
    clock = FakeClock()
    client, fake = make(kind, Script(error, OK_SESSION), clock)
    assert (await call(client.create_session())).session_id
    assert len(fake.requests) == 2


@KINDS
async def test_429_retry_after_is_honoured_even_on_a_post(kind: str) -> None:
    clock = FakeClock()
    limited = json_response(429, b'{"code":429,"message":"slow down"}', {"Retry-After": "2"})
    client, fake = make(kind, Script(limited, OK_SESSION), clock)
    assert (await call(client.create_session())).session_id
    assert clock.sleeps == [2.0] and len(fake.requests) == 2


@KINDS
async def test_retry_after_past_the_budget_raises_rate_limited_at_once(kind: str) -> None:
    clock = FakeClock()
    limited = json_response(429, b"{}", {"Retry-After": "3600"})
    client, fake = make(kind, Script(limited), clock)
    with pytest.raises(RateLimited) as info:
        await call(client.get_archive(ARCHIVE_ID))
    assert info.value.retry_after == 3600.0 and clock.sleeps == [] and len(fake.requests) == 1


@KINDS
async def test_exhausted_retries_raise_the_last_error(kind: str) -> None:
    clock = FakeClock()
    client, fake = make(kind, Script(Response(503)), clock)
    with pytest.raises(ServerError) as info:
        await call(client.get_archive(ARCHIVE_ID))
    assert info.value.attempts == 3 and len(fake.requests) == 3 and len(clock.sleeps) == 2


@KINDS
async def test_retries_can_be_turned_off_per_client_per_call_and_per_copy(kind: str) -> None:
    clock = FakeClock()
    client, fake = make(kind, Script(Response(503)), clock, retry=NO_RETRY)
    with pytest.raises(ServerError):
        await call(client.get_archive(ARCHIVE_ID))
    assert len(fake.requests) == 1

    client, fake = make(kind, Script(Response(503)), clock)
    with pytest.raises(ServerError):
        await call(client.send(GetArchive(archive_id=ARCHIVE_ID), retry=NO_RETRY))
    with pytest.raises(ServerError):
        await call(client.with_options(retry=NO_RETRY).get_archive(ARCHIVE_ID))
    assert len(fake.requests) == 2
    with pytest.raises(ServerError):
        await call(client.get_archive(ARCHIVE_ID))  # the original keeps its policy
    assert len(fake.requests) == 5


@KINDS
async def test_retry_budget_bounds_the_whole_call(kind: str) -> None:
    clock = FakeClock(jitter=0.99)
    policy = RetryPolicy(max_attempts=100, backoff_base=1.0, backoff_max=4.0, max_total=10.0)
    client, fake = make(kind, Script(Response(503)), clock, retry=policy)
    with pytest.raises(ServerError):
        await call(client.get_archive(ARCHIVE_ID))
    assert clock.elapsed < 10.0 and sum(clock.sleeps) < 10.0
    assert len(fake.requests) == len(clock.sleeps) + 1 < 100


@KINDS
async def test_timeouts_default_and_override_per_client_call_and_copy(kind: str) -> None:
    clock = FakeClock()
    client, fake = make(kind, Script(OK_ARCHIVE), clock)
    await call(client.get_archive(ARCHIVE_ID))
    assert fake.timeouts[-1] == Timeout(5.0, 30.0) and fake.timeouts[-1].deadline == 35.0

    client, fake = make(kind, Script(OK_ARCHIVE), clock, timeout=(1, 3))
    await call(client.get_archive(ARCHIVE_ID))
    await call(client.send(GetArchive(archive_id=ARCHIVE_ID), timeout=0.3))
    await call(client.with_options(timeout=Timeout(2, 4, total=5)).get_archive(ARCHIVE_ID))
    assert fake.timeouts == [Timeout(1, 3), Timeout(0.3, 0.3), Timeout(2, 4, 5)]
    assert client.timeout == Timeout(1, 3)


@KINDS
async def test_bad_timeouts_and_policies_are_validation_errors(kind: str) -> None:
    clock = FakeClock()
    for timeout in (0, -1, float("inf"), float("nan"), "5", (1, 2, 3), True):
        with pytest.raises(ValidationError, match="timeout"):
            make(kind, Script(OK_ARCHIVE), clock, timeout=timeout)
    with pytest.raises(ValidationError, match="retry"):
        make(kind, Script(OK_ARCHIVE), clock, retry=3)
    client, fake = make(kind, Script(OK_ARCHIVE), clock)
    with pytest.raises(ValidationError, match="timeout"):
        await call(client.send(GetArchive(archive_id=ARCHIVE_ID), timeout=-2))
    with pytest.raises(ValidationError, match="operation"):
        await call(client.send(object()))
    assert fake.requests == []


@KINDS
async def test_closing_a_copy_keeps_the_shared_pool_open(kind: str) -> None:
    clock = FakeClock()
    client, fake = make(kind, Script(OK_ARCHIVE), clock)
    copy = client.with_options(timeout=1)
    await call(copy.close() if kind == "sync" else copy.aclose())
    assert not fake.closed
    await call(client.close() if kind == "sync" else client.aclose())
    assert fake.closed
