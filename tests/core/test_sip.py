"""dial and play_dtmf: golden wire, parsing, validation, the official dict shape."""

from __future__ import annotations

import datetime as dt

import pytest

from opentok_core import (
    Conflict,
    Dial,
    PlayDtmf,
    Response,
    SipAuth,
    SipCall,
    SipOptions,
    ValidationError,
    finish,
)
from tests.conftest import fixture_body
from tests.wire import CONFIG, PREFIX, json_headers, wire

SID = "1_MX4xMjM0NTZ-fg"
TOKEN = "T1==secret-client-token"
URI = "sip:user@sip.partner.com;transport=tls"

OFFICIAL_OPTIONS = {
    "from": "from@example.com",
    "headers": {"X-Customer": "42"},
    "auth": {"username": "alice", "password": "s3cret"},
    "secure": True,
    "video": False,
    "observeForceMute": True,
    "streams": ["stream-1", "stream-2"],
}
TYPED_OPTIONS = SipOptions(
    from_="from@example.com",
    headers={"X-Customer": "42"},  # type: ignore[arg-type]
    auth=SipAuth(username="alice", password="s3cret"),
    secure=True,
    video=False,
    observe_force_mute=True,
    streams=["stream-1", "stream-2"],  # type: ignore[arg-type]
)
GOLDEN_BODY = (
    b'{"sessionId":"1_MX4xMjM0NTZ-fg","token":"T1==secret-client-token","sip":{'
    b'"uri":"sip:user@sip.partner.com;transport=tls","from":"from@example.com",'
    b'"headers":{"X-Customer":"42"},"auth":{"username":"alice","password":"s3cret"},'
    b'"secure":true,"video":false,"observeForceMute":true,"streams":["stream-1","stream-2"]}}'
)


def test_dial_with_every_option_golden() -> None:
    op = Dial(session_id=SID, token=TOKEN, sip_uri=URI, options=TYPED_OPTIONS)
    assert wire(op.build(CONFIG)) == ("POST", f"{PREFIX}/dial", json_headers(), GOLDEN_BODY)


def test_official_options_dict_gives_the_same_wire_body() -> None:
    official = Dial(session_id=SID, token=TOKEN, sip_uri=URI, options=OFFICIAL_OPTIONS)  # type: ignore[arg-type]
    assert official.options == TYPED_OPTIONS
    assert official.build(CONFIG).body == GOLDEN_BODY


def test_dial_without_options_sends_only_the_uri() -> None:
    for options in (None, {}, SipOptions()):
        op = Dial(session_id=SID, token=TOKEN, sip_uri=URI, options=options)  # type: ignore[arg-type]
        assert op.build(CONFIG).body == (
            b'{"sessionId":"1_MX4xMjM0NTZ-fg","token":"T1==secret-client-token",'
            b'"sip":{"uri":"sip:user@sip.partner.com;transport=tls"}}'
        )


def test_token_and_password_never_appear_in_reprs() -> None:
    op = Dial(session_id=SID, token=TOKEN, sip_uri=URI, options=OFFICIAL_OPTIONS)  # type: ignore[arg-type]
    text = repr(op) + repr(op.options) + repr(op.build(CONFIG))
    assert "secret-client-token" not in text and "s3cret" not in text
    assert "alice" in text


def test_dial_parses_the_sip_call() -> None:
    op = Dial(session_id=SID, token=TOKEN, sip_uri=URI)
    call = finish(op, Response(200, (), fixture_body("sip.dial", 200) or b""))
    assert isinstance(call, SipCall)
    assert call.id == "b0a5a8c7-dc38-459f-a48d-a7f2008da853"
    assert call.connection_id == "e9f8c166-6c67-440d-994a-04fb6dfed007"
    assert call.stream_id == "482bce73-f882-40fd-8ca5-cb74ff416036"
    assert call.project_id == "123456"
    assert call.created_at == dt.datetime(2015, 7, 23, 18, 35, 51, tzinfo=dt.timezone.utc)


def test_dial_409_means_a_relayed_session() -> None:
    op = Dial(session_id=SID, token=TOKEN, sip_uri=URI)
    with pytest.raises(Conflict, match="not routed"):
        finish(op, Response(409, (), fixture_body("sip.dial", 409) or b""))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sip_uri": "user@sip.partner.com"}, "sip_uri"),
        ({"sip_uri": "sip:a b"}, "sip_uri"),
        ({"token": ""}, "token"),
        ({"token": 42}, "token"),
        ({"options": {"headers": {"Custom": "1"}}}, "options['headers']['Custom']"),
        ({"options": {"headers": {"X-A": "1\r\nX-B: 2"}}}, "options['headers']['X-A']"),
        ({"options": {"headers": "X-A: 1"}}, "options['headers']"),
        ({"options": {"auth": {"username": "a"}}}, "options['auth']['password']"),
        ({"options": {"auth": "a:b"}}, "options['auth']"),
        ({"options": {"secure": "yes"}}, "options['secure']"),
        ({"options": {"observe_force_mute": True}}, "options['observe_force_mute']"),
        ({"options": {"streams": "s1"}}, "options['streams']"),
        ({"options": {"from": ""}}, "options['from']"),
        ({"options": ["from"]}, "options"),
    ],
)
def test_bad_dial_input_is_refused_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    args: dict[str, object] = {"session_id": SID, "token": TOKEN, "sip_uri": URI, **kwargs}
    with pytest.raises(ValidationError) as info:
        Dial(**args)  # type: ignore[arg-type]
    assert info.value.field == field
    assert "secret-client-token" not in str(info.value)


def test_typed_sip_options_validate_too() -> None:
    with pytest.raises(ValidationError) as info:
        SipOptions(headers={"Bad": "1"})  # type: ignore[arg-type]
    assert info.value.field == "headers['Bad']"
    assert SipOptions(headers={"x-lower": "ok"}).headers == (("x-lower", "ok"),)  # type: ignore[arg-type]


def test_play_dtmf_to_all_and_to_one_connection_golden() -> None:
    to_all = PlayDtmf(session_id=SID, digits="1713p#*")
    assert wire(to_all.build(CONFIG)) == (
        "POST",
        f"{PREFIX}/session/{SID}/play-dtmf",
        json_headers(),
        b'{"digits":"1713p#*"}',
    )
    to_one = PlayDtmf(session_id=SID, digits="9", connection_id="c/1")
    assert wire(to_one.build(CONFIG))[1] == f"{PREFIX}/session/{SID}/connection/c%2F1/play-dtmf"
    assert finish(to_one, Response(200, (), b"")) is None


@pytest.mark.parametrize("digits", ["", "12a", "1 2", "P", "١٢", 123])
def test_bad_dtmf_digits_are_refused(digits: object) -> None:
    with pytest.raises(ValidationError) as info:
        PlayDtmf(session_id=SID, digits=digits)  # type: ignore[arg-type]
    assert info.value.field == "digits"
