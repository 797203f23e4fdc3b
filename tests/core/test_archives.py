"""Archive operations: exact requests on the wire, fixtures parsed, errors with their
operation-specific meaning, every local check, and the official SDK's call shapes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from opentok_core import (
    AddArchiveStream,
    ApiError,
    Archive,
    ArchiveStatus,
    Conflict,
    DeleteArchive,
    GetArchive,
    Layout,
    LayoutType,
    ListArchives,
    MethodNotAllowed,
    NotFound,
    OutputMode,
    Page,
    RemoveArchiveStream,
    Request,
    Response,
    ScreenshareType,
    SetArchiveLayout,
    StartArchive,
    StopArchive,
    StreamMode,
    TranscriptionProperties,
    UnexpectedResponse,
    ValidationError,
    finish,
    make_config,
)
from opentok_core._config import USER_AGENT
from tests.conftest import API_KEY, API_SECRET, SESSION_ID, fixture_body

CONFIG = make_config(API_KEY, API_SECRET, api_url="https://api.example.test")
BASE = f"https://api.example.test/v2/project/{API_KEY}"
AID = "30b3ebf1-ba36-4f5b-8def-6f70d9986fe9"
JSON_HEADERS = (
    ("accept", "application/json"),
    ("user-agent", USER_AGENT),
    ("content-type", "application/json"),
)
BARE_HEADERS = JSON_HEADERS[:2]


def wire(request: Request) -> tuple[str, str, tuple[tuple[str, str], ...], bytes]:
    return request.method, request.url, request.headers, request.body


def json_wire(method: str, url: str, body: dict[str, Any]) -> tuple[Any, ...]:
    compact = json.dumps(body, separators=(",", ":")).encode()
    return method, url, JSON_HEADERS, compact


# Golden requests ----------------------------------------------------------------------------


def test_start_archive_defaults_golden() -> None:
    request = StartArchive(session_id=SESSION_ID).build(CONFIG)
    assert wire(request) == json_wire(
        "POST",
        f"{BASE}/archive",
        {
            "sessionId": SESSION_ID,
            "hasAudio": True,
            "hasVideo": True,
            "outputMode": "composed",
            "streamMode": "auto",
        },
    )


def test_start_archive_every_option_golden() -> None:
    op = StartArchive(
        session_id=SESSION_ID,
        has_audio=True,
        has_video=False,
        archive_name="Quarterly review",
        stream_mode="manual",
        resolution="1920x1080",
        layout=Layout.best_fit("verticalPresentation"),
        multi_archive_tag="review-1",
        max_bitrate=2_000_000,
        quantization_parameter=28,
        has_transcription=True,
        transcription_properties=TranscriptionProperties(
            primary_language_code="ja-JP", has_summary=True
        ),
    )
    assert op.build(CONFIG).body == (
        b'{"sessionId":"' + SESSION_ID.encode() + b'","name":"Quarterly review",'
        b'"hasAudio":true,"hasVideo":false,"outputMode":"composed","streamMode":"manual",'
        b'"resolution":"1920x1080","layout":{"type":"bestFit",'
        b'"screenshareType":"verticalPresentation"},"multiArchiveTag":"review-1",'
        b'"maxBitrate":2000000,"quantizationParameter":28,"hasTranscription":true,'
        b'"transcriptionProperties":{"primaryLanguageCode":"ja-JP","hasSummary":true}}'
    )


def test_start_individual_archive_golden() -> None:
    op = StartArchive(session_id=SESSION_ID, output_mode=OutputMode.INDIVIDUAL, archive_name="")
    assert json.loads(op.build(CONFIG).body) == {
        "sessionId": SESSION_ID,
        "name": "",
        "hasAudio": True,
        "hasVideo": True,
        "outputMode": "individual",
        "streamMode": "auto",
    }


def test_stop_get_delete_golden() -> None:
    assert wire(StopArchive(archive_id=AID).build(CONFIG)) == (
        "POST",
        f"{BASE}/archive/{AID}/stop",
        BARE_HEADERS,
        b"",
    )
    assert wire(GetArchive(archive_id=AID).build(CONFIG)) == (
        "GET",
        f"{BASE}/archive/{AID}",
        BARE_HEADERS,
        b"",
    )
    assert wire(DeleteArchive(archive_id=AID).build(CONFIG)) == (
        "DELETE",
        f"{BASE}/archive/{AID}",
        BARE_HEADERS,
        b"",
    )


def test_list_archives_query_uses_session_id_camel_case() -> None:
    # vonage-video sends session_id, which the service ignores (spec/service.md#vv-session-filter).
    op = ListArchives(offset=100, count=50, session_id=SESSION_ID)
    assert wire(op.build(CONFIG)) == (
        "GET",
        f"{BASE}/archive?offset=100&count=50&sessionId={SESSION_ID}",
        BARE_HEADERS,
        b"",
    )
    assert ListArchives().build(CONFIG).url == f"{BASE}/archive"
    assert ListArchives(count=1000).build(CONFIG).url == f"{BASE}/archive?count=1000"


def test_set_archive_layout_golden() -> None:
    op = SetArchiveLayout(archive_id=AID, layout=Layout.custom("stream.instructor {width:100%}"))
    assert wire(op.build(CONFIG)) == json_wire(
        "PUT",
        f"{BASE}/archive/{AID}/layout",
        {"type": "custom", "stylesheet": "stream.instructor {width:100%}"},
    )


def test_stream_selection_golden() -> None:
    add = AddArchiveStream(archive_id=AID, stream_id="s-1", has_video=False)
    assert wire(add.build(CONFIG)) == json_wire(
        "PATCH",
        f"{BASE}/archive/{AID}/streams",
        {"addStream": "s-1", "hasAudio": True, "hasVideo": False},
    )
    remove = RemoveArchiveStream(archive_id=AID, stream_id="s-1")
    assert wire(remove.build(CONFIG)) == json_wire(
        "PATCH", f"{BASE}/archive/{AID}/streams", {"removeStream": "s-1"}
    )


def test_list_filter_with_reserved_characters_is_encoded() -> None:
    url = ListArchives(session_id="a&b=c d").build(CONFIG).url
    assert url == f"{BASE}/archive?sessionId=a%26b%3Dc+d"


# Parsing ------------------------------------------------------------------------------------


def ok(status: int, body: bytes | None) -> Response:
    return Response(status, {"content-type": "application/json"}, body or b"")


def test_start_fixture_parses_every_field() -> None:
    archive = finish(
        StartArchive(session_id=SESSION_ID), ok(200, fixture_body("archives.start", 200))
    )
    assert archive.id == AID and archive.status is ArchiveStatus.STARTED
    assert archive.created_at == dt.datetime(2014, 3, 18, 22, 54, 3, 556000, tzinfo=dt.timezone.utc)
    assert (archive.output_mode, archive.stream_mode) == (OutputMode.COMPOSED, StreamMode.AUTO)
    assert (archive.resolution, archive.max_bitrate) == ("1280x720", 2_000_000)
    assert archive.multi_archive_tag == "review-1" and archive.project_id == "123456"
    assert archive.url is None and archive.streams == ()


def test_stop_fixture_parses() -> None:
    archive = finish(StopArchive(archive_id=AID), ok(200, fixture_body("archives.stop", 200)))
    assert archive.status is ArchiveStatus.STOPPED and archive.duration == 327
    assert archive.reason == "user initiated"


def test_list_fixture_parses_into_a_page() -> None:
    page = finish(ListArchives(offset=20), ok(200, fixture_body("archives.list", 200)))
    assert isinstance(page, Page)
    assert (page.count, page.offset, len(page)) == (3, 20, 3)
    assert [a.status for a in page] == [
        ArchiveStatus.AVAILABLE,
        ArchiveStatus.UPLOADED,
        ArchiveStatus.EXPIRED,
    ]
    assert page[1].streams[0].stream_id == "abc123" and page[1].streams[0].has_video is False
    transcription = page[2].transcription
    assert transcription is not None and transcription.primary_language_code == "en-US"
    assert all(isinstance(a, Archive) for a in page.items)
    assert page[0:2] == page.items[:2]


def test_list_without_count_means_no_more_pages() -> None:
    page = finish(ListArchives(offset=5), ok(200, b'{"items":[]}'))
    assert (page.count, page.items) == (5, ())


@pytest.mark.parametrize(
    ("op", "status", "cls", "meaning"),
    [
        (StartArchive(session_id=SESSION_ID), 409, Conflict, "relayed or already being recorded"),
        (StartArchive(session_id=SESSION_ID), 404, NotFound, "session not found"),
        (StopArchive(archive_id=AID), 409, Conflict, "not being recorded"),
        (DeleteArchive(archive_id=AID), 409, Conflict, "cannot be deleted"),
        (DeleteArchive(archive_id=AID), 404, NotFound, "archive not found"),
        (
            AddArchiveStream(archive_id=AID, stream_id="s"),
            405,
            MethodNotAllowed,
            "stream mode is auto",
        ),
        (
            RemoveArchiveStream(archive_id=AID, stream_id="s"),
            405,
            MethodNotAllowed,
            "stream mode is auto",
        ),
        (
            RemoveArchiveStream(archive_id=AID, stream_id="s"),
            404,
            NotFound,
            "archive or stream not found",
        ),
    ],
)
def test_error_fixtures_carry_the_operation_meaning(
    op: Any, status: int, cls: type, meaning: str
) -> None:
    body = fixture_body(op.name, status)
    assert body is not None
    with pytest.raises(cls) as info:
        finish(op, ok(status, body))
    assert meaning in str(info.value)
    assert meaning in info.value.message and info.value.operation == op.name
    # The server's words, said once (its own capitals or our meaning's, not both).
    assert json.loads(body)["message"].lower() in str(info.value).lower()


def test_stream_errors_are_never_swallowed() -> None:
    # The official SDK turns every 4xx on stream add/remove into one generic error
    # (spec/service.md#py-stream-and-signal-errors); here each status keeps its meaning.
    for status in (400, 403, 404, 405, 409, 500):
        with pytest.raises(ApiError) as info:
            finish(AddArchiveStream(archive_id=AID, stream_id="s"), Response(status, (), b""))
        assert info.value.status == status


# Local validation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"session_id": ""}, "session_id"),
        ({"session_id": "a\nb"}, "session_id"),
        ({"session_id": 12}, "session_id"),
        ({"has_audio": False, "has_video": False}, "has_video"),
        ({"has_audio": "yes"}, "has_audio"),
        ({"archive_name": 5}, "archive_name"),
        ({"archive_name": "x" * 1025}, "archive_name"),
        ({"output_mode": "mixed"}, "output_mode"),
        ({"stream_mode": "semi"}, "stream_mode"),
        ({"resolution": "800x600"}, "resolution"),
        ({"output_mode": "individual", "resolution": "640x480"}, "resolution"),
        ({"output_mode": "individual", "layout": "pip"}, "layout"),
        ({"output_mode": "individual", "max_bitrate": 200_000}, "max_bitrate"),
        ({"output_mode": "individual", "quantization_parameter": 20}, "quantization_parameter"),
        ({"max_bitrate": 99_999}, "max_bitrate"),
        ({"max_bitrate": 6_000_001}, "max_bitrate"),
        ({"max_bitrate": 1e6}, "max_bitrate"),
        ({"quantization_parameter": 14}, "quantization_parameter"),
        ({"quantization_parameter": 41}, "quantization_parameter"),
        ({"quantization_parameter": True}, "quantization_parameter"),
        ({"multi_archive_tag": ""}, "multi_archive_tag"),
        ({"multi_archive_tag": 7}, "multi_archive_tag"),
        ({"has_transcription": True, "has_audio": False}, "has_transcription"),
        ({"transcription_properties": {"hasSummary": True}}, "transcription_properties"),
        (
            {"has_transcription": True, "transcription_properties": {"language": "en"}},
            "transcription_properties.language",
        ),
        (
            {
                "has_transcription": True,
                "transcription_properties": {"primaryLanguageCode": "english"},
            },
            "primary_language_code",
        ),
        (
            {"has_transcription": True, "transcription_properties": "en-US"},
            "transcription_properties",
        ),
        ({"layout": {"type": "custom"}}, "layout.stylesheet"),
        ({"layout": {"type": "pip", "stylesheet": "x"}}, "layout.stylesheet"),
        ({"layout": {"type": "pip", "screenshareType": "bestFit"}}, "layout.screenshare_type"),
        ({"layout": {"type": "bestFit", "screenshareType": "custom"}}, "layout.screenshare_type"),
        ({"layout": {"type": "grid"}}, "layout.type"),
        ({"layout": {"kind": "pip"}}, "layout.kind"),
        ({"layout": {"stylesheet": "a {}"}}, "layout.type"),
        ({"layout": 3}, "layout"),
    ],
)
def test_bad_start_options_are_refused_before_any_request(
    kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        StartArchive(**{"session_id": SESSION_ID, **kwargs})
    assert info.value.field == field


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: ListArchives(offset=-1), "offset"),
        (lambda: ListArchives(count=0), "count"),
        (lambda: ListArchives(count=1001), "count"),
        (lambda: ListArchives(count="10"), "count"),
        (lambda: ListArchives(session_id=""), "session_id"),
        (lambda: StopArchive(archive_id=" a"), "archive_id"),
        (lambda: DeleteArchive(archive_id=None), "archive_id"),
        (lambda: SetArchiveLayout(archive_id=AID, layout="custom"), "layout.stylesheet"),
        (lambda: SetArchiveLayout(archive_id=AID, layout=None), "layout"),
        (lambda: AddArchiveStream(archive_id=AID, stream_id=""), "stream_id"),
        (
            lambda: AddArchiveStream(
                archive_id=AID, stream_id="s", has_audio=False, has_video=False
            ),
            "has_video",
        ),
        (lambda: AddArchiveStream(archive_id=AID, stream_id="s", has_audio=1), "has_audio"),
        (lambda: RemoveArchiveStream(archive_id=AID, stream_id="s\x00"), "stream_id"),
    ],
)
def test_bad_arguments_of_other_operations_are_refused(build: Any, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        build()
    assert info.value.field == field


# Layout values ------------------------------------------------------------------------------


def test_layout_constructors_and_wire_shape() -> None:
    assert Layout().to_json() == {"type": "bestFit"}
    assert Layout("pip").type is LayoutType.PIP
    assert Layout.best_fit(ScreenshareType.PIP).to_json() == {
        "type": "bestFit",
        "screenshareType": "pip",
    }
    assert Layout.custom("a {}").to_json() == {"type": "custom", "stylesheet": "a {}"}
    assert Layout(LayoutType.FOCUS).to_json() == {"type": "focus"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("horizontalPresentation",), Layout(LayoutType.HORIZONTAL_PRESENTATION)),
        (("custom", "a {}"), Layout.custom("a {}")),
        (("bestFit", None, "pip"), Layout.best_fit("pip")),
        ((Layout("pip"),), Layout("pip")),
        (({"type": "custom", "stylesheet": "a {}"},), Layout.custom("a {}")),
    ],
)
def test_layout_of_official_set_layout_arguments(args: tuple[Any, ...], expected: Layout) -> None:
    assert Layout.of(*args) == expected


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("grid",), "layout_type"),
        (("pip", "a {}"), "stylesheet"),
        (("custom",), "stylesheet"),
        (("pip", None, "bestFit"), "screenshare_type"),
        ((Layout("pip"), "a {}"), "stylesheet"),
        (({"type": "pip"}, None, "pip"), "screenshare_type"),
        (({"type": "custom"},), "layout_type.stylesheet"),
    ],
)
def test_layout_of_refuses_inconsistent_arguments(args: tuple[Any, ...], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Layout.of(*args)
    assert info.value.field == field


# Migration shapes: the official SDK's dicts give the same wire body as the typed form --------


def test_official_layout_dict_matches_typed_layout_on_the_wire() -> None:
    typed = StartArchive(session_id=SESSION_ID, layout=Layout.best_fit("pip"))
    official = StartArchive(
        session_id=SESSION_ID, layout={"type": "bestFit", "screenshareType": "pip"}
    )
    assert official.build(CONFIG).body == typed.build(CONFIG).body
    assert official == typed


def test_official_transcription_dict_matches_typed_properties() -> None:
    typed = StartArchive(
        session_id=SESSION_ID,
        has_transcription=True,
        transcription_properties=TranscriptionProperties(
            primary_language_code="ja-JP", has_summary=False
        ),
    )
    official = StartArchive(
        session_id=SESSION_ID,
        has_transcription=True,
        transcription_properties={"primaryLanguageCode": "ja-JP", "hasSummary": False},
    )
    assert official.build(CONFIG).body == typed.build(CONFIG).body


def test_official_enum_members_are_understood() -> None:
    class OutputModes(__import__("enum").Enum):  # the official SDK's enums carry wire values
        individual = "individual"

    op = StartArchive(session_id=SESSION_ID, output_mode=OutputModes.individual)  # type: ignore[arg-type]
    assert op.output_mode is OutputMode.INDIVIDUAL


@pytest.mark.parametrize("millis", [6.77680361916768e19, -(10**20), 10**30])
def test_timestamps_beyond_datetime_are_unexpected_response_not_os_error(millis: float) -> None:
    # found by the fixture-shaped property: fromtimestamp raises OSError/OverflowError there
    body = json.dumps({"id": AID, "status": "started", "createdAt": millis}).encode()
    with pytest.raises(UnexpectedResponse):
        finish(GetArchive(archive_id=AID), Response(200, (), body))
