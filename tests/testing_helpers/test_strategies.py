"""The public strategies draw only valid values, and cost applications nothing: importing the SDK
does not import them (nor hypothesis)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opentok_core import (
    ArchiveEvent,
    BroadcastEvent,
    BroadcastOptions,
    CaptionsEvent,
    Layout,
    ProjectCredentials,
    RenderEvent,
    Role,
    SipCallEvent,
    UnknownEvent,
    decode_session_id,
    decode_token,
    parse_callback,
)
from opentok_sync import Client
from opentok_testing import strategies as ots
from tests.conftest import API_KEY, API_SECRET, SESSION_ID
from tests.fakes import NOW, FakeTransport, fixed_runtime, json_response


def test_importing_the_sdk_does_not_import_the_testing_helpers() -> None:
    code = (
        "import sys, opentok_core, opentok_sync, opentok_async\n"
        "print(sorted(m for m in ('hypothesis', 'pytest', 'opentok_testing') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@settings(max_examples=50)
@given(ots.api_keys().flatmap(lambda key: st.tuples(st.just(key), ots.session_ids(key))))
def test_session_ids_decode_to_their_api_key(pair: tuple[str, str]) -> None:
    key, session_id = pair
    parts = decode_session_id(session_id)
    assert parts[0] == "1" and parts[1] == key
    assert session_id.startswith("1_") and len(session_id) <= 255


@settings(max_examples=30)
@given(ots.project_credentials(api_key="123456"), st.data())
def test_token_options_are_accepted_by_the_client(
    creds: ProjectCredentials, data: st.DataObject
) -> None:
    session_id = data.draw(ots.session_ids("123456"))
    opts = data.draw(ots.token_options(now=NOW))
    transport = FakeTransport(lambda request: json_response(500, "{}"))
    client = Client(credentials=creds, runtime=fixed_runtime(), transport=transport)
    claims = decode_token(client.generate_token(session_id, **opts))
    assert claims.session_id == session_id and claims.role is opts["role"]
    assert NOW + 60 <= (claims.expire_time or 0) <= NOW + 30 * 86400
    assert transport.requests == []  # minting a token is local


@given(ots.roles(), ots.layout_class_lists(), ots.application_ids())
def test_small_strategies_draw_valid_values(role: Role, classes: list[str], app_id: str) -> None:
    assert isinstance(role, Role)
    assert all(name and not any(c.isspace() for c in name) for name in classes)
    assert len(app_id) == 36 and app_id.count("-") == 4


# The SDK's own properties, driven by the public strategies ----------------------------------

ARCHIVE_JSON = json.dumps({"id": "a1", "status": "started", "sessionId": SESSION_ID})
BROADCAST_JSON = json.dumps({"id": "b1", "status": "started", "sessionId": SESSION_ID})


def _client(body: str) -> tuple[Client, FakeTransport]:
    transport = FakeTransport(lambda request: json_response(200, body))
    return Client(API_KEY, API_SECRET, runtime=fixed_runtime(), transport=transport), transport


@given(ots.layouts())
def test_layouts_round_trip_through_the_official_dict_form(layout: Layout) -> None:
    assert Layout.from_dict(layout.to_json()) == layout
    assert Layout.of(layout.to_json()) == layout


@settings(max_examples=60)
@given(ots.archive_options())
def test_start_archive_sends_every_drawn_option(options: dict[str, Any]) -> None:
    client, transport = _client(ARCHIVE_JSON)
    assert client.start_archive(SESSION_ID, **options).id == "a1"
    body = json.loads(transport.requests[0].body)
    assert body["sessionId"] == SESSION_ID
    assert body["outputMode"] == options["output_mode"].value
    assert body.get("hasAudio", True) is options["has_audio"]
    assert ("layout" in body) is ("layout" in options)
    if "layout" in options:
        assert body["layout"] == options["layout"].to_json()
    assert body.get("hasTranscription", False) is options.get("has_transcription", False)


@settings(max_examples=60)
@given(st.booleans().flatmap(lambda d: st.tuples(st.just(d), ots.broadcast_options(as_dict=d))))
def test_start_broadcast_accepts_both_forms_and_sends_the_outputs(drawn: tuple[bool, Any]) -> None:
    as_dict, options = drawn
    typed = BroadcastOptions.from_dict(options) if as_dict else options
    client, transport = _client(BROADCAST_JSON)
    assert client.start_broadcast(SESSION_ID, options).id == "b1"
    outputs = json.loads(transport.requests[0].body)["outputs"]
    assert ("hls" in outputs) is (typed.hls is not None)
    assert len(outputs.get("rtmp", [])) == len(typed.rtmp)


EXPECTED_CLASS = {
    "archive": ArchiveEvent,
    "broadcast": BroadcastEvent,
    "render": RenderEvent,
    "captions": CaptionsEvent,
    "callCreated": SipCallEvent,
    "callUpdated": SipCallEvent,
    "callDestroyed": SipCallEvent,
}


@settings(max_examples=60)
@given(ots.callback_payloads())
def test_every_drawn_callback_parses_into_its_typed_event(payload: dict[str, Any]) -> None:
    event = parse_callback(json.dumps(payload).encode())
    name = payload.get("event") or ("captions" if "captionId" in payload else "render")
    assert type(event).__name__ == EXPECTED_CLASS.get(name, type(event)).__name__
    assert not isinstance(event, UnknownEvent)
    session = getattr(event, "session_id", None) or getattr(
        getattr(event, name, None), "session_id", None
    )
    assert session == payload["sessionId"]


def test_callback_payloads_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown callback events"):
        ots.callback_payloads("archiveStarted")
