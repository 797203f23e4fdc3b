"""Broadcast operations: exact requests, typed options and the official dict shape giving the
same bytes, every local check, fixtures parsed (both RTMP url shapes), 404/409 "not found"."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from opentok_core import (
    AddBroadcastStream,
    Broadcast,
    BroadcastOptions,
    BroadcastStatus,
    Conflict,
    GetBroadcast,
    HlsOutput,
    HlsStatus,
    Layout,
    ListBroadcasts,
    MethodNotAllowed,
    NotFound,
    Page,
    RemoveBroadcastStream,
    RequestTimeout,
    Response,
    RtmpOutput,
    SetBroadcastLayout,
    StartBroadcast,
    StopBroadcast,
    StreamMode,
    ValidationError,
    finish,
)
from tests.conftest import SESSION_ID, fixture_body
from tests.core.test_archives import BARE_HEADERS, BASE, CONFIG, json_wire, wire

BID = "f03fad17-4591-4422-8bd3-00a4df1e616a"
YOUTUBE = RtmpOutput(
    id="youtube", server_url="rtmp://a.rtmp.youtube.com/live2", stream_name="stream-key"
)
YOUTUBE_DICT = {
    "id": "youtube",
    "serverUrl": "rtmp://a.rtmp.youtube.com/live2",
    "streamName": "stream-key",
}


# Golden requests ----------------------------------------------------------------------------


def test_start_broadcast_minimal_hls_golden() -> None:
    op = StartBroadcast(session_id=SESSION_ID, options=BroadcastOptions(hls=HlsOutput()))
    assert wire(op.build(CONFIG)) == json_wire(
        "POST",
        f"{BASE}/broadcast",
        {"sessionId": SESSION_ID, "streamMode": "auto", "outputs": {"hls": {}}},
    )


def test_start_broadcast_every_option_golden() -> None:
    options = BroadcastOptions(
        hls=HlsOutput(low_latency=True, dvr=False),
        rtmp=[YOUTUBE, RtmpOutput(server_url="rtmps://live.example.test/app", stream_name="k2")],
        layout=Layout.custom("stream {width: 50%}"),
        max_duration=5400,
        max_bitrate=1_000_000,
        resolution="1920x1080",
        multi_broadcast_tag="town-hall",
        has_audio=True,
        has_video=False,
    )
    op = StartBroadcast(session_id=SESSION_ID, options=options, stream_mode=StreamMode.MANUAL)
    assert op.build(CONFIG).body == (
        b'{"sessionId":"' + SESSION_ID.encode() + b'","streamMode":"manual",'
        b'"layout":{"type":"custom","stylesheet":"stream {width: 50%}"},'
        b'"maxDuration":5400,"maxBitrate":1000000,'
        b'"outputs":{"hls":{"dvr":false,"lowLatency":true},'
        b'"rtmp":[{"id":"youtube","serverUrl":"rtmp://a.rtmp.youtube.com/live2",'
        b'"streamName":"stream-key"},{"serverUrl":"rtmps://live.example.test/app",'
        b'"streamName":"k2"}]},"resolution":"1920x1080","multiBroadcastTag":"town-hall",'
        b'"hasAudio":true,"hasVideo":false}'
    )


def test_stop_get_list_golden() -> None:
    assert wire(StopBroadcast(broadcast_id=BID).build(CONFIG)) == (
        "POST",
        f"{BASE}/broadcast/{BID}/stop",
        BARE_HEADERS,
        b"",
    )
    assert wire(GetBroadcast(broadcast_id=BID).build(CONFIG)) == (
        "GET",
        f"{BASE}/broadcast/{BID}",
        BARE_HEADERS,
        b"",
    )
    op = ListBroadcasts(offset=0, count=1000, session_id=SESSION_ID)
    assert wire(op.build(CONFIG)) == (
        "GET",
        f"{BASE}/broadcast?offset=0&count=1000&sessionId={SESSION_ID}",
        BARE_HEADERS,
        b"",
    )
    assert ListBroadcasts().build(CONFIG).url == f"{BASE}/broadcast"


def test_layout_and_stream_selection_golden() -> None:
    op = SetBroadcastLayout(broadcast_id=BID, layout={"type": "bestFit", "screenshareType": "pip"})
    assert wire(op.build(CONFIG)) == json_wire(
        "PUT", f"{BASE}/broadcast/{BID}/layout", {"type": "bestFit", "screenshareType": "pip"}
    )
    add = AddBroadcastStream(broadcast_id=BID, stream_id="s-1", has_audio=False)
    assert wire(add.build(CONFIG)) == json_wire(
        "PATCH",
        f"{BASE}/broadcast/{BID}/streams",
        {"addStream": "s-1", "hasAudio": False, "hasVideo": True},
    )
    remove = RemoveBroadcastStream(broadcast_id=BID, stream_id="s-1")
    assert wire(remove.build(CONFIG)) == json_wire(
        "PATCH", f"{BASE}/broadcast/{BID}/streams", {"removeStream": "s-1"}
    )


# Migration shape: the official dict gives the same bytes as the typed options --------------


def test_official_options_dict_equals_typed_options_on_the_wire() -> None:
    official = {
        "layout": {"type": "custom", "stylesheet": "the layout stylesheet"},
        "maxDuration": 5400,
        "maxBitrate": 1000000,
        "outputs": {"hls": {}, "rtmp": [YOUTUBE_DICT]},
        "resolution": "640x480",
        "multiBroadcastTag": "tag",
        "hasAudio": True,
        "hasVideo": True,
    }
    typed = BroadcastOptions(
        layout=Layout.custom("the layout stylesheet"),
        max_duration=5400,
        max_bitrate=1_000_000,
        hls=HlsOutput(),
        rtmp=[YOUTUBE],
        resolution="640x480",
        multi_broadcast_tag="tag",
        has_audio=True,
        has_video=True,
    )
    from_dict = StartBroadcast(session_id=SESSION_ID, options=official)
    from_typed = StartBroadcast(session_id=SESSION_ID, options=typed)
    assert from_dict == from_typed
    assert from_dict.build(CONFIG).body == from_typed.build(CONFIG).body
    sent = json.loads(from_dict.build(CONFIG).body)
    assert {k: v for k, v in sent.items() if k not in ("sessionId", "streamMode")} == official


def test_official_stream_mode_enum_is_understood() -> None:
    class BroadcastStreamModes(__import__("enum").Enum):
        manual = "manual"

    op = StartBroadcast(
        session_id=SESSION_ID,
        options={"outputs": {"hls": {"lowLatency": True}}},
        stream_mode=BroadcastStreamModes.manual,  # type: ignore[arg-type]
    )
    assert op.stream_mode is StreamMode.MANUAL


# Local validation ---------------------------------------------------------------------------

SIX_RTMP = [{**YOUTUBE_DICT, "id": f"t{i}"} for i in range(6)]


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({}, "outputs"),
        ({"outputs": {}}, "outputs"),
        ({"outputs": {"rtmp": []}}, "outputs"),
        ({"outputs": {"hls": {"dvr": True, "lowLatency": True}}}, "hls.low_latency"),
        ({"outputs": {"hls": {"dvr": "yes"}}}, "hls.dvr"),
        ({"outputs": {"hls": {"lowLatancy": True}}}, "hls.lowLatancy"),
        ({"outputs": {"hls": []}}, "hls"),
        ({"outputs": {"rtmp": SIX_RTMP}}, "rtmp"),
        ({"outputs": {"rtmp": [YOUTUBE_DICT, YOUTUBE_DICT]}}, "rtmp"),
        ({"outputs": {"rtmp": YOUTUBE_DICT}}, "rtmp"),
        (
            {"outputs": {"rtmp": [{"serverUrl": "http://x", "streamName": "k"}]}},
            "rtmp[0].server_url",
        ),
        ({"outputs": {"rtmp": [{"serverUrl": "rtmp://x"}]}}, "rtmp[0].stream_name"),
        ({"outputs": {"rtmp": [{**YOUTUBE_DICT, "key": "k"}]}}, "rtmp[0].key"),
        ({"outputs": {"rtmp": [{**YOUTUBE_DICT, "id": ""}]}}, "rtmp[0].id"),
        ({"outputs": {"rtmp": ["rtmp://x"]}}, "rtmp[0]"),
        ({"outputs": {"dash": {}}}, "outputs.dash"),
        ({"outputs": "hls"}, "outputs"),
        ({"outputs": {"hls": {}}, "maxDuration": 59}, "max_duration"),
        ({"outputs": {"hls": {}}, "maxDuration": 36_001}, "max_duration"),
        ({"outputs": {"hls": {}}, "maxBitrate": 99_999}, "max_bitrate"),
        ({"outputs": {"hls": {}}, "maxBitrate": 6_000_001}, "max_bitrate"),
        ({"outputs": {"hls": {}}, "maxBitrate": "1000000"}, "max_bitrate"),
        ({"outputs": {"hls": {}}, "resolution": "4k"}, "resolution"),
        ({"outputs": {"hls": {}}, "multiBroadcastTag": ""}, "multi_broadcast_tag"),
        ({"outputs": {"hls": {}}, "hasAudio": False, "hasVideo": False}, "has_video"),
        ({"outputs": {"hls": {}}, "layout": {"type": "custom"}}, "layout.stylesheet"),
        ({"outputs": {"hls": {}}, "maxDuraton": 600}, "maxDuraton"),
        ({"outputs": {"hls": {}}, "streamMode": "manual"}, "streamMode"),
        ({"outputs": {"hls": {}}, "sessionId": "x"}, "sessionId"),
    ],
)
def test_bad_broadcast_options_are_refused_before_any_request(
    options: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        StartBroadcast(session_id=SESSION_ID, options=options)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: StartBroadcast(session_id="", options={"outputs": {"hls": {}}}), "session_id"),
        (lambda: StartBroadcast(session_id=SESSION_ID, options=None), "options"),
        (lambda: StartBroadcast(session_id=SESSION_ID, options="hls"), "options"),
        (
            lambda: StartBroadcast(
                session_id=SESSION_ID, options={"outputs": {"hls": {}}}, stream_mode="x"
            ),
            "stream_mode",
        ),
        (lambda: BroadcastOptions(rtmp=[YOUTUBE] * 6), "rtmp"),
        (lambda: HlsOutput(dvr=True, low_latency=True), "low_latency"),
        (lambda: RtmpOutput(server_url="rtmp://x", stream_name=""), "stream_name"),
        (lambda: ListBroadcasts(count=1001), "count"),
        (lambda: ListBroadcasts(offset=-1), "offset"),
        (lambda: ListBroadcasts(session_id="a\tb"), "session_id"),
        (lambda: StopBroadcast(broadcast_id=""), "broadcast_id"),
        (lambda: SetBroadcastLayout(broadcast_id=BID, layout="tiles"), "layout.type"),
        (
            lambda: AddBroadcastStream(
                broadcast_id=BID, stream_id="s", has_audio=False, has_video=False
            ),
            "has_video",
        ),
        (lambda: RemoveBroadcastStream(broadcast_id=BID, stream_id=""), "stream_id"),
    ],
)
def test_bad_arguments_are_refused(build: Any, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.field == field


# Parsing ------------------------------------------------------------------------------------


def ok(status: int, body: bytes | None) -> Response:
    return Response(status, {"content-type": "application/json"}, body or b"")


def start_op() -> StartBroadcast:
    return StartBroadcast(session_id=SESSION_ID, options={"outputs": {"hls": {}}})


def test_start_fixture_parses_urls_settings_and_times() -> None:
    b = finish(start_op(), ok(200, fixture_body("broadcasts.start", 200)))
    assert isinstance(b, Broadcast) and b.id == BID and b.status is BroadcastStatus.STARTED
    assert b.created_at == dt.datetime(2024, 10, 4, 10, 56, 1, 14000, tzinfo=dt.timezone.utc)
    assert b.broadcast_urls.hls is not None and b.broadcast_urls.hls.endswith("playlist.m3u8?DVR")
    (rtmp,) = b.broadcast_urls.rtmp
    assert (rtmp.id, rtmp.status, rtmp.stream_name) == ("youtube", "connecting", "stream-key")
    assert b.hls_settings is not None and (b.hls_settings.dvr, b.hls_settings.low_latency) == (
        True,
        False,
    )
    assert (b.max_duration, b.max_bitrate, b.resolution) == (3600, 1_000_000, "1280x720")
    assert b.multi_broadcast_tag == "town-hall" and b.project_id == "123456"


def test_get_fixture_reads_rtmp_keyed_by_id_and_manual_streams() -> None:
    # the official SDK's own fixtures give RTMP targets as an object keyed by id
    b = finish(GetBroadcast(broadcast_id="x"), ok(200, fixture_body("broadcasts.get", 200)))
    assert b.broadcast_urls.hls_status is HlsStatus.LIVE
    assert [(r.id, r.status) for r in b.broadcast_urls.rtmp] == [
        ("foo", "live"),
        ("bar", "offline"),
    ]
    assert b.stream_mode is StreamMode.MANUAL and b.streams[0].stream_id == "abc123"


def test_stop_fixture_with_null_urls() -> None:
    b = finish(StopBroadcast(broadcast_id=BID), ok(200, fixture_body("broadcasts.stop", 200)))
    assert b.status is BroadcastStatus.STOPPED and b.broadcast_urls.rtmp == ()
    assert b.hls_settings is None


def test_list_fixture_parses_into_a_page() -> None:
    page = finish(ListBroadcasts(), ok(200, fixture_body("broadcasts.list", 200)))
    assert isinstance(page, Page) and page.count == 2 and len(page) == 2
    assert [b.status for b in page] == [BroadcastStatus.STARTED, BroadcastStatus.STOPPED]
    assert page[0].project_id == "c4e3a6f8-0f37-4d3a-9e44-0d5f3c2b9a11"
    assert page[1].broadcast_urls.hls_status is HlsStatus.ENDED


def test_unknown_states_are_kept_as_strings() -> None:
    body = b'{"id":"b","status":"paused","broadcastUrls":{"hlsStatus":"buffering"}}'
    b = finish(GetBroadcast(broadcast_id="b"), ok(200, body))
    assert b.status == "paused" and b.broadcast_urls.hls_status == "buffering"


@pytest.mark.parametrize(
    ("op", "status", "cls", "meaning"),
    [
        (GetBroadcast(broadcast_id=BID), 404, NotFound, "broadcast not found"),
        (GetBroadcast(broadcast_id=BID), 409, Conflict, "broadcast not found"),
        (StopBroadcast(broadcast_id=BID), 404, NotFound, "broadcast not found"),
        (StopBroadcast(broadcast_id=BID), 409, Conflict, "not found or already stopped"),
        (StopBroadcast(broadcast_id=BID), 408, RequestTimeout, "timed out"),
        (start_op(), 409, Conflict, "already running for this session"),
        (
            AddBroadcastStream(broadcast_id=BID, stream_id="s"),
            405,
            MethodNotAllowed,
            "broadcast stream mode is auto",
        ),
        (
            RemoveBroadcastStream(broadcast_id=BID, stream_id="s"),
            404,
            NotFound,
            "broadcast or stream not found",
        ),
    ],
)
def test_errors_carry_the_operation_meaning(op: Any, status: int, cls: type, meaning: str) -> None:
    body = fixture_body(op.name, status)
    assert body is not None
    with pytest.raises(cls) as info:
        finish(op, ok(status, body))
    assert meaning in info.value.message and info.value.operation == op.name
    # The server's words, said once (its own capitals or our meaning's, not both).
    assert json.loads(body)["message"].lower() in str(info.value).lower()
