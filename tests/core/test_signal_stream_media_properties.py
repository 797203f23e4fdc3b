"""Properties of the inputs of the signaling, moderation, stream, SIP, render, audio and
captions operations: any options input either validates or raises ValidationError (never
KeyError or TypeError), and lone surrogates are refused before build. What every operation has
(finish() is total, ids of any text stay one encoded path segment) is tested over the whole
registry in test_operation_properties.py."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from opentok_core import (
    ConnectAudioToWebsocket,
    Dial,
    GetStream,
    MuteAll,
    SendSignal,
    SetStreamClassLists,
    StartRender,
    ValidationError,
)
from tests.wire import CONFIG

SID = "1_MX4xMjM0NTZ-fg"
TOKEN = "T1==token"


def test_reserved_characters_are_encoded_in_every_position() -> None:
    op = SendSignal(session_id="s/1?x", payload={"data": ""}, connection_id="c#2%")  # type: ignore[arg-type]
    assert op.build(CONFIG).url.endswith("/session/s%2F1%3Fx/connection/c%232%25/signal")


# Lone surrogates are str but not encodable: they must be refused, not crash build().
texts = st.text(max_size=20) | st.sampled_from(["\ud800", "ok\udfff", "wss://a.b/\ud83d"])
option_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 20000) | texts,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "uri",
                    "from",
                    "headers",
                    "auth",
                    "username",
                    "password",
                    "X-A",
                    "streams",
                    "audioRate",
                    "bidirectional",
                    "secure",
                    "data",
                    "type",
                    "id",
                    "layoutClassList",
                    "name",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=8,
)


@settings(max_examples=120)
@given(option_values, option_values, option_values, option_values)
def test_any_options_input_validates_or_raises_validation_error(
    a: Any, b: Any, c: Any, d: Any
) -> None:
    makers = [
        lambda: SendSignal(session_id=SID, payload=a),
        lambda: Dial(session_id=SID, token=TOKEN, sip_uri="sip:a@b", options=b),
        lambda: ConnectAudioToWebsocket(session_id=SID, token=TOKEN, websocket=c),
        lambda: SetStreamClassLists(session_id=SID, items=d),
        lambda: StartRender.with_properties(
            a, session_id=SID, token=TOKEN, url="https://e.com/p/q"
        ),
        lambda: MuteAll(session_id=SID, excluded_stream_ids=b),
    ]
    for make in makers:
        try:
            op = make()
        except ValidationError:
            continue
        op.build(CONFIG)


def test_lone_surrogates_are_refused_everywhere_before_build() -> None:
    bad = "a\ud800b"
    makers = [
        lambda: SendSignal(session_id=SID, payload={"type": bad, "data": ""}),
        lambda: Dial(session_id=SID, token=TOKEN, sip_uri="sip:a@b", options={"from": bad}),
        lambda: Dial(
            session_id=SID, token=TOKEN, sip_uri="sip:a@b", options={"headers": {"X-A": bad}}
        ),
        lambda: ConnectAudioToWebsocket(
            session_id=SID, token=TOKEN, websocket={"uri": "wss://a.b/c", "headers": {"X-A": bad}}
        ),
        lambda: GetStream(session_id=SID, stream_id=bad),
        lambda: StartRender(session_id=SID, token=TOKEN, url="https://e.com/p", stream_name=bad),
        lambda: SetStreamClassLists(session_id=SID, items=[{"id": "s", "layoutClassList": [bad]}]),
    ]
    for make in makers:
        try:
            make()  # type: ignore[no-untyped-call]
        except ValidationError as exc:
            assert "surrogate" in exc.problem
        else:
            raise AssertionError("a lone surrogate was accepted")
