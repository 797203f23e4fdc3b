"""The emulator's in-memory state: projects, sessions, connections and streams (the media
resources are in ``_media``).

Mutable classes guarded by the emulator's lock. Each resource writes its own wire JSON
(``to_wire``), camelCase with ms timestamps, as the reference describes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from opentok_core.kit import JwsKey

from ._wire import Wire

if TYPE_CHECKING:
    from ._media import Archive, AudioConnection, Broadcast, Captions, Render, SipCall

__all__ = ["Connection", "Project", "Session", "Stream"]


@attrs.define(eq=False)
class Project:
    """An OpenTok project (HS256 secret) or a Vonage application (RS256 public key)."""

    id: str
    key: JwsKey
    #: The T1 HMAC and client-token secret: the api secret (None for applications).
    secret: str | None
    sessions: dict[str, Session] = attrs.Factory(dict)
    archives: dict[str, Archive] = attrs.Factory(dict)
    broadcasts: dict[str, Broadcast] = attrs.Factory(dict)
    renders: dict[str, Render] = attrs.Factory(dict)
    captions: dict[str, Captions] = attrs.Factory(dict)
    sip_calls: dict[str, SipCall] = attrs.Factory(dict)
    audio: dict[str, AudioConnection] = attrs.Factory(dict)
    #: Legacy callback registrations (``POST /callback``, spec/service.md#callback-registration).
    registrations: dict[str, Wire] = attrs.Factory(dict)

    def reset(self) -> None:
        for table in (
            self.registrations,
            self.sessions,
            self.archives,
            self.broadcasts,
            self.renders,
            self.captions,
            self.sip_calls,
            self.audio,
        ):
            table.clear()


@attrs.define(eq=False)
class Stream:
    """A published stream (a simulated client's camera or screen, a SIP call, a render)."""

    id: str
    session_id: str
    connection_id: str
    video_type: str
    name: str
    layout_class_list: list[str]
    has_audio: bool
    has_video: bool
    created_at: int
    audio_muted: bool = False
    active: bool = True
    destroyed_reason: str | None = None

    def to_wire(self) -> Wire:
        """The REST stream object (spec/service.md#streams)."""
        return {
            "id": self.id,
            "videoType": self.video_type,
            "name": self.name,
            "layoutClassList": list(self.layout_class_list),
        }

    def to_state(self) -> Wire:
        """The control API's fuller view."""
        return {
            **self.to_wire(),
            "streamId": self.id,
            "sessionId": self.session_id,
            "connectionId": self.connection_id,
            "hasAudio": self.has_audio,
            "hasVideo": self.has_video,
            "audioMuted": self.audio_muted,
            "active": self.active,
            "destroyedReason": self.destroyed_reason,
            "createdAt": self.created_at,
        }


@attrs.define(eq=False)
class Connection:
    """A client connected to a session, and what happened to it (signals, DTMF, mutes)."""

    id: str
    session_id: str
    role: str
    data: str
    created_at: int
    kind: str = "client"  # client, sip, websocket, render, captions
    token_format: str | None = None
    #: The token's ``initial_layout_class_list``: the default classes of its streams.
    layout_class_list: list[str] = attrs.Factory(list)
    connected: bool = True
    disconnect_reason: str | None = None
    signals: list[Wire] = attrs.Factory(list)
    dtmf: list[str] = attrs.Factory(list)
    mutes: list[Wire] = attrs.Factory(list)

    def to_callback(self) -> Wire:
        """The ``connection`` object of session monitoring callbacks."""
        return {"id": self.id, "createdAt": self.created_at, "data": self.data}

    def to_state(self, streams: list[Stream]) -> Wire:
        return {
            "connectionId": self.id,
            "sessionId": self.session_id,
            "role": self.role,
            "data": self.data,
            "kind": self.kind,
            "tokenFormat": self.token_format,
            "layoutClassList": list(self.layout_class_list),
            "createdAt": self.created_at,
            "connected": self.connected,
            "disconnectReason": self.disconnect_reason,
            "streams": [s.to_state() for s in streams if s.connection_id == self.id],
            "signals": list(self.signals),
            "dtmf": list(self.dtmf),
            "mutes": list(self.mutes),
        }


@attrs.define(eq=False)
class Session:
    """A created session and its live participants."""

    id: str
    project_id: str
    media_mode: str  # routed | relayed
    archive_mode: str  # manual | always
    location: str | None
    e2ee: bool
    created_at: int
    create_dt: str
    archive_name: str | None = None
    archive_resolution: str | None = None
    connections: dict[str, Connection] = attrs.Factory(dict)
    streams: dict[str, Stream] = attrs.Factory(dict)
    force_mute: bool = False
    mute_excluded: list[str] = attrs.Factory(list)
    dtmf: list[str] = attrs.Factory(list)

    @property
    def routed(self) -> bool:
        return self.media_mode == "routed"

    def connected(self) -> list[Connection]:
        return [c for c in self.connections.values() if c.connected]

    def live_streams(self) -> list[Stream]:
        return [s for s in self.streams.values() if s.active]

    def to_state(self) -> Wire:
        streams = list(self.streams.values())
        return {
            "sessionId": self.id,
            "projectId": self.project_id,
            "mediaMode": self.media_mode,
            "archiveMode": self.archive_mode,
            "location": self.location,
            "e2ee": self.e2ee,
            "createdAt": self.created_at,
            "forceMute": {"active": self.force_mute, "excludedStreamIds": list(self.mute_excluded)},
            "connections": [c.to_state(streams) for c in self.connections.values()],
            "streams": [s.to_state() for s in streams],
            "dtmf": list(self.dtmf),
        }
