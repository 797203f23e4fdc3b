"""Typed operations and models for the emulator's control API (``/_emulator/...``).

They are ordinary operations: ``client.send(ConnectClient(session_id=..., token=...))`` works
with either client, in process or over HTTP, and errors come back as the usual ApiError
classes (a rejected token is an ``AuthenticationError``, 403).
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from opentok_core import Config, Request, Response
from opentok_core.kit import (
    Endpoint,
    bool_field,
    check_int,
    checked_field,
    decode_json,
    endpoint,
    id_field,
    query,
    str_field,
    str_list,
)

from ._control_models import (
    CallbackRecord,
    FaultRule,
    MuteRecord,
    ReceivedSignal,
    SimulatedConnection,
    SimulatedSession,
    SimulatedStream,
    items,
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

#: Where the control API lives, under the api url.
PREFIX = "/_emulator"


def _nothing(response: Response) -> None:
    return None


# Operations -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ResetEmulator:
    """Forget every session, resource, fault and logged callback (projects stay)."""

    name: ClassVar[str] = "emulator.reset"
    endpoint: ClassVar[Endpoint] = endpoint("POST", PREFIX + "/reset", project=False)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    parse = staticmethod(_nothing)


@attrs.frozen(kw_only=True)
class RegisterProject:
    """Make the emulator accept another OpenTok project."""

    name: ClassVar[str] = "emulator.add_project"
    endpoint: ClassVar[Endpoint] = endpoint("POST", PREFIX + "/projects", project=False)

    api_key: str = id_field()
    api_secret: str = attrs.field(repr=False, converter=str)

    def build(self, config: Config) -> Request:
        payload = {"apiKey": self.api_key, "apiSecret": self.api_secret}
        return self.endpoint.request(config, self, payload)

    parse = staticmethod(_nothing)


@attrs.frozen(kw_only=True)
class RegisterApplication:
    """Make the emulator accept a Vonage application (RS256, by its public key PEM)."""

    name: ClassVar[str] = "emulator.add_application"
    endpoint: ClassVar[Endpoint] = endpoint("POST", PREFIX + "/applications", project=False)

    application_id: str = id_field()
    public_key: str = attrs.field(converter=str)

    def build(self, config: Config) -> Request:
        payload = {"applicationId": self.application_id, "publicKey": self.public_key}
        return self.endpoint.request(config, self, payload)

    parse = staticmethod(_nothing)


@attrs.frozen(kw_only=True)
class SetCallbackUrl:
    """Where the HTTP emulator POSTs callback events (None: only log them)."""

    name: ClassVar[str] = "emulator.set_callback"
    endpoint: ClassVar[Endpoint] = endpoint("PUT", PREFIX + "/callback", project=False)

    url: str | None = str_field(1, 2048)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self, {"url": self.url})

    parse = staticmethod(_nothing)


@attrs.frozen(kw_only=True)
class ListCallbacks:
    """The callback events emitted so far (the last 1000), optionally of one ``group``."""

    name: ClassVar[str] = "emulator.callbacks"
    endpoint: ClassVar[Endpoint] = endpoint("GET", PREFIX + "/callbacks", project=False)

    group: str | None = str_field(1, 64)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self, query=query([("group", self.group)]))

    def parse(self, response: Response) -> tuple[CallbackRecord, ...]:
        return tuple(CallbackRecord.from_json(i) for i in items(response))


@attrs.frozen(kw_only=True)
class ConnectClient:
    """Connect a simulated participant with a client ``token`` (checked like the service).

    Raises AuthenticationError (403) for an expired, tampered, wrong-session or wrong-project
    token.
    """

    name: ClassVar[str] = "emulator.connect"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST", PREFIX + "/sessions/{sessionId}/connections", project=False
    )

    session_id: str = id_field()
    token: str = attrs.field(repr=False, converter=str)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self, {"token": self.token})

    def parse(self, response: Response) -> SimulatedConnection:
        return SimulatedConnection.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class GetConnection:
    """A participant's state: streams, signals and DTMF received, mutes, disconnect reason."""

    name: ClassVar[str] = "emulator.connection"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET", PREFIX + "/sessions/{sessionId}/connections/{connectionId}", project=False
    )

    session_id: str = id_field()
    connection_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> SimulatedConnection:
        return SimulatedConnection.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class DisconnectClient:
    """The participant leaves on its own (``clientDisconnected``)."""

    name: ClassVar[str] = "emulator.disconnect"
    endpoint: ClassVar[Endpoint] = endpoint(
        "DELETE", PREFIX + "/sessions/{sessionId}/connections/{connectionId}", project=False
    )

    session_id: str = id_field()
    connection_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    parse = staticmethod(_nothing)


