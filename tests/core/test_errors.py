"""Errors are complete when built: ``attempts`` (and a TransportError's operation) are
constructor arguments, never set afterwards, and every error pickles with all its attributes
(a worker process or a task queue hands them on)."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest

from opentok_core import (
    ConnectTimeout,
    GetArchive,
    OpenTokError,
    RateLimited,
    Request,
    Response,
    TokenError,
    TransportError,
    UnexpectedResponse,
    ValidationError,
    error_from_response,
    finish,
)
from opentok_core._errors import unexpected

REQUEST = Request("GET", "https://api.example.test/v2/project/k/archive/a1")
NAMED = Request(REQUEST.method, REQUEST.url, operation="archives.get", attempt=3)


def _state(error: BaseException) -> tuple[Any, ...]:
    return (type(error), error.args, str(error), vars(error))


def test_attempts_is_a_constructor_argument_not_a_class_default() -> None:
    assert "attempts" not in vars(OpenTokError)
    assert OpenTokError("x", attempts=2).attempts == 2
    assert OpenTokError("x").attempts == 0
    assert ValidationError("archive_id", "must not be empty").attempts == 0  # before any I/O


def test_transport_error_takes_operation_and_attempt_from_the_request() -> None:
    error = ConnectTimeout("connect timed out", request=NAMED)
    assert (error.operation, error.attempts, error.message) == (
        "archives.get",
        3,
        "connect timed out",
    )
    assert str(error) == "archives.get: connect timed out"
    assert "x-opentok-auth" not in vars(error) and "request" not in vars(error)
    bare = TransportError("reset")
    assert (bare.operation, bare.attempts, str(bare)) == ("", 0, "reset")


def test_finish_builds_api_errors_with_the_attempt_count() -> None:
    with pytest.raises(RateLimited) as info:
        finish(GetArchive(archive_id="a1"), Response(429, {"Retry-After": "7"}), attempts=4)
    assert info.value.attempts == 4 and info.value.retry_after == 7.0
    with pytest.raises(UnexpectedResponse) as bad:
        finish(GetArchive(archive_id="a1"), Response(200, (), b"{"), attempts=2)
    assert bad.value.attempts == 2
    # Without a count (bring your own transport: one response, one try).
    assert error_from_response("archives.get", Response(404)).attempts == 1


@pytest.mark.parametrize(
    "error",
    [
        OpenTokError("plain", attempts=2),
        ValidationError("archive_id", "must not be empty"),
        TokenError("bad signature"),
        TransportError("connection reset", request=NAMED),
        ConnectTimeout("connect timed out", request=NAMED),
        TransportError("no request"),
        error_from_response(
            "archives.get",
            Response(404, {"content-type": "application/json"}, b'{"code":15004,"message":"no"}'),
            {404: "archive not found"},
            attempts=3,
        ),
        error_from_response(
            "archives.get", Response(429, {"Retry-After": "2"}), attempts=5, retry_after=2.0
        ),
        unexpected("archives.get", Response(200, (), b"<html>"), "not JSON", attempts=2),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_error_pickles_with_all_its_attributes(error: OpenTokError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert _state(copy) == _state(error)
    assert copy.attempts == error.attempts


def test_rate_limited_round_trips_its_public_attributes() -> None:
    limited = Response(429, {"Retry-After": "2"})
    error = error_from_response("archives.get", limited, attempts=3, retry_after=2.0)
    assert isinstance(error, RateLimited)
    copy = pickle.loads(pickle.dumps(error))
    public = ("operation", "attempts", "status", "code", "message", "response", "retry_after")
    assert [getattr(copy, a) for a in public] == [getattr(error, a) for a in public]
    assert copy.retry_after == 2.0 and copy.attempts == 3


@pytest.mark.parametrize(
    ("server", "said"),
    [
        ("Archive not found", "archive not found"),
        ("Archive not found.", "archive not found"),
        ("Archive not found in this project", "Archive not found in this project"),
        ("quota exhausted", "archive not found — quota exhausted"),
    ],
)
def test_an_error_message_says_a_thing_once(server: str, said: str) -> None:
    body = json.dumps({"code": 404, "message": server}).encode()
    error = error_from_response("archives.get", Response(404, (), body), {404: "archive not found"})
    assert str(error) == f"archives.get: HTTP 404: {said}"
