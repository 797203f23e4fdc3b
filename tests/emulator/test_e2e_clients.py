"""Every client operation, through both clients, against the emulator over real loopback
HTTP: results, the service's error answers mapped to our error classes, and client tokens
accepted or rejected by the simulated connect.

One scenario drives both clients: ``call`` awaits the async client's methods and runs the
sync client's directly (the server lives in its own thread)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from opentok_async import AsyncClient
from opentok_core import (
    NO_RETRY,
    ArchiveStatus,
    AuthenticationError,
    BadRequest,
    Conflict,
    MethodNotAllowed,
    NotFound,
    ProjectCredentials,
    generate_token,
)
from opentok_emulator import new_emulator
from opentok_emulator.control import (
    ConnectClient,
    GetConnection,
    GetSessionState,
    PublishStream,
)
from opentok_emulator.server import EmulatorServer
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET, rsa_pems

Call = Callable[..., Awaitable[Any]]


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(new_emulator(api_key=API_KEY, api_secret=API_SECRET)) as running:
        yield running


@pytest.fixture(params=["sync", "async"])
async def call(request: pytest.FixtureRequest, server: EmulatorServer) -> AsyncIterator[Call]:
    kw: Any = {"api_url": server.url, "retry": NO_RETRY}
    if request.param == "sync":
        client = Client(API_KEY, API_SECRET, **kw)

        async def sync_call(op: str, /, *args: Any, **kwargs: Any) -> Any:
            result = getattr(client, op)(*args, **kwargs)
            return list(result) if op.startswith("iter_") else result

        yield sync_call
        client.close()
    else:
        aclient = AsyncClient(API_KEY, API_SECRET, **kw)

        async def async_call(op: str, /, *args: Any, **kwargs: Any) -> Any:
            method = getattr(aclient, op)
            if op.startswith("iter_"):
                return [item async for item in method(*args, **kwargs)]
            if op == "generate_token":
                return method(*args, **kwargs)
            return await method(*args, **kwargs)

        yield async_call
        await aclient.aclose()


async def _fails(error: type[Exception], call: Call, op: str, /, *args: Any, **kw: Any) -> Any:
    with pytest.raises(error) as info:
        await call(op, *args, **kw)
    return info.value


async def _connect(call: Call, sid: str, **token: Any) -> Any:
    return await call(
        "send", ConnectClient(session_id=sid, token=await call("generate_token", sid, **token))
    )


@pytest.mark.anyio
async def test_sessions_tokens_and_connect_checks(call: Call) -> None:
    sid = (await call("create_session", media_mode="routed")).session_id
    other = (await call("create_session")).session_id
    alice = await _connect(call, sid, role="moderator", data="alice")
    t1 = await _connect(call, sid, role="publisher", use_jwt=False, initial_layout_class_list=["a"])
    assert (alice.role, alice.data, t1.token_format, t1.layout_class_list) == (
        "moderator",
        "alice",
        "t1",
        ("a",),
    )
    # Rejected at connect: another session's token, the wrong secret, an expired token.
    wrong_session = await call("generate_token", other)
    await _fails(
        AuthenticationError, call, "send", ConnectClient(session_id=sid, token=wrong_session)
    )
    forged = generate_token(
        ProjectCredentials(API_KEY, "not-the-secret-of-this-project-0123456789"),
        sid,
        now=time.time(),
        nonce=1,
        jti="x",
    )
    await _fails(AuthenticationError, call, "send", ConnectClient(session_id=sid, token=forged))
    past = time.time() - 7200
    expired = generate_token(
        ProjectCredentials(API_KEY, API_SECRET),
        sid,
        now=past,
        nonce=1,
        jti="x",
        expire_time=int(past) + 60,
    )
    error = await _fails(
        AuthenticationError, call, "send", ConnectClient(session_id=sid, token=expired)
    )
    assert "expired" in str(error)
    # A role the service does not know, correctly signed (a legacy T1 made by hand).
    data = urlencode(
        {
            "session_id": sid,
            "create_time": int(time.time()),
            "expire_time": int(time.time()) + 60,
            "role": "admin",
            "nonce": 1,
        }
    )
    sig = hmac.new(API_SECRET.encode(), data.encode(), hashlib.sha1).hexdigest()
    admin = "T1==" + base64.b64encode(f"partner_id={API_KEY}&sig={sig}:{data}".encode()).decode()
    error = await _fails(
        AuthenticationError, call, "send", ConnectClient(session_id=sid, token=admin)
    )
    assert "role" in str(error)
    # A subscriber token connects, but its role cannot publish.
    viewer = await _connect(call, sid, role="subscriber")
    await _fails(
        AuthenticationError,
        call,
        "send",
        PublishStream(session_id=sid, connection_id=viewer.connection_id),
    )


@pytest.mark.anyio
async def test_signals_streams_and_moderation(call: Call) -> None:
    sid = (await call("create_session", media_mode="routed")).session_id
    alice = await _connect(call, sid, role="moderator")
    bob = await _connect(call, sid, initial_layout_class_list=["focus"])
    cam = await call("send", PublishStream(session_id=sid, connection_id=alice.connection_id))
    screen = await call(
        "send",
        PublishStream(session_id=sid, connection_id=bob.connection_id, video_type="screen"),
    )
    await call("send_signal", sid, {"type": "chat", "data": "all"})
    await call("send_signal", sid, {"type": "dm", "data": "bob"}, bob.connection_id)
    got = await call("send", GetConnection(session_id=sid, connection_id=bob.connection_id))
    assert [(s.type, s.data) for s in got.signals] == [("chat", "all"), ("dm", "bob")]
    await _fails(NotFound, call, "send_signal", sid, {"data": "x"}, "no-such-connection")

    streams = await call("list_streams", sid)
    assert {s.id for s in streams} == {cam.stream_id, screen.stream_id}
    one = await call("get_stream", sid, screen.stream_id)
    assert one.layout_class_list == ("focus",) and one.name == ""
    await call("set_stream_class_lists", sid, [{"id": cam.stream_id, "layoutClassList": ["big"]}])
    assert (await call("get_stream", sid, cam.stream_id)).layout_class_list == ("big",)
    await _fails(NotFound, call, "get_stream", sid, "no-such-stream")

    await call("mute_stream", sid, cam.stream_id)
    await call("mute_all", sid, excluded_stream_ids=[cam.stream_id])
    state = await call("send", GetSessionState(session_id=sid))
    assert state.force_mute and state.excluded_stream_ids == (cam.stream_id,)
    assert all(s.audio_muted for s in state.streams)
    await call("disable_force_mute", sid)
    assert not (await call("send", GetSessionState(session_id=sid))).force_mute

    await call("force_disconnect", sid, bob.connection_id)
    gone = await call("send", GetConnection(session_id=sid, connection_id=bob.connection_id))
    assert not gone.connected and gone.disconnect_reason == "forceDisconnected"
    await _fails(NotFound, call, "force_disconnect", sid, bob.connection_id)


@pytest.mark.anyio
async def test_archives_every_operation_and_wrong_transitions(call: Call) -> None:
    sid = (await call("create_session", media_mode="routed")).session_id
    relayed = (await call("create_session")).session_id
    empty = (await call("create_session", media_mode="routed")).session_id
    await _connect(call, relayed)
    await _fails(Conflict, call, "start_archive", relayed)
    await _fails(NotFound, call, "start_archive", empty)  # nobody ever joined
    host = await _connect(call, sid, role="moderator")
    cam = await call("send", PublishStream(session_id=sid, connection_id=host.connection_id))

    archive = await call("start_archive", sid, name="e2e")
    assert archive.status is ArchiveStatus.STARTED and archive.name == "e2e"
    await _fails(Conflict, call, "start_archive", sid)
    await call("set_archive_layout", archive.id, "bestFit", screenshare_type="pip")
    await _fails(MethodNotAllowed, call, "add_archive_stream", archive.id, cam.stream_id)
    await _fails(Conflict, call, "delete_archive", archive.id)

    manual = await call(
        "start_archive",
        sid,
        stream_mode="manual",
        multi_archive_tag="manual",
        output_mode="individual",
    )
    await call("add_archive_stream", manual.id, cam.stream_id, has_video=False)
    streams = (await call("get_archive", manual.id)).streams
    assert [(s.stream_id, s.has_video) for s in streams] == [(cam.stream_id, False)]
    await call("remove_archive_stream", manual.id, cam.stream_id)
    await _fails(NotFound, call, "remove_archive_stream", manual.id, cam.stream_id)

    stopped = await call("stop_archive", archive.id)
    assert stopped.status is ArchiveStatus.STOPPED
    await _fails(Conflict, call, "stop_archive", archive.id)
    available = await call("get_archive", archive.id)
    assert available.status is ArchiveStatus.AVAILABLE and available.url
    page = await call("list_archives", session_id=sid)
    assert page.count == 2 and {a.id for a in page.items} == {archive.id, manual.id}
    assert (await call("get_archives", count=1, session_id=sid)).count == 2
    assert {a.id for a in await call("iter_archives", sid, page_size=1)} == {archive.id, manual.id}
    await call("delete_archive", archive.id)
    assert (await call("get_archive", archive.id)).status is ArchiveStatus.DELETED
    await _fails(NotFound, call, "get_archive", "00000000-0000-4000-8000-000000000000")


@pytest.mark.anyio
async def test_broadcasts_every_operation_and_wrong_transitions(call: Call) -> None:
    sid = (await call("create_session", media_mode="routed")).session_id
    relayed = (await call("create_session")).session_id
    hls = {"outputs": {"hls": {"lowLatency": True}}}
    await _fails(Conflict, call, "start_broadcast", relayed, hls)
    host = await _connect(call, sid)
    cam = await call("send", PublishStream(session_id=sid, connection_id=host.connection_id))
    broadcast = await call("start_broadcast", sid, hls)
    assert broadcast.broadcast_urls.hls.endswith(".m3u8")
    await _fails(Conflict, call, "start_broadcast", sid, hls)
    await call("set_broadcast_layout", broadcast.id, "pip")
    await _fails(MethodNotAllowed, call, "add_broadcast_stream", broadcast.id, cam.stream_id)
    rtmp = {
        "outputs": {"rtmp": [{"id": "yt", "serverUrl": "rtmp://x/live", "streamName": "k"}]},
        "multiBroadcastTag": "second",
    }
    manual = await call("start_broadcast", sid, rtmp, stream_mode="manual")
    await call("add_broadcast_stream", manual.id, cam.stream_id)
    await call("remove_broadcast_stream", manual.id, cam.stream_id)
    fetched = await call("get_broadcast", broadcast.id)
    assert fetched.id == broadcast.id
    assert (await call("list_broadcasts", session_id=sid)).count == 2
    assert len(await call("iter_broadcasts", sid, page_size=1)) == 2
    ended = await call("stop_broadcast", broadcast.id)
    assert str(getattr(ended.status, "value", ended.status)) == "stopped"
    await _fails(Conflict, call, "stop_broadcast", broadcast.id)
    await _fails(NotFound, call, "get_broadcast", "00000000-0000-4000-8000-000000000000")


@pytest.mark.anyio
async def test_sip_dtmf_renders_audio_connector_and_captions(call: Call) -> None:
    sid = (await call("create_session", media_mode="routed")).session_id
    host = await _connect(call, sid, role="moderator")
    sip = await call("dial", sid, await call("generate_token", sid), "sip:bob@example.com")
    assert sip.connection_id and sip.stream_id
    await call("play_dtmf", sid, None, "12#")  # the official order: connection, then digits
    await call("play_dtmf", sid, sip.connection_id, "9p")
    heard = await call("send", GetConnection(session_id=sid, connection_id=sip.connection_id))
    assert heard.dtmf == ("12#", "9p") and heard.kind == "sip"
    await _fails(NotFound, call, "play_dtmf", sid, "gone", "1")
    await _fails(BadRequest, call, "dial", sid, "not-a-token", "sip:x@y.z")

    token = await call("generate_token", sid)
    render = await call("start_render", sid, token, "https://example.com/composer", name="comp")
    assert render.id and render.session_id == sid
    assert str(getattr((await call("get_render", render.id)).status, "value", "")) == "started"
    assert (await call("list_renders")).count >= 1
    assert render.id in {r.id for r in await call("iter_renders", page_size=1)}
    await call("stop_render", render.id)
    await _fails(NotFound, call, "stop_render", render.id)

    audio = await call("connect_audio_to_websocket", sid, token, {"uri": "wss://example.com/audio"})
    assert audio.connection_id

    moderator = await call("generate_token", sid, role="moderator")
    captions = await call("start_captions", sid, moderator)
    await _fails(Conflict, call, "start_captions", sid, moderator)
    await call("stop_captions", captions.captions_id)
    await _fails(NotFound, call, "stop_captions", captions.captions_id)
    assert host.connection_id


@pytest.mark.anyio
async def test_bad_credentials_and_vonage_application_credentials(server: EmulatorServer) -> None:

    from opentok_emulator.control import RegisterApplication

    wrong = "a-secret-that-is-not-this-projects-0123456789"
    with Client(API_KEY, wrong, api_url=server.url, retry=NO_RETRY) as bad:
        with pytest.raises(AuthenticationError):
            bad.create_session()
    async with AsyncClient(API_KEY, wrong, api_url=server.url, retry=NO_RETRY) as abad:
        with pytest.raises(AuthenticationError):
            await abad.list_archives()

    pem, public = rsa_pems()
    app_id = "5f0e2c1a-0000-4000-8000-00000000a991"
    with Client(API_KEY, API_SECRET, api_url=server.url) as admin:
        admin.send(RegisterApplication(application_id=app_id, public_key=public))
    async with AsyncClient(application_id=app_id, private_key=pem, api_url=server.url) as app:
        sid = (await app.create_session(media_mode="routed")).session_id
        joined = await app.send(ConnectClient(session_id=sid, token=app.generate_token(sid)))
        assert joined.role == "publisher"
        archive = await app.start_archive(sid)
        assert archive.project_id == app_id
