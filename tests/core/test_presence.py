"""SessionMonitor folds the session monitoring callbacks into who is in each session now:
fed the emulator's real signed callbacks over HTTP it agrees with the emulator's own state,
and redelivered or reordered callbacks leave it right."""

from __future__ import annotations

import json
import random
import time
from typing import Any

import pytest

from opentok_core import (
    ArchiveEvent,
    CallbackRouter,
    SessionMonitor,
    ValidationError,
    parse_callback,
)
from opentok_emulator.control import (
    ConnectClient,
    DisconnectClient,
    GetSessionState,
    PublishStream,
    SimulatedSession,
    UnpublishStream,
)
from opentok_sync import Client
from tests.callbacks_over_http import SIGNATURE_SECRET, headers_of, received_callbacks
from tests.conftest import API_KEY


def _event(kind: str, session: str = "s1", **fields: Any) -> Any:
    return parse_callback(json.dumps({"event": kind, "sessionId": session, **fields}).encode())


def _connection(cid: str, created: int = 1000, data: str = "") -> dict[str, Any]:
    return {"id": cid, "createdAt": created, "data": data}


def _stream(sid: str, cid: str, created: int = 2000) -> dict[str, Any]:
    return {"id": sid, "connection": _connection(cid), "createdAt": created, "videoType": "camera"}


def test_connections_and_streams_come_and_go() -> None:
    monitor = SessionMonitor()
    assert monitor.apply(_event("connectionCreated", connection=_connection("c1", data="ann")))
    assert monitor.apply(_event("connectionCreated", connection=_connection("c2")))
    assert monitor.apply(_event("streamCreated", stream=_stream("st1", "c1")))
    now = monitor.session("s1")
    assert set(now.connections) == {"c1", "c2"} and set(now.streams) == {"st1"}
    assert now.connections["c1"].data == "ann"
    assert [s.id for s in now.streams_of("c1")] == ["st1"] and now.streams_of("c2") == ()
    assert monitor.sessions() == ("s1",)
    assert monitor.apply(_event("streamDestroyed", stream=_stream("st1", "c1")))
    assert monitor.apply(_event("connectionDestroyed", connection=_connection("c1")))
    assert set(monitor.session("s1").connections) == {"c2"}
    assert monitor.apply(_event("connectionDestroyed", connection=_connection("c2")))
    assert monitor.sessions() == () and monitor.session("s1").connections == {}


def test_a_redelivered_callback_changes_nothing() -> None:
    monitor = SessionMonitor()
    joined = _event("connectionCreated", connection=_connection("c1"))
    assert monitor.apply(joined) and not monitor.apply(joined)
    left = _event("connectionDestroyed", connection=_connection("c1"))
    assert monitor.apply(left) and not monitor.apply(left)
    assert not monitor.apply(joined)  # redelivered after it left: still gone
    assert monitor.sessions() == ()


def test_out_of_order_callbacks_end_where_the_ordered_ones_do() -> None:
    events = [
        _event("connectionCreated", connection=_connection("c1")),
        _event("streamCreated", stream=_stream("st1", "c1")),
        _event("connectionCreated", connection=_connection("c2")),
        _event("streamDestroyed", stream=_stream("st1", "c1")),
        _event("connectionDestroyed", connection=_connection("c1")),
    ]
    ordered = SessionMonitor()
    for event in events:
        ordered.apply(event)
    for seed in range(20):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        monitor = SessionMonitor()
        for event in shuffled:
            monitor.apply(event)
        assert monitor.session("s1") == ordered.session("s1"), seed
    assert set(ordered.session("s1").connections) == {"c2"} and not ordered.session("s1").streams


