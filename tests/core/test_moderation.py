"""Signals, force disconnect and the mute calls: golden wire, parsing, validation, migration."""

from __future__ import annotations

import pytest

from opentok_core import (
    DisableForceMute,
    ForceDisconnect,
    MuteAll,
    MuteStream,
    NotFound,
    PayloadTooLarge,
    Response,
    SendSignal,
    Signal,
    ValidationError,
    finish,
)
from tests.conftest import fixture_body
from tests.wire import CONFIG, PREFIX, bare_headers, json_headers, wire

SID = "1_MX4xMjM0NTZ-fg"
CONN = "e9f8c166-6c67-440d-994a-04fb6dfed007"
STREAM = "8b732909-0a06-46a2-8ea8-074e64d43422"


def test_signal_to_the_whole_session_golden() -> None:
    op = SendSignal(session_id=SID, payload=Signal(type="chat", data="hello"))
    assert wire(op.build(CONFIG)) == (
        "POST",
        f"{PREFIX}/session/{SID}/signal",
        json_headers(),
        b'{"type":"chat","data":"hello"}',
    )


def test_signal_to_one_connection_golden() -> None:
    op = SendSignal(session_id=SID, payload=Signal(data="ping"), connection_id=CONN)
    assert wire(op.build(CONFIG)) == (
        "POST",
        f"{PREFIX}/session/{SID}/connection/{CONN}/signal",
        json_headers(),
        b'{"data":"ping"}',
    )


def test_official_dict_payload_gives_the_typed_wire_body() -> None:
    typed = SendSignal(session_id=SID, payload=Signal(type="chat", data="héllo"))
    official = SendSignal(session_id=SID, payload={"type": "chat", "data": "héllo"})  # type: ignore[arg-type]
    assert official == typed
    assert (
        official.build(CONFIG).body
        == typed.build(CONFIG).body
        == ('{"type":"chat","data":"héllo"}'.encode())
    )


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"type": "t" * 129, "data": "x"}, "payload['type']"),
        ({"type": "é" * 65, "data": "x"}, "payload['type']"),  # 130 bytes, 65 characters
        ({"data": "x" * 8193}, "payload['data']"),
        ({"type": "chat"}, "payload['data']"),
        ({"type": "chat", "data": "x", "to": "c1"}, "payload['to']"),
        ({"type": 5, "data": "x"}, "payload['type']"),
        ("just a string", "payload"),
        ({"type": "", "data": "x"}, "payload['type']"),
    ],
)
def test_bad_signal_is_refused_before_io(payload: object, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        SendSignal(session_id=SID, payload=payload)  # type: ignore[arg-type]
    assert info.value.field == field


def test_signal_limits_are_bytes_and_inclusive() -> None:
    Signal(type="t" * 128, data="x" * 8192)
    with pytest.raises(ValidationError) as info:
        Signal(data="€" * 2731)  # 8193 bytes
    assert info.value.field == "data"


def test_signal_answers_204_no_content() -> None:
    op = SendSignal(session_id=SID, payload=Signal(data="x"))
    assert finish(op, Response(204, (), b"")) is None
    assert finish(op, Response(200, (), b"{}")) is None


def test_signal_errors_carry_the_operation_meaning() -> None:
    op = SendSignal(session_id=SID, payload=Signal(data="x"), connection_id=CONN)
    with pytest.raises(NotFound, match="not connected"):
        finish(op, Response(404, (), fixture_body("signals.send", 404) or b""))
    with pytest.raises(PayloadTooLarge, match="128 bytes"):
        finish(op, Response(413, (), fixture_body("signals.send", 413) or b""))


def test_force_disconnect_golden_and_204() -> None:
    op = ForceDisconnect(session_id=SID, connection_id=CONN)
    assert wire(op.build(CONFIG)) == (
        "DELETE",
        f"{PREFIX}/session/{SID}/connection/{CONN}",
        bare_headers(),
        b"",
    )
    assert finish(op, Response(204, (), b"")) is None
    with pytest.raises(NotFound, match="not connected"):
        finish(op, Response(404, (), fixture_body("connections.force_disconnect", 404) or b""))


def test_mute_stream_golden_has_no_body_and_ignores_the_answer() -> None:
    op = MuteStream(session_id=SID, stream_id=STREAM)
    assert wire(op.build(CONFIG)) == (
        "POST",
        f"{PREFIX}/session/{SID}/stream/{STREAM}/mute",
        bare_headers(),
        b"",
    )
    assert finish(op, Response(200, (), fixture_body("streams.mute", 200) or b"")) is None
    assert finish(op, Response(200, (), b"not json at all")) is None


def test_mute_all_uses_excluded_stream_ids_not_the_official_sdks_key() -> None:
    op = MuteAll(session_id=SID, excluded_stream_ids=[STREAM, "s2"])  # type: ignore[arg-type]
    assert wire(op.build(CONFIG)) == (
        "POST",
        f"{PREFIX}/session/{SID}/mute",
        json_headers(),
        f'{{"active":true,"excludedStreamIds":["{STREAM}","s2"]}}'.encode(),
    )
    assert b'excludedStreams"' not in op.build(CONFIG).body


def test_mute_all_without_exclusions_sends_an_empty_list() -> None:
    assert MuteAll(session_id=SID).build(CONFIG).body == b'{"active":true,"excludedStreamIds":[]}'
    none = MuteAll(session_id=SID, excluded_stream_ids=None)  # type: ignore[arg-type]
    assert none == MuteAll(session_id=SID)


def test_disable_force_mute_golden() -> None:
    op = DisableForceMute(session_id=SID)
    assert wire(op.build(CONFIG)) == (
        "POST",
        f"{PREFIX}/session/{SID}/mute",
        json_headers(),
        b'{"active":false}',
    )
    assert finish(op, Response(200, (), b"")) is None


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: ForceDisconnect(session_id="", connection_id=CONN), "session_id"),
        (lambda: ForceDisconnect(session_id=SID, connection_id=" c"), "connection_id"),
        (lambda: MuteStream(session_id=SID, stream_id="a\nb"), "stream_id"),
        (lambda: MuteAll(session_id=SID, excluded_stream_ids="abc"), "excluded_stream_ids"),
        (lambda: MuteAll(session_id=SID, excluded_stream_ids=["ok", ""]), "excluded_stream_ids[1]"),
        (lambda: DisableForceMute(session_id=None), "session_id"),
        (
            lambda: SendSignal(session_id=SID, payload=Signal(data="x"), connection_id=""),
            "connection_id",
        ),
    ],
)
def test_bad_ids_are_refused_naming_the_field(make, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        make()
    assert info.value.field == field
