"""parse_callback: every fixture in spec/fixtures/callbacks parses into its typed event, unknown
events stay raw, and any input gives an event or a ValidationError."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opentok_core import (
    ArchiveEvent,
    ArchiveStatus,
    BroadcastEvent,
    BroadcastStatus,
    CaptionsEvent,
    CaptionsStatus,
    ConnectionCreated,
    ConnectionDestroyed,
    RenderEvent,
    RenderStatus,
    SessionCreated,
    SessionDestroyed,
    SipCallEvent,
    StreamCreated,
    StreamDestroyed,
    UnknownEvent,
    ValidationError,
    VideoType,
    parse_callback,
)
from tests.conftest import SPEC

FIXTURES = SPEC / "fixtures" / "callbacks"
SID = "2_MX4xMjM0NTZ-fk1vbiBPY3QgMjEgMDk6MzA6MTQgUERUIDIwMjN-MC4yNzQ4Mjk2fg"

EXPECTED: dict[str, type] = {
    "archive": ArchiveEvent,
    "broadcast": BroadcastEvent,
    "render": RenderEvent,
    "captions": CaptionsEvent,
    "connectionCreated": ConnectionCreated,
    "connectionDestroyed": ConnectionDestroyed,
    "streamCreated": StreamCreated,
    "streamDestroyed": StreamDestroyed,
    "sessionCreated": SessionCreated,
    "sessionDestroyed": SessionDestroyed,
    "callUpdated": SipCallEvent,
    "sessionNotification": UnknownEvent,
}


def load(name: str) -> bytes:
    return (FIXTURES / f"{name}.json").read_bytes()


def test_every_callback_fixture_is_covered() -> None:
    assert {p.stem for p in FIXTURES.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_parses_into_its_event_from_bytes_str_and_mapping(name: str) -> None:
    body = load(name)
    event = parse_callback(body)
    assert type(event) is EXPECTED[name]
    assert parse_callback(body.decode()) == event
    assert parse_callback(json.loads(body)) == event
    assert event.raw == json.loads(body)


def test_archive_event_carries_the_archive() -> None:
    event = parse_callback(load("archive"))
    assert isinstance(event, ArchiveEvent)
    assert event.archive.status is ArchiveStatus.UPLOADED
    assert event.archive.session_id == SID and event.archive.project_id == "123456"
    assert event.archive.duration == 358


def test_broadcast_event_carries_the_broadcast() -> None:
    event = parse_callback(load("broadcast"))
    assert isinstance(event, BroadcastEvent)
    assert event.broadcast.status is BroadcastStatus.STARTED
    assert event.broadcast.broadcast_urls.hls is not None


def test_render_status_without_an_event_name_is_recognised_by_its_shape() -> None:
    event = parse_callback(load("render"))
    assert isinstance(event, RenderEvent)
    assert event.render.status is RenderStatus.STOPPED
    assert event.render.reason == "Max Duration Exceeded"
    named = parse_callback({"event": "render", "id": "r1", "status": "started"})
    assert isinstance(named, RenderEvent) and named.render.id == "r1"


def test_captions_event() -> None:
    event = parse_callback(load("captions"))
    assert isinstance(event, CaptionsEvent)
    assert event.captions_id == "7c0680fc-6274-4de5-a66f-d0648e8d3ac2"
    assert event.status is CaptionsStatus.STOPPED and event.duration == 600
    assert event.project_id == "123456" and event.provider == "aws-transcribe"
    other = parse_callback({"captionsId": "c1", "status": "translating"})
    assert isinstance(other, CaptionsEvent) and other.status == "translating"


def test_session_monitoring_connection_events() -> None:
    created = parse_callback(load("connectionCreated"))
    assert isinstance(created, ConnectionCreated)
    assert created.session_id == SID and created.project_id == "123456"
    assert created.connection.data == "name=Alice"
    assert created.timestamp == dt.datetime(2023, 10, 21, 16, 30, 15, 300000, dt.timezone.utc)
    destroyed = parse_callback(load("connectionDestroyed"))
    assert isinstance(destroyed, ConnectionDestroyed)
    assert destroyed.reason == "networkDisconnected"
    assert destroyed.connection == created.connection


def test_session_monitoring_stream_events() -> None:
    created = parse_callback(load("streamCreated"))
    assert isinstance(created, StreamCreated)
    assert created.stream.video_type is VideoType.CAMERA and created.stream.name == "Alice"
    assert created.stream.connection is not None
    assert created.stream.connection.id == "4c1f2b3a-9d8e-4f70-a6b5-1e2d3c4b5a69"
    destroyed = parse_callback(load("streamDestroyed"))
    assert isinstance(destroyed, StreamDestroyed)
    assert (
        destroyed.reason == "forceUnpublished" and destroyed.stream.video_type is VideoType.SCREEN
    )


def test_session_lifecycle_and_sip_call_events() -> None:
    assert isinstance(parse_callback(load("sessionCreated")), SessionCreated)
    destroyed = parse_callback(load("sessionDestroyed"))
    assert isinstance(destroyed, SessionDestroyed) and destroyed.reason == "forceDisconnected"
    call = parse_callback(load("callUpdated"))
    assert isinstance(call, SipCallEvent)
    assert call.event == "callUpdated" and call.call_id == "b0a5a8c7-dc38-459f-a48d-a7f2008da853"
    assert call.connection is not None
    assert call.connection.id == "e9f8c166-6c67-440d-994a-04fb6dfed007"
    assert call.raw["call"]["state"] == "answered"


def test_unknown_events_keep_the_raw_payload() -> None:
    event = parse_callback(load("sessionNotification"))
    assert event == UnknownEvent(
        event="sessionNotification", raw=json.loads(load("sessionNotification"))
    )
    assert parse_callback(b'{"hello":"world"}') == UnknownEvent(raw={"hello": "world"})
    assert parse_callback({"event": 7}) == UnknownEvent(event=None, raw={"event": 7})
    # Not a render: the shape test must not trip over an unhashable status.
    odd = {"id": "r", "url": "https://e.com/p", "status": []}
    assert parse_callback(odd) == UnknownEvent(raw=odd)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'"archive"',
        b"\xff\xfe\x00",
        b"{" * 100_000,
        '{"event": "streamCreated"}',  # no sessionId, no stream
        {"event": "connectionCreated", "sessionId": "s", "connection": "c1"},
        {"event": "archive", "status": "started"},  # no id
        {"event": "streamDestroyed", "sessionId": "s", "stream": {"id": 5}},
        {"event": "sessionCreated", "sessionId": "s", "timestamp": 10**30},
        {"event": "callUpdated", "sessionId": "s", "call": []},
        12,
        None,
    ],
)
def test_unreadable_or_malformed_bodies_raise_validation_error(body: Any) -> None:
    with pytest.raises(ValidationError) as info:
        parse_callback(body)
    assert info.value.field == "body"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
keys = st.sampled_from(
    [
        "event",
        "sessionId",
        "projectId",
        "timestamp",
        "connection",
        "stream",
        "reason",
        "id",
        "status",
        "url",
        "createdAt",
        "captionId",
        "captionsId",
        "broadcastUrls",
        "call",
        "data",
        "videoType",
        "streams",
        "transcription",
    ]
)
events = st.sampled_from(sorted(EXPECTED) + ["captions", "callCreated", "callDestroyed"])
shaped = st.builds(
    lambda base, event: {**base, "event": event} if event else base,
    st.dictionaries(keys, json_values, max_size=8),
    st.none() | events,
)


@settings(max_examples=150)
@given(st.one_of(st.binary(max_size=300), shaped.map(lambda d: json.dumps(d).encode()), shaped))
def test_any_input_gives_an_event_or_a_validation_error(body: Any) -> None:
    try:
        event = parse_callback(body)
    except ValidationError as exc:
        assert exc.field == "body"
    else:
        assert event.raw is not None


@pytest.mark.parametrize("value", [float("inf"), 6.77680361916768e19, -(10**20)])
def test_out_of_range_timestamps_are_value_errors_not_overflow(value: float) -> None:
    from opentok_core.models._read import ms_time

    with pytest.raises(ValueError, match="timestamp"):
        ms_time({"timestamp": value}, "timestamp")
