"""Typed operations and models for the emulator's control API (``/_emulator/...``).

They are ordinary operations: ``client.send(ConnectClient(session_id=..., token=...))`` works
with either client, in process or over HTTP, and errors come back as the usual ApiError
classes (a rejected token is an ``AuthenticationError``, 403).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from opentok_core._config import Config
from opentok_core._http import Request, Response, decode_json
from opentok_core._operation import json_request
from opentok_core._paths import query, quote
from opentok_core._validate import (
    bool_field,
    check_int,
    checked_field,
    id_field,
    str_field,
    str_list,
)
from opentok_core.models._read import (
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
    "ClearFaults",
    "ConnectClient",
    "DisconnectClient",
    "FaultRule",
    "GetConnection",
    "GetSessionState",
    "InjectFault",
    "ListCallbacks",
    "ListFaults",
    "MuteRecord",
    "PublishStream",
    "ReceivedSignal",
    "RegisterApplication",
    "RegisterProject",
    "ResetEmulator",
    "SetCallbackUrl",
    "SimulatedConnection",
    "SimulatedSession",
    "SimulatedStream",
    "UnpublishStream",
]

PREFIX = "/_emulator"


def _control(config: Config, method: str, path: str, payload: Any = None) -> Request:
    return json_request(config, method, PREFIX + path, payload, project=False)


def _nothing(response: Response) -> None:
    return None


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


def _items(response: Response) -> list[Any]:
    return opt_list(json_object(response), "items")


# Operations -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ResetEmulator:
    """Forget every session, resource, fault and logged callback (projects stay)."""

    name: ClassVar[str] = "emulator.reset"

    def build(self, config: Config) -> Request:
        return _control(config, "POST", "/reset")

    parse = staticmethod(_nothing)


@attrs.frozen(kw_only=True)
class RegisterProject:
    """Make the emulator accept another OpenTok project."""

    name: ClassVar[str] = "emulator.add_project"

    api_key: str = id_field()
    api_secret: str = attrs.field(repr=False, converter=str)

    def build(self, config: Config) -> Request:
        payload = {"apiKey": self.api_key, "apiSecret": self.api_secret}
        return _control(config, "POST", "/projects", payload)

    parse = staticmethod(_nothing)


@attrs.frozen(kw_only=True)
class RegisterApplication:
    """Make the emulator accept a Vonage application (RS256, by its public key PEM)."""

    name: ClassVar[str] = "emulator.add_application"

    application_id: str = id_field()
    public_key: str = attrs.field(converter=str)

    def build(self, config: Config) -> Request:
        payload = {"applicationId": self.application_id, "publicKey": self.public_key}
        return _control(config, "POST", "/applications", payload)

    parse = staticmethod(_nothing)


@attrs.frozen(kw_only=True)
class SetCallbackUrl:
    """Where the HTTP emulator POSTs callback events (None: only log them)."""

    name: ClassVar[str] = "emulator.set_callback"

    url: str | None = str_field(1, 2048)

    def build(self, config: Config) -> Request:
        return _control(config, "PUT", "/callback", {"url": self.url})

    parse = staticmethod(_nothing)


@attrs.frozen(kw_only=True)
class ListCallbacks:
    """The callback events emitted so far (the last 1000), optionally of one ``group``."""

    name: ClassVar[str] = "emulator.callbacks"

    group: str | None = str_field(1, 64)

    def build(self, config: Config) -> Request:
        return _control(config, "GET", "/callbacks" + query([("group", self.group)]))

    def parse(self, response: Response) -> tuple[CallbackRecord, ...]:
        return tuple(CallbackRecord.from_json(i) for i in _items(response))


@attrs.frozen(kw_only=True)
class ConnectClient:
    """Connect a simulated participant with a client ``token`` (checked like the service).

    Raises AuthenticationError (403) for an expired, tampered, wrong-session or wrong-project
    token.
    """

    name: ClassVar[str] = "emulator.connect"

    session_id: str = id_field()
    token: str = attrs.field(repr=False, converter=str)

    def build(self, config: Config) -> Request:
        path = f"/sessions/{quote(self.session_id)}/connections"
        return _control(config, "POST", path, {"token": self.token})

    def parse(self, response: Response) -> SimulatedConnection:
        return SimulatedConnection.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class GetConnection:
    """A participant's state: streams, signals and DTMF received, mutes, disconnect reason."""

    name: ClassVar[str] = "emulator.connection"

    session_id: str = id_field()
    connection_id: str = id_field()

    def build(self, config: Config) -> Request:
        path = f"/sessions/{quote(self.session_id)}/connections/{quote(self.connection_id)}"
        return _control(config, "GET", path)

    def parse(self, response: Response) -> SimulatedConnection:
        return SimulatedConnection.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class DisconnectClient:
    """The participant leaves on its own (``clientDisconnected``)."""

    name: ClassVar[str] = "emulator.disconnect"

    session_id: str = id_field()
    connection_id: str = id_field()

    def build(self, config: Config) -> Request:
        path = f"/sessions/{quote(self.session_id)}/connections/{quote(self.connection_id)}"
        return _control(config, "DELETE", path)

    parse = staticmethod(_nothing)