def _video_type(field: str, value: object) -> str:
    if value not in ("camera", "screen", "custom"):
        from opentok_core import ValidationError

        raise ValidationError(field, "must be 'camera', 'screen' or 'custom'")
    assert isinstance(value, str)
    return value


def _classes(field: str, value: object) -> tuple[str, ...] | None:
    return None if value is None else str_list(field, value)


@attrs.frozen(kw_only=True)
class PublishStream:
    """The participant publishes a stream (subscriber tokens get a 403)."""

    name: ClassVar[str] = "emulator.publish"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST", PREFIX + "/sessions/{sessionId}/connections/{connectionId}/streams", project=False
    )

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
        return self.endpoint.request(config, self, payload)

    def parse(self, response: Response) -> SimulatedStream:
        return SimulatedStream.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class UnpublishStream:
    """The participant stops publishing ``stream_id``."""

    name: ClassVar[str] = "emulator.unpublish"
    endpoint: ClassVar[Endpoint] = endpoint(
        "DELETE", PREFIX + "/sessions/{sessionId}/streams/{streamId}", project=False
    )

    session_id: str = id_field()
    stream_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    parse = staticmethod(_nothing)


@attrs.frozen(kw_only=True)
class GetSessionState:
    """Everything the emulator knows about a session."""

    name: ClassVar[str] = "emulator.session"
    endpoint: ClassVar[Endpoint] = endpoint("GET", PREFIX + "/sessions/{sessionId}", project=False)

    session_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> SimulatedSession:
        return SimulatedSession.from_json(decode_json(response.body))


def _count(field: str, value: object) -> int:
    return check_int(field, value, lo=1, hi=1_000_000)


def _seconds(field: str, value: object) -> float | None:
    from opentok_core import ValidationError

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 600:
        raise ValidationError(field, "must be a number of seconds from 0 to 600")
    return float(value)


def _status(field: str, value: object) -> int | None:
    return None if value is None else check_int(field, value, lo=400, hi=599)


def _phase(field: str, value: object) -> str:
    from opentok_core import ValidationError

    if value not in ("before", "after"):
        raise ValidationError(field, "must be 'before' or 'after'")
    assert isinstance(value, str)
    return value


@attrs.frozen(kw_only=True)
class InjectFault:
    """Make the next ``count`` calls to ``operation`` (a spec name, or ``*``) misbehave:
    answer ``status`` (with ``Retry-After: retry_after``), wait ``delay`` seconds, or ``drop``
    the connection, or ``cut`` the answer's body halfway. ``phase="after"`` lets the call take
    effect first."""

    name: ClassVar[str] = "emulator.add_fault"
    endpoint: ClassVar[Endpoint] = endpoint("POST", PREFIX + "/faults", project=False)

    operation: str = "*"
    status: int | None = checked_field(_status, default=None)
    count: int = checked_field(_count, default=1)
    retry_after: float | None = checked_field(_seconds, default=None)
    delay: float | None = checked_field(_seconds, default=None)
    drop: bool = bool_field(False)
    phase: str = checked_field(_phase, default="before")
    message: str | None = str_field(1, 1000)
    cut: bool = bool_field(False)

    def build(self, config: Config) -> Request:
        payload: dict[str, Any] = {
            "operation": self.operation,
            "count": self.count,
            "drop": self.drop,
            "phase": self.phase,
        }
        if self.cut:
            payload["cut"] = True
        optional = {
            "status": self.status,
            "retryAfter": self.retry_after,
            "delay": self.delay,
            "message": self.message,
        }
        payload.update({k: v for k, v in optional.items() if v is not None})
        return self.endpoint.request(config, self, payload)

    def parse(self, response: Response) -> FaultRule:
        return FaultRule.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class ListFaults:
    """The fault rules still armed."""

    name: ClassVar[str] = "emulator.faults"
    endpoint: ClassVar[Endpoint] = endpoint("GET", PREFIX + "/faults", project=False)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> tuple[FaultRule, ...]:
        return tuple(FaultRule.from_json(i) for i in items(response))


@attrs.frozen(kw_only=True)
class ClearFaults:
    """Disarm every fault rule."""

    name: ClassVar[str] = "emulator.clear_faults"
    endpoint: ClassVar[Endpoint] = endpoint("DELETE", PREFIX + "/faults", project=False)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    parse = staticmethod(_nothing)
