"""Typed events for the JSON the service POSTs to a project's callback URLs.

``opentok_core.parse_callback`` builds them. Each keeps the decoded payload in ``raw`` so a
field this SDK does not model is never lost; an event type it does not know becomes an
``UnknownEvent`` rather than an error (the service adds events over time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeAlias

import attrs

from ._read import ms_time, obj, opt_enum, opt_int, opt_str, project_id, req_str
from .archives import Archive
from .broadcasts import Broadcast
from .captions import CaptionsStatus
from .renders import Render
from .streams import Connection, Stream

__all__ = [
    "ArchiveEvent",
    "BroadcastEvent",
    "CallbackEvent",
    "CaptionsEvent",
    "ConnectionCreated",
    "ConnectionDestroyed",
    "RenderEvent",
    "SessionCreated",
    "SessionDestroyed",
    "SipCallEvent",
    "StreamCreated",
    "StreamDestroyed",
    "UnknownEvent",
]


def _common(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields every session monitoring event carries."""
    return {
        "session_id": req_str(data, "sessionId"),
        "project_id": project_id(data),
        "timestamp": ms_time(data, "timestamp"),
        "raw": dict(data),
    }


@attrs.frozen(kw_only=True)
class ArchiveEvent:
    """An archive changed status (the archive JSON with ``"event": "archive"``)."""

    archive: Archive
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ArchiveEvent:
        return cls(archive=Archive.from_json(data), raw=dict(data))


@attrs.frozen(kw_only=True)
class BroadcastEvent:
    """A broadcast changed status (the broadcast JSON with ``"event": "broadcast"``)."""

    broadcast: Broadcast
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BroadcastEvent:
        return cls(broadcast=Broadcast.from_json(data), raw=dict(data))


@attrs.frozen(kw_only=True)
class RenderEvent:
    """An Experience Composer changed status (the render JSON)."""

    render: Render
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RenderEvent:
        return cls(render=Render.from_json(data), raw=dict(data))


@attrs.frozen(kw_only=True)
class CaptionsEvent:
    """Live captions changed status (posted to the ``status_callback_url`` given at start).

    ``status`` is a CaptionsStatus or the raw string of a state this SDK does not know;
    ``duration`` is in seconds.
    """

    captions_id: str
    status: CaptionsStatus | str
    session_id: str | None = None
    project_id: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    duration: int | None = None
    language_code: str | None = None
    provider: str | None = None
    reason: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CaptionsEvent:
        key = "captionId" if "captionId" in data else "captionsId"
        return cls(
            captions_id=req_str(data, key),
            status=opt_enum(CaptionsStatus, data, "status") or "",
            session_id=opt_str(data, "sessionId"),
            project_id=project_id(data),
            created_at=ms_time(data, "createdAt"),
            updated_at=ms_time(data, "updatedAt"),
            duration=opt_int(data, "duration"),
            language_code=opt_str(data, "languageCode"),
            provider=opt_str(data, "provider"),
            reason=opt_str(data, "reason"),
            raw=dict(data),
        )


@attrs.frozen(kw_only=True)
class ConnectionCreated:
    """Session monitoring: a client connected."""

    session_id: str
    connection: Connection
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConnectionCreated:
        return cls(connection=Connection.from_json(data.get("connection")), **_common(data))


@attrs.frozen(kw_only=True)
class ConnectionDestroyed:
    """Session monitoring: a client disconnected. ``reason`` is ``clientDisconnected``,
    ``forceDisconnected`` or ``networkDisconnected`` (kept as sent)."""

    session_id: str
    connection: Connection
    reason: str | None = None
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConnectionDestroyed:
        return cls(
            connection=Connection.from_json(data.get("connection")),
            reason=opt_str(data, "reason"),
            **_common(data),
        )


@attrs.frozen(kw_only=True)
class StreamCreated:
    """Session monitoring: a client published a stream."""

    session_id: str
    stream: Stream
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StreamCreated:
        return cls(stream=Stream.from_json(data.get("stream")), **_common(data))


@attrs.frozen(kw_only=True)
class StreamDestroyed:
    """Session monitoring: a stream stopped. ``reason`` is ``clientDisconnected``,
    ``forceDisconnected``, ``forceUnpublished``, ``mediaStopped`` or ``networkDisconnected``
    (kept as sent)."""

    session_id: str
    stream: Stream
    reason: str | None = None
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StreamDestroyed:
        return cls(
            stream=Stream.from_json(data.get("stream")),
            reason=opt_str(data, "reason"),
            **_common(data),
        )


@attrs.frozen(kw_only=True)
class SessionCreated:
    """Session monitoring: the first client connected to a session."""

    session_id: str
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SessionCreated:
        return cls(**_common(data))


@attrs.frozen(kw_only=True)
class SessionDestroyed:
    """Session monitoring: the last client left a session (or its media server failed)."""

    session_id: str
    reason: str | None = None
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SessionDestroyed:
        return cls(reason=opt_str(data, "reason"), **_common(data))


@attrs.frozen(kw_only=True)
class SipCallEvent:
    """Session monitoring for a SIP call: ``event`` is ``callCreated``, ``callUpdated`` or
    ``callDestroyed``. ``call_id`` comes from the payload's ``call`` object, ``connection`` is
    the call's connection when sent; everything else stays in ``raw``."""

    event: str
    session_id: str
    call_id: str | None = None
    connection: Connection | None = None
    reason: str | None = None
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SipCallEvent:
        call = data.get("call")
        connection = data.get("connection")
        return cls(
            event=req_str(data, "event"),
            call_id=None if call is None else opt_str(obj(call, "call"), "id"),
            connection=None if connection is None else Connection.from_json(connection),
            reason=opt_str(data, "reason"),
            **_common(data),
        )


@attrs.frozen(kw_only=True)
class UnknownEvent:
    """A callback this SDK does not recognise: ``event`` (when the payload names one) and the
    whole decoded payload in ``raw``."""

    event: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=True, repr=False)


CallbackEvent: TypeAlias = (
    ArchiveEvent
    | BroadcastEvent
    | RenderEvent
    | CaptionsEvent
    | ConnectionCreated
    | ConnectionDestroyed
    | StreamCreated
    | StreamDestroyed
    | SessionCreated
    | SessionDestroyed
    | SipCallEvent
    | UnknownEvent
)