def test_unknown_ids_and_other_events_are_tolerated() -> None:
    monitor = SessionMonitor()
    assert not monitor.apply(_event("streamDestroyed", stream=_stream("ghost", "c9")))
    assert not monitor.apply(_event("connectionDestroyed", connection=_connection("c9")))
    assert not monitor.apply(_event("sessionDestroyed", "nowhere"))
    archive = {"event": "archive", "id": "a1", "status": "available", "createdAt": 0}
    assert not monitor.apply(parse_callback(json.dumps(archive).encode()))
    assert not monitor.apply(object())
    # A stream whose connectionCreated is late brings its connection along ...
    assert monitor.apply(_event("streamCreated", stream=_stream("st1", "c1")))
    assert set(monitor.session("s1").connections) == {"c1"}
    # ... and the late connectionCreated then fills in what the stream's copy lacked.
    assert monitor.apply(_event("connectionCreated", connection=_connection("c1", data="ann")))
    assert monitor.session("s1").connections["c1"].data == "ann"
    assert not monitor.apply(_event("streamCreated", stream=_stream("st1", "c1")))
    assert monitor.session("s1").connections["c1"].data == "ann"


def test_session_destroyed_empties_it_but_keeps_a_later_joiner() -> None:
    monitor = SessionMonitor()
    monitor.apply(_event("connectionCreated", connection=_connection("c1", created=1000)))
    monitor.apply(_event("streamCreated", stream=_stream("st1", "c1", created=1500)))
    monitor.apply(_event("connectionCreated", connection=_connection("c2", created=9000)))
    assert monitor.apply(_event("sessionDestroyed", timestamp=5000, reason="clientDisconnected"))
    assert set(monitor.session("s1").connections) == {"c2"} and not monitor.session("s1").streams
    assert not monitor.apply(_event("connectionCreated", connection=_connection("c1")))


def test_destroyed_ids_are_remembered_within_a_bound() -> None:
    monitor = SessionMonitor(max_gone=2)
    for cid in ("c1", "c2", "c3"):
        monitor.apply(_event("connectionDestroyed", connection=_connection(cid)))
    assert not monitor.apply(_event("connectionCreated", connection=_connection("c3")))
    assert monitor.apply(_event("connectionCreated", connection=_connection("c1")))  # forgotten
    for bad in (0, -1, True, "10"):
        with pytest.raises(ValidationError) as info:
            SessionMonitor(max_gone=bad)  # type: ignore[arg-type]
        assert info.value.field == "max_gone"


def _a_meeting(client: Client) -> SimulatedSession:
    """Two join, both publish, one unpublishes, the other leaves: 8 callbacks
    (sessionCreated, 2 connectionCreated, 2 streamCreated, streamDestroyed, then the leaver's
    streamDestroyed and connectionDestroyed)."""
    sid = client.create_session(media_mode="routed").session_id
    ann = client.send(ConnectClient(session_id=sid, token=client.generate_token(sid, data="ann")))
    bob = client.send(ConnectClient(session_id=sid, token=client.generate_token(sid, data="bob")))
    mine = client.send(PublishStream(session_id=sid, connection_id=ann.connection_id))
    client.send(PublishStream(session_id=sid, connection_id=bob.connection_id))
    client.send(UnpublishStream(session_id=sid, stream_id=mine.stream_id))
    client.send(DisconnectClient(session_id=sid, connection_id=bob.connection_id))
    return client.send(GetSessionState(session_id=sid))


def test_the_emulators_real_callbacks_fold_into_its_own_state() -> None:
    received, state = received_callbacks(_a_meeting, 8)
    router = CallbackRouter(clock=time.time, signature_secret=SIGNATURE_SECRET, api_key=API_KEY)
    monitor = SessionMonitor().attach(router)
    archived: list[object] = []
    router.on(ArchiveEvent)(archived.append)
    for request in received:
        assert router.handle(request.body, headers_of(request)).status == 200
    here = [c.connection_id for c in state.connections if c.connected]
    live = [s.stream_id for s in state.streams if s.active]
    now = monitor.session(state.session_id)
    assert list(now.connections) == here and list(now.streams) == live
    assert [c.data for c in now.connections.values()] == ["ann"] and live == []
    assert monitor.sessions() == (state.session_id,) and archived == []
    # Redelivered (new jti each: the router lets them through) and reversed: no change.
    again = SessionMonitor()
    for request in reversed(received):
        again.apply(parse_callback(request.body))
    for request in received:
        again.apply(parse_callback(request.body))
    assert again.session(state.session_id) == now
