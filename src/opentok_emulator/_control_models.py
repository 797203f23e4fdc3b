"""Models of the emulator's control API answers (``opentok_emulator.control``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from opentok_core import Response
from opentok_core.kit import (
    json_object,
    ms_time,
    obj,
    opt_bool,
    opt_int,
    opt_list,
    opt_str,
    req_str,
    str_tuple,
)

__all__ = [
    "CallbackRecord",
    "FaultRule",
    "MuteRecord",
    "ReceivedSignal",
    "SimulatedConnection",
    "SimulatedSession",
    "SimulatedStream",
    "items",
]


# Models ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SimulatedStream:
    """A stream a simulated participant (or a SIP call, a render) published."""

    stream_id: str
    session_id: str
    connection_id: str
    video_type: str
    name: str
    layout_class_list: tuple[str, ...]
    has_audio: bool
    has_video: bool
    audio_muted: bool
    active: bool
    destroyed_reason: str | None
    created_at: dt.datetime | None

    @classmethod
    def from_json(cls, data: Any) -> SimulatedStream:
        data = obj(data, "stream")
        return cls(
            stream_id=req_str(data, "streamId"),
            session_id=req_str(data, "sessionId"),
            connection_id=req_str(data, "connectionId"),
            video_type=opt_str(data, "videoType") or "camera",
            name=opt_str(data, "name") or "",
            layout_class_list=str_tuple(data, "layoutClassList"),
            has_audio=bool(opt_bool(data, "hasAudio")),
            has_video=bool(opt_bool(data, "hasVideo")),
            audio_muted=bool(opt_bool(data, "audioMuted")),
            active=bool(opt_bool(data, "active")),
            destroyed_reason=opt_str(data, "destroyedReason"),
            created_at=ms_time(data, "createdAt"),
        )


@attrs.frozen(kw_only=True)
class ReceivedSignal:
    """A signal a connection received."""

    type: str
    data: str
    at: dt.datetime | None

    @classmethod
    def from_json(cls, data: Any) -> ReceivedSignal:
        data = obj(data, "signal")
        return cls(
            type=opt_str(data, "type") or "",
            data=opt_str(data, "data") or "",
            at=ms_time(data, "at"),
        )


@attrs.frozen(kw_only=True)
class MuteRecord:
    """A forced mute of one of the connection's streams (``all``: by mute-all)."""

    stream_id: str
    all: bool
    at: dt.datetime | None

    @classmethod
    def from_json(cls, data: Any) -> MuteRecord:
        data = obj(data, "mute")
        return cls(
            stream_id=req_str(data, "streamId"),
            all=bool(opt_bool(data, "all")),
            at=ms_time(data, "at"),
        )


@attrs.frozen(kw_only=True)
class SimulatedConnection:
    """A participant and everything that happened to it."""

    connection_id: str
    session_id: str
    role: str
    data: str
    kind: str
    token_format: str | None
    layout_class_list: tuple[str, ...]
    connected: bool
    disconnect_reason: str | None
    created_at: dt.datetime | None
    streams: tuple[SimulatedStream, ...]
    signals: tuple[ReceivedSignal, ...]
    dtmf: tuple[str, ...]
    mutes: tuple[MuteRecord, ...]

    @classmethod
    def from_json(cls, data: Any) -> SimulatedConnection:
        data = obj(data, "connection")
        return cls(
            connection_id=req_str(data, "connectionId"),
            session_id=req_str(data, "sessionId"),
            role=req_str(data, "role"),
            data=opt_str(data, "data") or "",
            kind=opt_str(data, "kind") or "client",
            token_format=opt_str(data, "tokenFormat"),
            layout_class_list=str_tuple(data, "layoutClassList"),
            connected=bool(opt_bool(data, "connected")),
            disconnect_reason=opt_str(data, "disconnectReason"),
            created_at=ms_time(data, "createdAt"),
            streams=tuple(SimulatedStream.from_json(s) for s in opt_list(data, "streams")),
            signals=tuple(ReceivedSignal.from_json(s) for s in opt_list(data, "signals")),
            dtmf=str_tuple(data, "dtmf"),
            mutes=tuple(MuteRecord.from_json(m) for m in opt_list(data, "mutes")),
        )


@attrs.frozen(kw_only=True)
class SimulatedSession:
    """A session as the emulator holds it: participants, streams, force-mute state."""

    session_id: str
    project_id: str
    media_mode: str
    archive_mode: str
    force_mute: bool
    excluded_stream_ids: tuple[str, ...]
    connections: tuple[SimulatedConnection, ...]
    streams: tuple[SimulatedStream, ...]
    dtmf: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Any) -> SimulatedSession:
        data = obj(data, "session")
        mute = obj(data.get("forceMute") or {}, "forceMute")
        return cls(
            session_id=req_str(data, "sessionId"),
            project_id=req_str(data, "projectId"),
            media_mode=req_str(data, "mediaMode"),
            archive_mode=req_str(data, "archiveMode"),
            force_mute=bool(opt_bool(mute, "active")),
            excluded_stream_ids=str_tuple(mute, "excludedStreamIds"),
            connections=tuple(
                SimulatedConnection.from_json(c) for c in opt_list(data, "connections")
            ),
            streams=tuple(SimulatedStream.from_json(s) for s in opt_list(data, "streams")),
            dtmf=str_tuple(data, "dtmf"),
        )

    def connection(self, connection_id: str) -> SimulatedConnection:
        """The participant ``connection_id`` (KeyError if the session never had it)."""
        for connection in self.connections:
            if connection.connection_id == connection_id:
                return connection
        raise KeyError(connection_id)


@attrs.frozen(kw_only=True)
class FaultRule:
    """An active fault injection rule."""

    id: str
    operation: str
    remaining: int
    status: int | None
    retry_after: float | None
    delay: float
    drop: bool
    phase: str
    message: str

    @classmethod
    def from_json(cls, data: Any) -> FaultRule:
        data = obj(data, "fault")
        retry_after = data.get("retryAfter")
        delay = data.get("delay") or 0
        if not isinstance(delay, (int, float)) or isinstance(delay, bool):
            raise ValueError("'delay' must be a number")
        if retry_after is not None and not isinstance(retry_after, (int, float)):
            raise ValueError("'retryAfter' must be a number")
        return cls(
            id=req_str(data, "id"),
            operation=req_str(data, "operation"),
            remaining=opt_int(data, "remaining") or 0,
            status=opt_int(data, "status"),
            retry_after=None if retry_after is None else float(retry_after),
            delay=float(delay),
            drop=bool(opt_bool(data, "drop")),
            phase=opt_str(data, "phase") or "before",
            message=opt_str(data, "message") or "",
        )


@attrs.frozen(kw_only=True)
class CallbackRecord:
    """An event the emulator sent (or would have sent) to a callback URL."""

    group: str
    url: str | None
    payload: Mapping[str, Any]
    at: dt.datetime | None

    @classmethod
    def from_json(cls, data: Any) -> CallbackRecord:
        data = obj(data, "callback")
        return cls(
            group=req_str(data, "group"),
            url=opt_str(data, "url"),
            payload=dict(obj(data.get("payload"), "payload")),
            at=ms_time(data, "at"),
        )


def items(response: Response) -> list[Any]:
    return opt_list(json_object(response), "items")
