"""Simulated participants: token checks at connect, publishing, and what moderation, signals
and DTMF did to each connection."""

from __future__ import annotations

import base64
import json

import jwt as pyjwt
import pytest

from opentok_core import ProjectCredentials, generate_token
from opentok_emulator import Emulator
from tests.conftest import API_KEY, API_SECRET
from tests.emulator.helpers import Api, error_of


@pytest.fixture
def api() -> Api:
    return Api()


def _connect(api: Api, sid: str, token: str) -> tuple[int, str]:
    response = api.control("POST", f"/sessions/{sid}/connections", {"token": token})
    body = json.loads(response.body)
    return response.status, body.get("message", body.get("connectionId", ""))


def test_valid_jwt_and_t1_tokens_connect_with_their_role_data_and_classes(api: Api) -> None:
    sid = api.session()
    for use_jwt in (True, False):
        token = api.token(
            sid,
            role="publisher",
            data="name=Bob",
            initial_layout_class_list=["focus"],
            use_jwt=use_jwt,
        )
        status, cid = _connect(api, sid, token)
        assert status == 201
        state = api.connection(sid, cid)
        assert state["role"] == "publisher" and state["data"] == "name=Bob"
        assert state["tokenFormat"] == ("jwt" if use_jwt else "t1")
        stream = api.ctl("POST", f"/sessions/{sid}/connections/{cid}/streams", {}, 201)
        assert stream["layoutClassList"] == ["focus"] and stream["videoType"] == "camera"


def _tamper(token: str) -> str:
    head, claims, sig = token.split(".")
    data = json.loads(base64.urlsafe_b64decode(claims + "=="))
    data["role"] = "moderator"
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return f"{head}.{forged}.{sig}"


def test_bad_tokens_are_rejected_at_connect(api: Api) -> None:
    sid, other_sid = api.session(), api.session()
    now = api.now
    expiring = api.token(sid, expire_time=int(now) + 10)
    cases = {
        "another session": api.token(other_sid),
        "wrong secret": generate_token(
            ProjectCredentials(API_KEY, "another-secret-of-the-same-key-0123456789"),
            sid,
            now=now,
            nonce=1,
            jti="j",
        ),
        "tampered": _tamper(api.token(sid, role="subscriber")),
        "t1 tampered": "T1=="
        + base64.b64encode(
            base64.b64decode(api.token(sid, use_jwt=False)[4:]).replace(
                b"role=publisher", b"role=moderator"
            )
        ).decode(),
        "garbage": "not-a-token",
        "bad role": pyjwt.encode(
            {
                "iss": API_KEY,
                "ist": "project",
                "iat": int(now),
                "exp": int(now) + 60,
                "scope": "session.connect",
                "session_id": sid,
                "role": "admin",
            },
            API_SECRET,
            algorithm="HS256",
        ),
        "no scope": pyjwt.encode(
            {
                "iss": API_KEY,
                "ist": "project",
                "iat": int(now),
                "exp": int(now) + 60,
                "session_id": sid,
                "role": "publisher",
            },
            API_SECRET,
            algorithm="HS256",
        ),
    }
    for why, token in cases.items():
        status, message = _connect(api, sid, token)
        assert status == 403, why
        assert message, why
    api.now += 11
    assert _connect(api, sid, expiring) == (403, "Token expired")
    assert "another session" in _connect(api, sid, cases["another session"])[1]


def test_a_token_of_another_project_with_a_session_here_is_rejected() -> None:
    emulator = Emulator(
        clock=lambda: 1_700_000_000.0,
        ids=iter(f"id-{n}" for n in range(100)).__next__,
        projects=[ProjectCredentials(API_KEY, API_SECRET), ProjectCredentials("654321", "s" * 40)],
    )
    api = Api()
    api.emulator = emulator
    sid = api.session()
    foreign = ProjectCredentials("654321", "s" * 40)
    # A token that says project 654321 for a session of 123456 cannot be minted by our SDK
    # (it checks the session's key): forge the claims by hand.
    token = pyjwt.encode(
        {
            "iss": "654321",
            "ist": "project",
            "iat": 1_700_000_000,
            "exp": 1_700_000_060,
            "scope": "session.connect",
            "session_id": sid,
            "role": "publisher",
        },
        foreign.api_secret,
        algorithm="HS256",
    )
    assert _connect(api, sid, token)[0] == 403


