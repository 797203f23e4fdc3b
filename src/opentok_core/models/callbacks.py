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

from opentok_core._model import Model

from ._compiled import JSON, JsonModel
from ._read import obj, opt_str, req_str
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


def _archive(data: Mapping[str, Any]) -> Archive:
    return Archive.from_json(data)


def _broadcast(data: Mapping[str, Any]) -> Broadcast:
    return Broadcast.from_json(data)


def _render(data: Mapping[str, Any]) -> Render:
    return Render.from_json(data)


def _connection(data: Mapping[str, Any]) -> Connection:
    return Connection.from_json(data.get("connection"))


def _stream(data: Mapping[str, Any]) -> Stream:
    return Stream.from_json(data.get("stream"))


def _captions_id(data: Mapping[str, Any]) -> str:
    return req_str(data, "captionId" if "captionId" in data else "captionsId")


def _call_id(data: Mapping[str, Any]) -> str | None:
    call = data.get("call")
    return None if call is None else opt_str(obj(call, "call"), "id")


# Each event's fields are read from the payload by their names (models/_compiled.py); a
# field read by a function (the whole payload as an Archive, ``connection`` as a Connection)
# goes first. The session monitoring events share ``session_id``, ``project_id``,
# ``timestamp`` (epoch ms) and ``raw``.


@attrs.frozen(kw_only=True)
class ArchiveEvent(JsonModel):
    """An archive changed status (the archive JSON with ``"event": "archive"``)."""

    json_name = "archive callback"

    archive: Archive = attrs.field(metadata={JSON: _archive})
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class BroadcastEvent(JsonModel):
    """A broadcast changed status (the broadcast JSON with ``"event": "broadcast"``)."""

    json_name = "broadcast callback"

    broadcast: Broadcast = attrs.field(metadata={JSON: _broadcast})
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class RenderEvent(JsonModel):
    """An Experience Composer changed status (the render JSON)."""

    json_name = "render callback"

    render: Render = attrs.field(metadata={JSON: _render})
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class CaptionsEvent(JsonModel):
    """Live captions changed status (posted to the ``status_callback_url`` given at start).

    ``status`` is a CaptionsStatus or the raw string of a state this SDK does not know;
    ``duration`` is in seconds.
    """

    json_name = "captions callback"

    captions_id: str = attrs.field(metadata={JSON: _captions_id})
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


@attrs.frozen(kw_only=True)
class ConnectionCreated(JsonModel):
    """Session monitoring: a client connected."""

    json_name = "connectionCreated callback"

    session_id: str
    connection: Connection = attrs.field(metadata={JSON: _connection})
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class ConnectionDestroyed(JsonModel):
    """Session monitoring: a client disconnected. ``reason`` is ``clientDisconnected``,
    ``forceDisconnected`` or ``networkDisconnected`` (kept as sent)."""

    json_name = "connectionDestroyed callback"

    session_id: str
    connection: Connection = attrs.field(metadata={JSON: _connection})
    reason: str | None = None
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class StreamCreated(JsonModel):
    """Session monitoring: a client published a stream."""

    json_name = "streamCreated callback"

    session_id: str
    stream: Stream = attrs.field(metadata={JSON: _stream})
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class StreamDestroyed(JsonModel):
    """Session monitoring: a stream stopped. ``reason`` is ``clientDisconnected``,
    ``forceDisconnected``, ``forceUnpublished``, ``mediaStopped`` or ``networkDisconnected``
    (kept as sent)."""

    json_name = "streamDestroyed callback"

    session_id: str
    stream: Stream = attrs.field(metadata={JSON: _stream})
    reason: str | None = None
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class SessionCreated(JsonModel):
    """Session monitoring: the first client connected to a session."""

    json_name = "sessionCreated callback"

    session_id: str
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class SessionDestroyed(JsonModel):
    """Session monitoring: the last client left a session (or its media server failed)."""

    json_name = "sessionDestroyed callback"

    session_id: str
    reason: str | None = None
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class SipCallEvent(JsonModel):
    """Session monitoring for a SIP call: ``event`` is ``callCreated``, ``callUpdated`` or
    ``callDestroyed``. ``call_id`` comes from the payload's ``call`` object, ``connection`` is
    the call's connection when sent; everything else stays in ``raw``."""

    json_name = "SIP call callback"

    event: str
    session_id: str
    call_id: str | None = attrs.field(default=None, metadata={JSON: _call_id})
    connection: Connection | None = None
    reason: str | None = None
    project_id: str | None = None
    timestamp: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class UnknownEvent(Model):
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
