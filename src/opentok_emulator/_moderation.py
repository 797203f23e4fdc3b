"""Signals, the connection list, force disconnect, force mute and DTMF
(spec/service.md#signals-and-moderation, #list-connections, #dtmf). What each connection
received is recorded on it for the control API to show."""

from __future__ import annotations

import re

from opentok_core import Response
from opentok_core import operations as ops

from . import _rules as rules
from ._common import find_session, leave
from ._context import Ctx, handles
from ._state import Connection, Session
from ._wire import Reject, empty, get_bool, get_str_list, json_reply, wire_project_id

__all__: list[str] = []

MAX_SIGNAL_TYPE = 128
MAX_SIGNAL_DATA = 8192
DTMF = re.compile(r"^[0-9*#p]+$")


def _connection(session: Session, connection_id: str) -> Connection:
    connection = session.connections.get(connection_id)
    if connection is None or not connection.connected:
        raise Reject(rules.CONNECTION_NOT_CONNECTED)
    return connection


def _signal(ctx: Ctx, targets: list[Connection]) -> Response:
    body = ctx.body()
    kind, data = body.get("type", ""), body.get("data")
    if not isinstance(kind, str) or not isinstance(data, str):
        raise Reject(rules.SIGNAL_INVALID)
    if len(kind.encode("utf-8")) > MAX_SIGNAL_TYPE or len(data.encode("utf-8")) > MAX_SIGNAL_DATA:
        raise Reject(rules.SIGNAL_TOO_LARGE)
    for connection in targets:
        connection.signals.append({"type": kind, "data": data, "at": ctx.now_ms})
    return empty(204)


@handles(ops.SendSignal, path="/session/{sessionId}/signal")
def signal_all(ctx: Ctx) -> Response:
    session = find_session(ctx, ctx.params["sessionId"])
    return _signal(ctx, session.connected())


@handles(ops.SendSignal, path="/session/{sessionId}/connection/{connectionId}/signal")
def signal_one(ctx: Ctx) -> Response:
    session = find_session(ctx, ctx.params["sessionId"])
    return _signal(ctx, [_connection(session, ctx.params["connectionId"])])


@handles(ops.ListConnections)
def list_connections(ctx: Ctx) -> Response:
    """The connected participants, each ``Connected`` (the emulator joins them at once, so none
    is ever seen ``Connecting``; spec/service.md#list-connections)."""
    session = find_session(ctx, ctx.params["sessionId"])
    items = [
        {"connectionId": c.id, "connectionState": "Connected", "createdAt": c.created_at}
        for c in session.connected()
    ]
    return json_reply(
        200,
        {
            "count": len(items),
            "projectId": wire_project_id(session.project_id),
            "sessionId": session.id,
            "items": items,
        },
    )


@handles(ops.ForceDisconnect)
def force_disconnect(ctx: Ctx) -> Response:
    session = find_session(ctx, ctx.params["sessionId"])
    connection = _connection(session, ctx.params["connectionId"])
    leave(ctx, session, connection, "forceDisconnected")
    return empty(204)


@handles(ops.MuteStream)
def mute_stream(ctx: Ctx) -> Response:
    session = find_session(ctx, ctx.params["sessionId"])
    stream = session.streams.get(ctx.params["streamId"])
    if stream is None or not stream.active:
        raise Reject(rules.STREAM_NOT_FOUND)
    stream.audio_muted = True
    session.connections[stream.connection_id].mutes.append(
        {"streamId": stream.id, "at": ctx.now_ms, "all": False}
    )
    return empty(200)


@handles(ops.MuteAll, also=ops.DisableForceMute, when="active")
def mute_all(ctx: Ctx) -> Response:
    session = find_session(ctx, ctx.params["sessionId"])
    body = ctx.body()
    active = get_bool(body, "active")
    if active is None:
        raise Reject(rules.MUTE_ACTIVE)
    excluded = get_str_list(body, "excludedStreamIds") or []
    session.force_mute = active
    session.mute_excluded = excluded if active else []
    if active:
        for stream in session.live_streams():
            if stream.id not in excluded:
                stream.audio_muted = True
                session.connections[stream.connection_id].mutes.append(
                    {"streamId": stream.id, "at": ctx.now_ms, "all": True}
                )
    return empty(200)


def _digits(ctx: Ctx) -> str:
    digits = ctx.body().get("digits")
    if not isinstance(digits, str) or not DTMF.match(digits):
        raise Reject(rules.DTMF_DIGITS)
    return digits


@handles(ops.PlayDtmf, path="/session/{sessionId}/play-dtmf")
def dtmf_all(ctx: Ctx) -> Response:
    session = find_session(ctx, ctx.params["sessionId"])
    digits = _digits(ctx)
    session.dtmf.append(digits)
    for connection in session.connected():
        connection.dtmf.append(digits)
    return empty(200)


@handles(ops.PlayDtmf, path="/session/{sessionId}/connection/{connectionId}/play-dtmf")
def dtmf_one(ctx: Ctx) -> Response:
    session = find_session(ctx, ctx.params["sessionId"])
    connection = _connection(session, ctx.params["connectionId"])
    connection.dtmf.append(_digits(ctx))
    return empty(200)