def test_unpublish_destroys_the_stream_and_leaves_the_client_connected(api: Api) -> None:
    sid = api.session()
    cid = api.connect(sid)
    stream = api.publish(sid, cid)
    assert api.control("DELETE", f"/sessions/{sid}/streams/{stream}").status == 204
    assert api.control("DELETE", f"/sessions/{sid}/streams/{stream}").status == 404
    state = api.connection(sid, cid)
    assert state["connected"] and state["streams"][0]["destroyedReason"] == "clientDisconnected"
    assert api.ok("GET", f"/session/{sid}/stream")["count"] == 0


def test_subscribers_cannot_publish_and_unknown_sessions_404(api: Api) -> None:
    sid = api.session()
    cid = api.connect(sid, role="subscriber")
    response = api.control("POST", f"/sessions/{sid}/connections/{cid}/streams", {})
    assert error_of(response)[0] == 403
    assert api.control("POST", "/sessions/1_nothing/connections", {"token": "x"}).status == 404
    assert api.control("GET", f"/sessions/{sid}/connections/none").status == 404


def test_signals_reach_every_connection_or_one(api: Api) -> None:
    sid = api.session()
    alice, bob = api.connect(sid), api.connect(sid)
    assert api.call("POST", f"/session/{sid}/signal", {"type": "chat", "data": "hi"}).status == 204
    path = f"/session/{sid}/connection/{bob}/signal"
    assert api.call("POST", path, {"data": "just bob"}).status == 204
    assert [s["data"] for s in api.connection(sid, alice)["signals"]] == ["hi"]
    assert [(s["type"], s["data"]) for s in api.connection(sid, bob)["signals"]] == [
        ("chat", "hi"),
        ("", "just bob"),
    ]
    assert api.call("POST", f"/session/{sid}/signal", {"type": "x" * 129, "data": ""}).status == 413
    assert api.call("POST", f"/session/{sid}/signal", {"data": "d" * 8193}).status == 413
    assert api.call("POST", f"/session/{sid}/signal", {"type": "t"}).status == 400
    assert api.call("POST", f"/session/{sid}/connection/ghost/signal", {"data": "x"}).status == 404


def test_force_disconnect_removes_the_client_and_its_streams(api: Api) -> None:
    sid = api.session()
    alice, bob = api.connect(sid), api.connect(sid)
    stream = api.publish(sid, bob)
    assert api.call("DELETE", f"/session/{sid}/connection/{bob}").status == 204
    state = api.connection(sid, bob)
    assert state["connected"] is False and state["disconnectReason"] == "forceDisconnected"
    assert state["streams"][0]["destroyedReason"] == "forceDisconnected"
    assert api.call("GET", f"/session/{sid}/stream/{stream}").status == 404
    assert api.call("DELETE", f"/session/{sid}/connection/{bob}").status == 404
    assert api.call("POST", f"/session/{sid}/connection/{bob}/signal", {"data": "x"}).status == 404
    assert api.connection(sid, alice)["connected"] is True


def test_mute_one_all_with_exclusions_and_future_streams(api: Api) -> None:
    sid = api.session()
    alice, bob = api.connect(sid), api.connect(sid)
    a, b = api.publish(sid, alice), api.publish(sid, bob)
    assert api.call("POST", f"/session/{sid}/stream/{a}/mute").status == 200
    assert api.call("POST", f"/session/{sid}/stream/ghost/mute").status == 404
    body = {"active": True, "excludedStreamIds": [a]}
    assert api.call("POST", f"/session/{sid}/mute", body).status == 200
    assert api.connection(sid, bob)["mutes"][0]["streamId"] == b
    later = api.publish(sid, api.connect(sid))
    state = api.ctl("GET", f"/sessions/{sid}")
    muted = {s["streamId"]: s["audioMuted"] for s in state["streams"]}
    assert muted == {a: True, b: True, later: True}
    assert state["forceMute"] == {"active": True, "excludedStreamIds": [a]}
    assert api.call("POST", f"/session/{sid}/mute", {"active": False}).status == 200
    fresh = api.publish(sid, api.connect(sid))
    assert api.ctl("GET", f"/sessions/{sid}/connections/{api.connect(sid)}")["mutes"] == []
    assert not [s for s in api.ctl("GET", f"/sessions/{sid}")["streams"] if s["streamId"] == fresh][
        0
    ]["audioMuted"]
    assert api.call("POST", f"/session/{sid}/mute", {"excludedStreamIds": []}).status == 400


