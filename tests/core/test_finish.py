"""finish() maps statuses to the classes of spec/errors.toml and reads the error body (that it
is total, for every registered operation, is in test_operation_properties.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import opentok_core
from opentok_core import (
    ApiError,
    AuthenticationError,
    CreateSession,
    GetArchive,
    RateLimited,
    Response,
    UnexpectedResponse,
    finish,
)
from tests.conftest import load_errors

ERRORS = load_errors()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: __import__("json").dumps(v).encode()),
    st.sampled_from([b"<html><body>502 Bad Gateway</body></html>", b'{"id": 1', b"", b"[]"]),
)


@given(st.integers(300, 599), bodies)
def test_non_success_status_maps_to_the_spec_class(status: int, body: bytes) -> None:
    expected = getattr(
        opentok_core, ERRORS.get(str(status), "ServerError" if status >= 500 else ERRORS["other"])
    )
    with pytest.raises(ApiError) as info:
        finish(GetArchive(archive_id="a1"), Response(status, (), body))
    assert type(info.value) is expected


def test_error_body_code_message_description_are_kept() -> None:
    body = b'{"code":15004,"message":"Archive not found","description":"no such archive"}'
    with pytest.raises(opentok_core.NotFound) as info:
        finish(GetArchive(archive_id="a1"), Response(404, (), body))
    e = info.value
    assert (e.code, e.description, e.operation) == (15004, "no such archive", "archives.get")
    assert "archive not found" in str(e).lower() and "HTTP 404" in str(e)


def test_rate_limited_carries_retry_after() -> None:
    with pytest.raises(RateLimited) as info:
        finish(GetArchive(archive_id="a1"), Response(429, {"Retry-After": "7"}, b""))
    assert info.value.retry_after == 7.0


def test_expired_auth_token_message_names_clock_skew() -> None:
    body = b'{"code":-1,"message":"Token has expired","description":""}'
    with pytest.raises(AuthenticationError, match="clock skew"):
        finish(GetArchive(archive_id="a1"), Response(403, (), body))


def test_html_outage_page_on_success_status_is_unexpected_response() -> None:
    page = b"<html>" + b"x" * 10_000 + b"</html>"
    with pytest.raises(UnexpectedResponse) as info:
        finish(CreateSession(), Response(200, {"content-type": "text/html"}, page))
    assert info.value.status == 200 and len(info.value.excerpt) <= 501
    assert isinstance(info.value.__cause__, ValueError)
