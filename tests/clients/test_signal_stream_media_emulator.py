"""The signaling, moderation, stream, SIP, render, audio and captions methods end to end against
the in-process emulator, and every callback it records parsed by parse_callback."""

from __future__ import annotations

import pytest

from opentok_core import (
    NO_RETRY,
    CaptionsEvent,
    Conflict,
    ConnectionCreated,
    ConnectionDestroyed,
    NotFound,
    RenderEvent,
    RenderStatus,
    Signal,
    SipCall,
    StreamClassList,
    StreamCreated,
    StreamDestroyed,
    UnknownEvent,
    VideoType,
    parse_callback,
)
from opentok_emulator._transport import EmulatorTransport, new_emulator
from opentok_emulator.control import (
    ConnectClient,
    GetConnection,
    GetSessionState,
    ListCallbacks,
    PublishStream,
)
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET


@pytest.fixture
def client() -> Client:
    emulator = new_emulator(api_key=API_KEY, api_secret=API_SECRET, callback_url="http://h.invalid")
    return Client(
        API_KEY,
        API_SECRET,
        api_url="http://emulator.invalid",
        transport=EmulatorTransport(emulator),  # type: ignore[arg-type]
        retry=NO_RETRY,
    )


def test_a_session_day_with_every_signal_stream_and_media_method(client: Client) -> None:
    sid = client.create_session(media_mode="routed").session_id
    alice = client.send(ConnectClient(session_id=sid, token=client.generate_token(sid)))
    bob = client.send(ConnectClient(session_id=sid, token=client.generate_token(sid)))
    camera = client.send(
        PublishStream(session_id=sid, connection_id=alice.connection_id, stream_name="Alice")
    )

    # Signals: to everyone (official dict shape) and to one connection (typed).
    client.send_signal(sid, {"type": "chat", "data": "hello all"})
    client.send_signal(sid, Signal(type="dm", data="hi bob"), bob.connection_id)
    bob_state = client.send(GetConnection(session_id=sid, connection_id=bob.connection_id))
    assert [(s.type, s.data) for s in bob_state.signals] == [
        ("chat", "hello all"),
        ("dm", "hi bob"),
    ]

    # Streams and their layout classes.
    streams = client.list_streams(sid)
    assert [s.id for s in streams] == [camera.stream_id]
    client.set_stream_class_lists(
        sid, [StreamClassList(stream_id=camera.stream_id, layout_class_list=("focus",))]
    )  # type: ignore[arg-type]
    stream = client.get_stream(sid, camera.stream_id)
    assert stream.video_type is VideoType.CAMERA and stream.layout_class_list == ("focus",)
    assert stream.name == "Alice"

    # Moderation: mute-all with an exclusion reaches the emulator under excludedStreamIds.
    client.mute_all(sid, ["excluded-stream"])
    session = client.send(GetSessionState(session_id=sid))
    assert session.force_mute and session.excluded_stream_ids == ("excluded-stream",)
    client.disable_force_mute(sid)
    assert not client.send(GetSessionState(session_id=sid)).force_mute
    client.mute_stream(sid, camera.stream_id)

    # SIP and DTMF; hanging up is a force disconnect of the call's connection.
    call = client.dial(
        sid, client.generate_token(sid), "sip:user@sip.example.com", {"from": "a@b.c"}
    )
    assert isinstance(call, SipCall) and call.connection_id
    client.play_dtmf(sid, call.connection_id, "12#p")
    client.force_disconnect(sid, call.connection_id)

    # Experience Composer: 202 on start, 204 on stop.
    render = client.start_render(
        sid, client.generate_token(sid), "https://example.com/composer", name="Board"
    )
    assert render.status in (RenderStatus.STARTING, RenderStatus.STARTED)
    assert client.get_render(render.id).id == render.id
    assert render.id in [r.id for r in client.list_renders()]
    assert render.id in [r.id for r in client.iter_renders(page_size=1)]
    client.stop_render(render.id)

    # Audio Connector, then captions (409 while running).
    audio = client.connect_audio_to_websocket(
        sid, client.generate_token(sid), {"uri": "wss://example.com/ws"}
    )
    client.force_disconnect(sid, audio.connection_id)
    moderator = client.generate_token(sid, role="moderator")
    captions = client.start_captions(
        sid, moderator, status_callback_url="https://example.com/captions"
    )
    with pytest.raises(Conflict, match="already running"):
        client.start_captions(sid, moderator)
    client.stop_captions(captions.captions_id)

    client.force_disconnect(sid, bob.connection_id)
    client.force_disconnect(sid, alice.connection_id)
    with pytest.raises(NotFound, match="not connected"):
        client.send_signal(sid, {"data": "x"}, bob.connection_id)

    events = [parse_callback(record.payload) for record in client.send(ListCallbacks())]
    assert [e for e in events if isinstance(e, UnknownEvent)] == []
    kinds = {type(e) for e in events}
    assert {ConnectionCreated, ConnectionDestroyed, StreamCreated, StreamDestroyed} <= kinds
    assert {RenderEvent, CaptionsEvent} <= kinds
    gone = [e for e in events if isinstance(e, StreamDestroyed)]
    assert any(e.stream.id == camera.stream_id and e.reason == "forceDisconnected" for e in gone)
    assert {e.status for e in events if isinstance(e, CaptionsEvent)} >= {"started", "stopped"}
