"""Properties of the signaling, moderation, stream, SIP, render, audio and captions operations:
ids of any text stay one encoded path segment, and any options input either validates or raises
ValidationError (never KeyError or TypeError). That finish() is total for every operation is in
test_operation_properties.py."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from opentok_core import (
    ConnectAudioToWebsocket,
    Dial,
    ForceDisconnect,
    GetRender,
    GetStream,
    ListStreams,
    MuteAll,
    MuteStream,
    PlayDtmf,
    SendSignal,
    SetStreamClassLists,
    StartRender,
    StopCaptions,
    StopRender,
    ValidationError,
)
from tests.wire import CONFIG, PREFIX

SID = "1_MX4xMjM0NTZ-fg"
TOKEN = "T1==token"

ids = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs")), min_size=1, max_size=30
).filter(lambda s: s.strip() == s)


def _segments(op: Any) -> list[str]:
    parts = urlsplit(op.build(CONFIG).url)
    assert parts.query == "" and parts.fragment == ""
    assert parts.path.startswith(PREFIX + "/")
    return [unquote(p) for p in parts.path[len(PREFIX) + 1 :].split("/")]


@settings(max_examples=60)
@given(ids, ids)
def test_ids_with_reserved_characters_stay_one_segment_each(first: str, second: str) -> None:
    cases = [
        (ForceDisconnect(session_id=first, connection_id=second), ["connection", second]),
        (MuteStream(session_id=first, stream_id=second), ["stream", second, "mute"]),
        (GetStream(session_id=first, stream_id=second), ["stream", second]),
        (
            SendSignal(session_id=first, payload={"data": ""}, connection_id=second),  # type: ignore[arg-type]
            ["connection", second, "signal"],
        ),
        (
            PlayDtmf(session_id=first, digits="1", connection_id=second),
            ["connection", second, "play-dtmf"],
        ),
        (MuteAll(session_id=first), ["mute"]),
        (ListStreams(session_id=first), ["stream"]),
    ]
    for op, rest in cases:
        assert _segments(op) == ["session", first, *rest], op
    assert _segments(GetRender(render_id=first)) == ["render", first]
    assert _segments(StopRender(render_id=second)) == ["render", second]
    assert _segments(StopCaptions(captions_id=first)) == ["captions", first, "stop"]


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
