"""get_stream, list_streams, set_stream_class_lists: golden wire, parsing, validation."""

from __future__ import annotations

import pytest

from opentok_core import (
    BadRequest,
    GetStream,
    ListStreams,
    NotFound,
    RequestTimeout,
    Response,
    SetStreamClassLists,
    Stream,
    StreamClassList,
    StreamList,
    UnexpectedResponse,
    ValidationError,
    VideoType,
    finish,
)
from tests.conftest import fixture_body
from tests.wire import CONFIG, PREFIX, bare_headers, json_headers, wire

SID = "1_MX4xMjM0NTZ-fg"
STREAM = "8b732909-0a06-46a2-8ea8-074e64d43422"


def ok(op, status: int = 200, body: bytes | None = None):  # type: ignore[no-untyped-def]
    return finish(op, Response(status, {"content-type": "application/json"}, body or b""))


def test_get_stream_golden_and_parse() -> None:
    op = GetStream(session_id=SID, stream_id=STREAM)
    assert wire(op.build(CONFIG)) == (
        "GET",
        f"{PREFIX}/session/{SID}/stream/{STREAM}",
        bare_headers(),
        b"",
    )
    stream = ok(op, body=fixture_body("streams.get", 200))
    assert stream == Stream(
        id=STREAM, video_type=VideoType.CAMERA, name="Bob's camera", layout_class_list=("full",)
    )


def test_unknown_video_type_is_kept_raw_and_missing_means_audio_only() -> None:
    op = GetStream(session_id=SID, stream_id=STREAM)
    hologram = ok(op, body=b'{"id":"s1","videoType":"hologram"}')
    assert hologram.video_type == "hologram"
    assert ok(op, body=b'{"id":"s1"}').video_type is None


def test_get_stream_408_means_an_invalid_stream_id() -> None:
    op = GetStream(session_id=SID, stream_id=STREAM)
    with pytest.raises(RequestTimeout, match="invalid stream id") as info:
        ok(op, 408, fixture_body("streams.get", 408))
    assert info.value.status == 408 and info.value.code == -1


def test_list_streams_golden_and_parse() -> None:
    op = ListStreams(session_id=SID)
    assert wire(op.build(CONFIG)) == ("GET", f"{PREFIX}/session/{SID}/stream", bare_headers(), b"")
    streams = ok(op, body=fixture_body("streams.list", 200))
    assert isinstance(streams, StreamList)
    assert streams.count == 2 and len(streams) == 2
    assert [s.video_type for s in streams] == [VideoType.CAMERA, VideoType.SCREEN]
    assert streams[1].layout_class_list == ("full", "focus")
    assert streams[-1].name == "Alice's screen"


def test_list_streams_404_is_an_error_not_an_empty_list() -> None:
    with pytest.raises(NotFound, match="session not found"):
        ok(ListStreams(session_id=SID), 404, fixture_body("streams.list", 404))


def test_list_streams_without_count_counts_items_and_bad_items_are_unexpected() -> None:
    op = ListStreams(session_id=SID)
    assert ok(op, body=b'{"items":[{"id":"a"}]}').count == 1
    with pytest.raises(UnexpectedResponse):
        ok(op, body=b'{"items":[{"videoType":"camera"}]}')


def test_set_stream_class_lists_golden() -> None:
    op = SetStreamClassLists(
        session_id=SID,
        items=[  # type: ignore[arg-type]
            StreamClassList(stream_id=STREAM, layout_class_list=["full", "focus"]),  # type: ignore[arg-type]
            StreamClassList(stream_id="s2"),
        ],
    )
    assert wire(op.build(CONFIG)) == (
        "PUT",
        f"{PREFIX}/session/{SID}/stream",
        json_headers(),
        (
            f'{{"items":[{{"id":"{STREAM}","layoutClassList":["full","focus"]}},'
            '{"id":"s2","layoutClassList":[]}]}'
        ).encode(),
    )
    assert ok(op, body=fixture_body("streams.set_class_lists", 200)) is None


def test_official_dict_items_give_the_typed_wire_body() -> None:
    official = SetStreamClassLists(
        session_id=SID,
        items=[  # type: ignore[arg-type]
            {"id": STREAM, "layoutClassList": ["focus"]},
            {"id": "s2", "layoutClassList": []},
        ],
    )
    typed = SetStreamClassLists(
        session_id=SID,
        items=(  # type: ignore[arg-type]
            StreamClassList(stream_id=STREAM, layout_class_list=("focus",)),
            StreamClassList(stream_id="s2", layout_class_list=()),
        ),
    )
    assert official == typed and official.build(CONFIG).body == typed.build(CONFIG).body


@pytest.mark.parametrize(
    ("items", "field"),
    [
        ([], "items"),
        ({"id": STREAM, "layoutClassList": []}, "items"),
        ([{"layoutClassList": ["a"]}], "items[0]['id']"),
        ([{"id": STREAM, "layoutClass": ["a"]}], "items[0]['layoutClass']"),
        ([{"id": STREAM, "layoutClassList": "full"}], "items[0]['layoutClassList']"),
        ([{"id": STREAM, "layoutClassList": ["two words"]}], "items[0]['layoutClassList'][0]"),
        ([{"id": STREAM, "layoutClassList": [""]}], "items[0]['layoutClassList'][0]"),
        ([{"id": "", "layoutClassList": []}], "items[0]['id']"),
        (["s1"], "items[0]"),
    ],
)
def test_bad_class_lists_are_refused_naming_the_field(items: object, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        SetStreamClassLists(session_id=SID, items=items)  # type: ignore[arg-type]
    assert info.value.field == field


def test_set_stream_class_lists_400_keeps_the_server_message() -> None:
    op = SetStreamClassLists(session_id=SID, items=[{"id": "s", "layoutClassList": []}])  # type: ignore[arg-type]
    with pytest.raises(BadRequest, match="Invalid layout class list"):
        ok(op, 400, fixture_body("streams.set_class_lists", 400))
