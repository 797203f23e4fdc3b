"""Audio Connector and live captions: golden wire, success statuses, parsing, validation."""

from __future__ import annotations

import pytest

from opentok_core import (
    Captions,
    Conflict,
    ConnectAudioToWebsocket,
    NotFound,
    Response,
    StartCaptions,
    StopCaptions,
    ValidationError,
    WebSocketAudioConnection,
    WebSocketOptions,
    finish,
)
from tests.conftest import fixture_body
from tests.wire import CONFIG, PREFIX, bare_headers, json_headers, wire

SID = "1_MX4xMjM0NTZ-fg"
TOKEN = "T1==moderator-token"

OFFICIAL_WS = {
    "uri": "wss://service.com/ws-endpoint",
    "streams": ["s1", "s2"],
    "headers": {"X-Session": "abc"},
    "audioRate": 16000,
    "bidirectional": True,
}
TYPED_WS = WebSocketOptions(
    uri="wss://service.com/ws-endpoint",
    streams=["s1", "s2"],  # type: ignore[arg-type]
    headers={"X-Session": "abc"},  # type: ignore[arg-type]
    audio_rate=16000,
    bidirectional=True,
)
WS_BODY = (
    b'{"sessionId":"1_MX4xMjM0NTZ-fg","token":"T1==moderator-token","websocket":{'
    b'"uri":"wss://service.com/ws-endpoint","streams":["s1","s2"],'
    b'"headers":{"X-Session":"abc"},"audioRate":16000,"bidirectional":true}}'
)


def test_connect_audio_golden_and_the_official_dict_gives_the_same_body() -> None:
    typed = ConnectAudioToWebsocket(session_id=SID, token=TOKEN, websocket=TYPED_WS)
    official = ConnectAudioToWebsocket(session_id=SID, token=TOKEN, websocket=OFFICIAL_WS)  # type: ignore[arg-type]
    assert wire(typed.build(CONFIG)) == ("POST", f"{PREFIX}/connect", json_headers(), WS_BODY)
    assert official == typed and official.build(CONFIG).body == WS_BODY


def test_connect_audio_minimal_body_has_only_the_uri() -> None:
    op = ConnectAudioToWebsocket(session_id=SID, token=TOKEN, websocket={"uri": "ws://h.io/a"})  # type: ignore[arg-type]
    assert op.build(CONFIG).body.endswith(b'"websocket":{"uri":"ws://h.io/a"}}')


def test_connect_audio_parses_the_connection_and_maps_409() -> None:
    op = ConnectAudioToWebsocket(session_id=SID, token=TOKEN, websocket=TYPED_WS)
    conn = finish(op, Response(200, (), fixture_body("audio_connector.connect", 200) or b""))
    assert conn == WebSocketAudioConnection(
        id="b0a5a8c7-dc38-459f-a48d-a7f2008da853",
        connection_id="e9f8c166-6c67-440d-994a-04fb6dfed007",
    )
    with pytest.raises(Conflict, match="not routed"):
        finish(op, Response(409, (), fixture_body("audio_connector.connect", 409) or b""))


@pytest.mark.parametrize(
    ("websocket", "field"),
    [
        ({}, "websocket['uri']"),
        ({"uri": "https://service.com/ws"}, "websocket['uri']"),
        ({"uri": "wss://"}, "websocket['uri']"),
        ({"uri": "wss://h.io/a", "audioRate": 44100}, "websocket['audioRate']"),
        ({"uri": "wss://h.io/a", "audioRate": "16000"}, "websocket['audioRate']"),
        ({"uri": "wss://h.io/a", "bidirectional": 1}, "websocket['bidirectional']"),
        ({"uri": "wss://h.io/a", "streams": "s1"}, "websocket['streams']"),
        ({"uri": "wss://h.io/a", "headers": {"X-A": "x" * 510}}, "websocket['headers']"),
        ({"uri": "wss://h.io/a", "headers": {"X-A": 1}}, "websocket['headers']['X-A']"),
        ({"uri": "wss://h.io/a", "audio_rate": 8000}, "websocket['audio_rate']"),
        ("wss://h.io/a", "websocket"),
    ],
)
def test_bad_websocket_options_are_refused_naming_the_field(websocket: object, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        ConnectAudioToWebsocket(session_id=SID, token=TOKEN, websocket=websocket)  # type: ignore[arg-type]
    assert info.value.field == field


def test_headers_limit_counts_utf8_bytes_of_names_and_values() -> None:
    WebSocketOptions(uri="wss://h.io/a", headers={"X-A": "x" * 509})  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        WebSocketOptions(uri="wss://h.io/a", headers={"X-A": "é" * 255})  # type: ignore[arg-type]


def test_start_captions_defaults_golden_without_null_callback() -> None:
    op = StartCaptions(session_id=SID, token=TOKEN)
    assert wire(op.build(CONFIG)) == (
        "POST",
        f"{PREFIX}/captions",
        json_headers(),
        (
            b'{"sessionId":"1_MX4xMjM0NTZ-fg","token":"T1==moderator-token",'
            b'"languageCode":"en-US","maxDuration":14400,"partialCaptions":true}'
        ),
    )


def test_start_captions_every_option_golden() -> None:
    op = StartCaptions(
        session_id=SID,
        token=TOKEN,
        language_code="ja-JP",
        max_duration=300,
        partial_captions=False,
        status_callback_url="https://example.com/captions/status",
    )
    assert op.build(CONFIG).body == (
        b'{"sessionId":"1_MX4xMjM0NTZ-fg","token":"T1==moderator-token",'
        b'"languageCode":"ja-JP","maxDuration":300,"partialCaptions":false,'
        b'"statusCallbackUrl":"https://example.com/captions/status"}'
    )


def test_start_captions_accepts_202_and_maps_409_already_running() -> None:
    op = StartCaptions(session_id=SID, token=TOKEN)
    captions = finish(op, Response(202, (), fixture_body("captions.start", 202) or b""))
    assert captions == Captions(captions_id="7c0680fc-6274-4de5-a66f-d0648e8d3ac2")
    with pytest.raises(Conflict, match="already running") as info:
        finish(op, Response(409, (), fixture_body("captions.start", 409) or b""))
    assert info.value.code == 60003


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"language_code": "english"}, "language_code"),
        ({"language_code": "en_US"}, "language_code"),
        ({"max_duration": 299}, "max_duration"),
        ({"max_duration": 14401}, "max_duration"),
        ({"partial_captions": "true"}, "partial_captions"),
        ({"status_callback_url": "https://a.io"}, "status_callback_url"),
        ({"status_callback_url": "not a url at all"}, "status_callback_url"),
        ({"token": None}, "token"),
    ],
)
def test_bad_captions_options_are_refused_naming_the_field(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        StartCaptions(session_id=SID, **{"token": TOKEN, **kwargs})  # type: ignore[arg-type]
    assert info.value.field == field


def test_stop_captions_golden_any_2xx_and_404() -> None:
    op = StopCaptions(captions_id="7c0680fc")
    assert wire(op.build(CONFIG)) == (
        "POST",
        f"{PREFIX}/captions/7c0680fc/stop",
        bare_headers(),
        b"",
    )
    for status in (200, 202, 204):
        assert finish(op, Response(status, (), b"")) is None
    with pytest.raises(NotFound, match="no captions with this id"):
        finish(op, Response(404, (), fixture_body("captions.stop", 404) or b""))