def _video_type(field: str, value: object) -> str:
    if value not in ("camera", "screen", "custom"):
        from opentok_core._errors import ValidationError

        raise ValidationError(field, "must be 'camera', 'screen' or 'custom'")
    assert isinstance(value, str)
    return value


def _classes(field: str, value: object) -> tuple[str, ...] | None:
    return None if value is None else str_list(field, value)


@attrs.frozen(kw_only=True)
class PublishStream:
    """The participant publishes a stream (subscriber tokens get a 403)."""

    name: ClassVar[str] = "emulator.publish"

    session_id: str = id_field()
    connection_id: str = id_field()
    video_type: str = checked_field(_video_type, default="camera")
    stream_name: str | None = str_field(0, 1000)
    layout_class_list: tuple[str, ...] | None = checked_field(_classes, default=None)
    has_audio: bool = bool_field(True)
    has_video: bool = bool_field(True)

    def build(self, config: Config) -> Request:
        payload: dict[str, Any] = {
            "videoType": self.video_type,
            "hasAudio": self.has_audio,
            "hasVideo": self.has_video,
        }
        if self.stream_name is not None:
            payload["name"] = self.stream_name
        if self.layout_class_list is not None:
            payload["layoutClassList"] = list(self.layout_class_list)
        path = f"/sessions/{quote(self.session_id)}/connections/{quote(self.connection_id)}/streams"
        return _control(config, "POST", path, payload)

    def parse(self, response: Response) -> SimulatedStream:
        return SimulatedStream.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class UnpublishStream:
    """The participant stops publishing ``stream_id``."""

    name: ClassVar[str] = "emulator.unpublish"

    session_id: str = id_field()
    stream_id: str = id_field()

    def build(self, config: Config) -> Request:
        path = f"/sessions/{quote(self.session_id)}/streams/{quote(self.stream_id)}"
        return _control(config, "DELETE", path)

    parse = staticmethod(_nothing)


@attrs.frozen(kw_only=True)
class GetSessionState:
    """Everything the emulator knows about a session."""

    name: ClassVar[str] = "emulator.session"

    session_id: str = id_field()

    def build(self, config: Config) -> Request:
        return _control(config, "GET", f"/sessions/{quote(self.session_id)}")

    def parse(self, response: Response) -> SimulatedSession:
        return SimulatedSession.from_json(decode_json(response.body))


def _count(field: str, value: object) -> int:
    return check_int(field, value, lo=1, hi=1_000_000)


def _seconds(field: str, value: object) -> float | None:
    from opentok_core._errors import ValidationError

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 600:
        raise ValidationError(field, "must be a number of seconds from 0 to 600")
    return float(value)


def _status(field: str, value: object) -> int | None:
    return None if value is None else check_int(field, value, lo=400, hi=599)


def _phase(field: str, value: object) -> str:
    from opentok_core._errors import ValidationError

    if value not in ("before", "after"):
        raise ValidationError(field, "must be 'before' or 'after'")
    assert isinstance(value, str)
    return value


@attrs.frozen(kw_only=True)
class InjectFault:
    """Make the next ``count`` calls to ``operation`` (a spec name, or ``*``) misbehave:
    answer ``status`` (with ``Retry-After: retry_after``), wait ``delay`` seconds, or ``drop``
    the connection. ``phase="after"`` lets the call take effect first."""

    name: ClassVar[str] = "emulator.add_fault"

    operation: str = "*"
    status: int | None = checked_field(_status, default=None)
    count: int = checked_field(_count, default=1)
    retry_after: float | None = checked_field(_seconds, default=None)
    delay: float | None = checked_field(_seconds, default=None)
    drop: bool = bool_field(False)
    phase: str = checked_field(_phase, default="before")
    message: str | None = str_field(1, 1000)

    def build(self, config: Config) -> Request:
        payload: dict[str, Any] = {
            "operation": self.operation,
            "count": self.count,
            "drop": self.drop,
            "phase": self.phase,
        }
        optional = {
            "status": self.status,
            "retryAfter": self.retry_after,
            "delay": self.delay,
            "message": self.message,
        }
        payload.update({k: v for k, v in optional.items() if v is not None})
        return _control(config, "POST", "/faults", payload)

    def parse(self, response: Response) -> FaultRule:
        return FaultRule.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class ListFaults:
    """The fault rules still armed."""

    name: ClassVar[str] = "emulator.faults"

    def build(self, config: Config) -> Request:
        return _control(config, "GET", "/faults")

    def parse(self, response: Response) -> tuple[FaultRule, ...]:
        return tuple(FaultRule.from_json(i) for i in _items(response))


@attrs.frozen(kw_only=True)
class ClearFaults:
    """Disarm every fault rule."""

    name: ClassVar[str] = "emulator.clear_faults"

    def build(self, config: Config) -> Request:
        return _control(config, "DELETE", "/faults")

    parse = staticmethod(_nothing)
