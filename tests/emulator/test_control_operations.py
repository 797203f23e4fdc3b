"""Every typed control operation, through a client on the in-process transport."""

from __future__ import annotations

import pytest

from opentok_core import AuthenticationError, Conflict, NotFound, ValidationError
from opentok_emulator import EmulatorTransport, new_emulator
from opentok_emulator.control import (
    ClearFaults,
    ConnectClient,
    DisconnectClient,
    GetConnection,
    GetSessionState,
    InjectFault,
    ListCallbacks,
    ListFaults,
    PublishStream,
    RegisterProject,
    ResetEmulator,
    SetCallbackUrl,
    UnpublishStream,
)
from opentok_sync import Client


def test_every_control_operation_round_trips() -> None:
    delivered: list[str] = []
    transport = EmulatorTransport(new_emulator(), on_callback=lambda cb: delivered.append(cb.url))
    url = "http://emulator.invalid"
    with Client("123456", "demo-secret-0123456789abcdef", api_url=url, transport=transport) as c:
        c.send(RegisterProject(api_key="777777", api_secret="another-project-secret-0123456789"))
        with Client(
            "777777", "another-project-secret-0123456789", api_url=url, transport=transport
        ) as other:
            assert other.create_session().session_id.startswith("1_")
        c.send(SetCallbackUrl(url="http://127.0.0.1:9/hook"))
        sid = c.create_session(media_mode="routed").session_id
        joined = c.send(ConnectClient(session_id=sid, token=c.generate_token(sid, data="d")))
        stream = c.send(
            PublishStream(
                session_id=sid,
                connection_id=joined.connection_id,
                video_type="screen",
                stream_name="deck",
                layout_class_list=["full"],
                has_audio=False,
            )
        )
        assert (stream.video_type, stream.name, stream.layout_class_list) == (
            "screen",
            "deck",
            ("full",),
        )
        assert stream.has_audio is False and stream.active
        c.send(UnpublishStream(session_id=sid, stream_id=stream.stream_id))
        with pytest.raises(NotFound):
            c.send(UnpublishStream(session_id=sid, stream_id=stream.stream_id))
        c.send(DisconnectClient(session_id=sid, connection_id=joined.connection_id))
        with pytest.raises(Conflict):
            c.send(DisconnectClient(session_id=sid, connection_id=joined.connection_id))
        gone = c.send(GetConnection(session_id=sid, connection_id=joined.connection_id))
        assert gone.disconnect_reason == "clientDisconnected" and gone.data == "d"
        state = c.send(GetSessionState(session_id=sid))
        assert state.media_mode == "routed" and state.connection(joined.connection_id) == gone
        with pytest.raises(KeyError):
            state.connection("nobody")
        events = c.send(ListCallbacks(group="stream"))
        assert [e.payload["event"] for e in events] == ["streamCreated", "streamDestroyed"]
        assert delivered and set(delivered) == {"http://127.0.0.1:9/hook"}
        rule = c.send(InjectFault(operation="archives.list", status=503, retry_after=1.5, count=3))
        assert (rule.status, rule.retry_after, rule.remaining) == (503, 1.5, 3)
        assert c.send(ListFaults()) == (rule,)
        c.send(ClearFaults())
        c.send(ResetEmulator())
        with pytest.raises(NotFound):
            c.send(GetSessionState(session_id=sid))
        with pytest.raises(AuthenticationError):
            c.send(ConnectClient(session_id=c.create_session().session_id, token="T1==bad"))


def test_control_operations_validate_before_sending() -> None:
    with pytest.raises(ValidationError):
        PublishStream(session_id="s", connection_id="c", video_type="hologram")
    with pytest.raises(ValidationError):
        InjectFault(status=200)
    with pytest.raises(ValidationError):
        InjectFault(status=500, delay=-1)
    with pytest.raises(ValidationError):
        InjectFault(status=500, phase="during")


def test_one_emulator_shared_by_many_threads_keeps_consistent_state() -> None:
    from concurrent.futures import ThreadPoolExecutor

    transport = EmulatorTransport(new_emulator())
    url = "http://emulator.invalid"
    with Client("123456", "demo-secret-0123456789abcdef", api_url=url, transport=transport) as c:
        sid = c.create_session(media_mode="routed").session_id

        def join(n: int) -> str:
            token = c.generate_token(sid, data=f"user-{n}")
            joined = c.send(ConnectClient(session_id=sid, token=token))
            c.send(PublishStream(session_id=sid, connection_id=joined.connection_id))
            c.send_signal(sid, {"type": "t", "data": str(n)})
            return joined.connection_id

        with ThreadPoolExecutor(8) as pool:
            ids = list(pool.map(join, range(80)))
        state = c.send(GetSessionState(session_id=sid))
        assert len(set(ids)) == 80 and len(state.connections) == 80
        assert len(c.list_streams(sid)) == 80
        # Each participant was connected when its own signal went out, so it received it.
        by_id = {x.connection_id: x for x in state.connections}
        for n, connection_id in enumerate(ids):
            assert str(n) in [signal.data for signal in by_id[connection_id].signals]