def test_stream_info_and_class_lists(api: Api) -> None:
    sid = api.session()
    cid = api.connect(sid)
    screen = api.publish(sid, cid, videoType="screen", name="deck", layoutClassList=["full"])
    got = api.ok("GET", f"/session/{sid}/stream/{screen}")
    assert got == {"id": screen, "videoType": "screen", "name": "deck", "layoutClassList": ["full"]}
    assert api.ok("GET", f"/session/{sid}/stream")["count"] == 1
    items = {"items": [{"id": screen, "layoutClassList": ["focus", "top"]}]}
    api.ok("PUT", f"/session/{sid}/stream", items)
    assert api.ok("GET", f"/session/{sid}/stream/{screen}")["layoutClassList"] == ["focus", "top"]
    bad = {"items": [{"id": "ghost", "layoutClassList": []}]}
    assert api.call("PUT", f"/session/{sid}/stream", bad).status == 404
    assert api.call("PUT", f"/session/{sid}/stream", {"items": "x"}).status == 400
    assert api.call("GET", "/session/1_garbage/stream").status == 400


def test_sip_dial_joins_a_participant_and_dtmf_is_recorded(api: Api) -> None:
    sid = api.session()
    listener = api.connect(sid)
    body = {"sessionId": sid, "token": api.token(sid, data="sip"), "sip": {"uri": "sip:a@b.c"}}
    call = api.ok("POST", "/dial", body)
    assert set(call) >= {"id", "connectionId", "streamId"}
    assert api.connection(sid, call["connectionId"])["kind"] == "sip"
    assert api.call("POST", f"/session/{sid}/play-dtmf", {"digits": "12#p*"}).status == 200
    path = f"/session/{sid}/connection/{call['connectionId']}/play-dtmf"
    assert api.call("POST", path, {"digits": "9"}).status == 200
    assert api.connection(sid, call["connectionId"])["dtmf"] == ["12#p*", "9"]
    assert api.connection(sid, listener)["dtmf"] == ["12#p*"]
    assert api.call("POST", path, {"digits": "abc"}).status == 400
    relayed = api.session("relayed")
    body_relayed = {**body, "sessionId": relayed, "token": api.token(relayed)}
    assert api.call("POST", "/dial", body_relayed).status == 409
    assert api.call("POST", "/dial", {**body, "token": "nope"}).status == 400
    bad_headers = {**body, "sip": {"uri": "sip:a@b", "headers": {"Via": "x"}}}
    assert api.call("POST", "/dial", bad_headers).status == 400
    assert api.call("DELETE", f"/session/{sid}/connection/{call['connectionId']}").status == 204


def test_render_audio_connector_and_captions_lifecycles(api: Api) -> None:
    sid = api.session()
    api.connect(sid)
    render = api.ok(
        "POST",
        "/render",
        {
            "sessionId": sid,
            "token": api.token(sid),
            "url": "https://example.com/app",
            "properties": {"name": "composer"},
        },
        status=202,
    )
    assert render["status"] == "starting" and render["resolution"] == "1280x720"
    got = api.ok("GET", f"/render/{render['id']}")
    assert got["status"] == "started" and got["streamId"]
    assert api.ok("GET", "/render?count=10")["count"] == 1
    assert api.call("GET", "/render?count=0").status == 400
    assert api.call("DELETE", f"/render/{render['id']}").status == 204
    assert api.ok("GET", f"/render/{render['id']}")["status"] == "stopped"
    assert api.call("DELETE", f"/render/{render['id']}").status == 404
    short_url = {"sessionId": sid, "token": api.token(sid), "url": "http://x"}
    assert api.call("POST", "/render", short_url).status == 400

    ws = {"uri": "wss://example.com/ws", "audioRate": 16000, "bidirectional": True}
    audio = api.ok("POST", "/connect", {"sessionId": sid, "token": api.token(sid), "websocket": ws})
    assert api.connection(sid, audio["connectionId"])["kind"] == "websocket"
    bad_ws = {"sessionId": sid, "token": api.token(sid), "websocket": {"uri": "http://x"}}
    assert api.call("POST", "/connect", bad_ws).status == 400

    moderator = api.token(sid, role="moderator")
    captions = api.ok("POST", "/captions", {"sessionId": sid, "token": moderator}, status=202)
    assert set(captions) == {"captionsId"}
    again = api.call("POST", "/captions", {"sessionId": sid, "token": moderator})
    assert error_of(again)[0] == 409 and json.loads(again.body)["code"] == 60003
    publisher = {"sessionId": sid, "token": api.token(sid)}
    assert api.call("POST", "/captions", publisher).status == 400
    stop = api.call("POST", f"/captions/{captions['captionsId']}/stop")
    assert stop.status == 202
    assert api.call("POST", f"/captions/{captions['captionsId']}/stop").status == 404
