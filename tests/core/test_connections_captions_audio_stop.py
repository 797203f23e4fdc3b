"""The operations of issue 12: list connections, captions status, stopping an Audio Connector,
one stream's layout classes, and the Audio Connector's transport and 24 kHz. Golden wire,
parsing of the answers (and of their variants), validation, and a property over the registry."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opentok_core import (
    AudioTransport,
    AudioTransportType,
    Captions,
    CaptionsStatus,
    ConnectAudioToWebsocket,
    Connection,
    ConnectionList,
    ConnectionState,
    DisconnectAudioFromWebsocket,
    GetCaptions,
    ListConnections,
    NotFound,
    Response,
    SetStreamClassList,
    UnexpectedResponse,
    ValidationError,
    WebSocketOptions,
    finish,
)
from tests.conftest import fixture_body
from tests.registry import CLASSES, example
from tests.wire import CONFIG, PREFIX, bare_headers, body_of, json_headers, wire

SID = "1_MX4xMjM0NTZ-fg"
NEW = ["connections.list", "captions.get", "audio_connector.stop", "streams.set_class_list"]


def _ok(op: Any, name: str) -> Any:
    body = fixture_body(name, 200) or b""
    return finish(op, Response(200, {"content-type": "application/json"}, body))


# Golden wire ------------------------------------------------------------------------------


def test_list_connections_golden() -> None:
    op = ListConnections(session_id=SID)
    assert wire(op.build(CONFIG)) == (
        "GET",
        f"{PREFIX}/session/{SID}/connection",
        bare_headers(),
        b"",
    )


def test_get_captions_golden() -> None:
    op = GetCaptions(captions_id="cap-1")
    assert wire(op.build(CONFIG)) == ("GET", f"{PREFIX}/captions/cap-1", bare_headers(), b"")


def test_disconnect_audio_golden_has_no_body() -> None:
    op = DisconnectAudioFromWebsocket(connection_id="conn-1")
    assert wire(op.build(CONFIG)) == ("POST", f"{PREFIX}/connect/conn-1/stop", bare_headers(), b"")


def test_set_stream_class_list_golden_and_an_empty_list_clears() -> None:
    op = SetStreamClassList(session_id=SID, stream_id="s-1", layout_class_list=["full", "focus"])
    path = f"{PREFIX}/session/{SID}/stream/s-1"
    body = body_of({"layoutClassList": ["full", "focus"]})
    assert wire(op.build(CONFIG)) == ("PUT", path, json_headers(), body)
    clear = SetStreamClassList(session_id=SID, stream_id="s-1", layout_class_list=[])
    assert clear.build(CONFIG).body == b'{"layoutClassList":[]}'


def test_set_stream_class_list_refuses_a_class_with_a_space_before_io() -> None:
    with pytest.raises(ValidationError, match=r"layout_class_list\[1\]"):
        SetStreamClassList(session_id=SID, stream_id="s", layout_class_list=["a", "b c"])


# Parsing ----------------------------------------------------------------------------------


def test_list_connections_parses_states_count_and_ids() -> None:
    listing = _ok(ListConnections(session_id=SID), "connections.list")
    assert isinstance(listing, ConnectionList)
    assert (listing.count, len(listing), listing.session_id, listing.project_id) == (
        3,
        3,
        SID,
        "123456",
    )
    assert [c.connection_state for c in listing] == [
        ConnectionState.CONNECTED,
        ConnectionState.CONNECTING,
        ConnectionState.DISCONNECTED,
    ]
    first = listing[0]
    assert first.id == first.connection_id == "8b732909-0a06-46a2-8ea8-074e64d43422"
    assert first.created_at == dt.datetime(2013, 11, 12, 2, 2, 10, tzinfo=dt.timezone.utc)


def test_a_connection_state_this_sdk_does_not_know_is_kept_raw() -> None:
    conn = Connection.from_json({"connectionId": "c", "connectionState": "Reconnecting"})
    assert conn.connection_state == "Reconnecting"
    assert not isinstance(conn.connection_state, ConnectionState)


def test_created_at_as_a_string_of_digits_as_the_php_fixture_writes_it() -> None:
    conn = Connection.from_json({"connectionId": "c", "createdAt": "1384221730000"})
    assert conn.created_at == dt.datetime(2013, 11, 12, 2, 2, 10, tzinfo=dt.timezone.utc)


def test_a_malformed_connection_listing_is_unexpected_not_a_key_error() -> None:
    op = ListConnections(session_id=SID)
    body = b'{"count":1,"items":[{"connectionState":"Connected"}]}'
    with pytest.raises(UnexpectedResponse):
        finish(op, Response(200, {"content-type": "application/json"}, body))


def test_get_captions_reads_every_field_of_the_status_answer() -> None:
    captions = _ok(GetCaptions(captions_id="7c0680fc-6274-4de5-a66f-d0648e8d3ac2"), "captions.get")
    assert captions == Captions(
        captions_id="7c0680fc-6274-4de5-a66f-d0648e8d3ac2",
        application_id="78d335fa-323d-0114-9c3d-d6f0d48968cf",
        session_id=SID,
        status=CaptionsStatus.STARTED,
        created_at=dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc),
        updated_at=dt.datetime(2023, 11, 14, 22, 14, 20, tzinfo=dt.timezone.utc),
        duration=60,
        language_code="en-US",
        provider="aws-transcribe",
        reason="",
    )


def test_captions_read_captions_id_of_the_start_answer_and_caption_id_of_the_status() -> None:
    assert Captions.from_json({"captionsId": "a"}).captions_id == "a"
    assert Captions.from_json({"captionId": "b"}).captions_id == "b"
    with pytest.raises(ValueError, match="captionId"):
        Captions.from_json({"status": "started"})


def test_unknown_captions_ids_raise_not_found() -> None:
    op = GetCaptions(captions_id="nope")
    with pytest.raises(NotFound, match="no captions with this id"):
        finish(op, Response(404, (), fixture_body("captions.get", 404) or b""))


# Audio Connector: 24 kHz and the transport ------------------------------------------------

JSON_TRANSPORT = {
    "transport": "json",
    "encoding": "base64",
    "audio_field": "payload",
    "receive_audio_field": "reply",
    "static_fields": {"call": "c-1", "seq": 1},
}


def test_24_khz_and_the_official_audio_transport_dict_reach_the_wire_as_an_object() -> None:
    options = {"uri": "wss://h.io/a", "audioRate": 24000, "audio_transport": JSON_TRANSPORT}
    op = ConnectAudioToWebsocket(session_id=SID, token="T1==t", websocket=options)  # type: ignore[arg-type]
    assert op.build(CONFIG).body.endswith(
        b'"websocket":{"uri":"wss://h.io/a","audioRate":24000,"audioTransport":{'
        b'"transport":"json","encoding":"base64","audio_field":"payload",'
        b'"receive_audio_field":"reply","static_fields":{"call":"c-1","seq":1}}}}'
    )


def test_typed_transport_node_camel_keys_and_the_dict_give_one_value() -> None:
    typed = AudioTransport(
        transport=AudioTransportType.JSON,
        encoding="base64",
        audio_field="payload",
        receive_audio_field="reply",
        static_fields={"call": "c-1", "seq": 1},  # type: ignore[arg-type]
    )
    camel = {
        "transport": "json",
        "encoding": "base64",
        "audioField": "payload",
        "receiveAudioField": "reply",
        "staticFields": {"call": "c-1", "seq": 1},
    }
    from_py = WebSocketOptions.from_dict(
        "w", {"uri": "ws://h.io", "audio_transport": JSON_TRANSPORT}
    )
    from_node = WebSocketOptions.from_dict("w", {"uri": "ws://h.io", "audioTransport": camel})
    assert from_py.audio_transport == from_node.audio_transport == typed


def test_the_binary_transport_alone_is_just_its_name() -> None:
    assert AudioTransport(transport="binary").to_json() == {"transport": "binary"}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("transport", "field"),
    [
        ({}, "websocket['audio_transport']['transport']"),
        ({"transport": "xml"}, "websocket['audio_transport']['transport']"),
        ({"transport": "json"}, "websocket['audio_transport']['encoding']"),
        ({"transport": "json", "encoding": "hex"}, "websocket['audio_transport']['encoding']"),
        ({"transport": "binary", "audio_field": ""}, "websocket['audio_transport']['audio_field']"),
        ({"transport": "binary", "staticFields": {"k": [1]}}, "websocket['audio_transport']"),
        (
            {"transport": "binary", "audioField": "a", "audio_field": "b"},
            "websocket['audio_transport']",
        ),
        ({"transport": "binary", "codec": "opus"}, "websocket['audio_transport']"),
    ],
)
def test_bad_audio_transports_name_the_field_before_io(transport: Any, field: str) -> None:
    websocket = {"uri": "wss://h.io/a", "audio_transport": transport}
    with pytest.raises(ValidationError) as info:
        ConnectAudioToWebsocket(session_id=SID, token="T1==t", websocket=websocket)  # type: ignore[arg-type]
    assert info.value.field.startswith(field)


def test_both_transport_keys_at_once_are_refused() -> None:
    websocket = {"uri": "ws://h.io", "audio_transport": {"transport": "binary"}}
    websocket["audioTransport"] = {"transport": "binary"}
    with pytest.raises(ValidationError, match="audioTransport"):
        WebSocketOptions.from_dict("websocket", websocket)


def test_other_audio_rates_are_still_refused() -> None:
    with pytest.raises(ValidationError, match="8000, 16000 or 24000"):
        WebSocketOptions(uri="wss://h.io/a", audio_rate=44100)


# Property over the registry ---------------------------------------------------------------


@pytest.mark.parametrize("name", NEW)
@given(text=st.text(min_size=1, max_size=40).filter(lambda t: t.strip() == t and t.isprintable()))
def test_any_id_stays_one_path_segment_of_each_new_operation(name: str, text: str) -> None:
    cls = CLASSES[name]
    args = example(name)
    id_fields = [k for k in args if k.endswith("_id")]
    for key in id_fields:
        args[key] = text
    try:
        op = cls(**args)
    except ValidationError:
        return  # refused before any I/O, naming a field: also a valid outcome
    path = urlsplit(op.build(CONFIG).url).path
    segments = [unquote(s) for s in path.removeprefix(PREFIX + "/").split("/")]
    assert segments.count(text) >= len(id_fields)
