"""The emulator's in-memory state: projects, sessions, connections, streams and the media
resources (archives, broadcasts, renders, captions, SIP calls, audio connections).

Mutable classes guarded by the emulator's lock. Each resource writes its own wire JSON
(``to_wire``), camelCase with ms timestamps, as the reference describes it.
"""

from __future__ import annotations

from typing import Any

import attrs

from opentok_core._jwt import JwsKey

from ._wire import Wire

__all__ = [
    "Archive",
    "AudioConnection",
    "Broadcast",
    "Captions",
    "Connection",
    "Project",
    "Render",
    "Session",
    "SipCall",
    "Stream",
]


def wire_project_id(project_id: str) -> int | str:
    """Project ids are numbers on the wire (callback and archive samples); application ids are
    uuids and stay strings."""
    return int(project_id) if project_id.isdigit() and len(project_id) < 16 else project_id


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
    #: Legacy callback registrations (``POST /callback``, reference A.7).
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
        """The REST stream object (reference A.4)."""
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


def _selected(streams: list[Wire]) -> list[Wire]:
    return [dict(s) for s in streams]


@attrs.define(eq=False)
class Archive:
    """An archive and its lifecycle: started/paused -> stopped -> available -> deleted."""

    id: str
    session_id: str
    project_id: str
    name: str | None
    status: str
    created_at: int
    updated_at: int
    output_mode: str
    stream_mode: str
    resolution: str | None
    has_audio: bool
    has_video: bool
    layout: Wire | None
    multi_archive_tag: str | None
    max_bitrate: int | None
    quantization_parameter: int | None
    has_transcription: bool
    transcription_properties: Wire | None
    streams: list[Wire] = attrs.Factory(list)
    reason: str = ""
    stopped_at: int | None = None
    paused_at: int | None = None
    size: int = 0
    duration: int = 0
    url: str | None = None
    callback_url: str | None = None

    @property
    def active(self) -> bool:
        return self.status in ("started", "paused")

    def to_wire(self) -> Wire:
        wire: Wire = {
            "id": self.id,
            "status": self.status,
            "name": self.name,
            "reason": self.reason,
            "sessionId": self.session_id,
            "projectId": wire_project_id(self.project_id),
            "partnerId": wire_project_id(self.project_id),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "size": self.size,
            "duration": self.duration,
            "outputMode": self.output_mode,
            "streamMode": self.stream_mode,
            "hasAudio": self.has_audio,
            "hasVideo": self.has_video,
            "hasTranscription": self.has_transcription,
            "sha256sum": "",
            "password": "",
            "url": self.url,
            "event": "archive",
            "streams": _selected(self.streams),
        }
        if self.output_mode == "composed":
            wire["resolution"] = self.resolution
        optional: dict[str, Any] = {
            "maxBitrate": self.max_bitrate,
            "quantizationParameter": self.quantization_parameter,
            "multiArchiveTag": self.multi_archive_tag,
        }
        wire.update({k: v for k, v in optional.items() if v is not None})
        if self.has_transcription:
            props = self.transcription_properties or {}
            wire["transcription"] = {
                "status": "available" if self.status == "available" else "requested",
                "reason": "",
                "url": (self.url + ".transcript") if self.url else None,
                "primaryLanguageCode": props.get("primaryLanguageCode", "en-US"),
                "hasSummary": bool(props.get("hasSummary", False)),
            }
        return wire


@attrs.define(eq=False)
class Broadcast:
    """A live-streaming broadcast (HLS and/or RTMP): started -> stopped."""

    id: str
    session_id: str
    project_id: str
    status: str
    created_at: int
    updated_at: int
    resolution: str
    max_duration: int
    max_bitrate: int | None
    stream_mode: str
    has_audio: bool
    has_video: bool
    layout: Wire | None
    multi_broadcast_tag: str | None
    hls: Wire | None
    rtmp: list[Wire]
    hls_status: str = "connecting"
    streams: list[Wire] = attrs.Factory(list)

    @property
    def active(self) -> bool:
        return self.status == "started"

    def to_wire(self) -> Wire:
        urls: Wire = {}
        if self.hls is not None:
            urls["hls"] = f"https://broadcast.emulator.invalid/{self.id}/index.m3u8"
            urls["hlsStatus"] = self.hls_status
        if self.rtmp:
            urls["rtmp"] = [dict(r) for r in self.rtmp]
        wire: Wire = {
            "id": self.id,
            "sessionId": self.session_id,
            "projectId": wire_project_id(self.project_id),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "resolution": self.resolution,
            "status": self.status,
            "broadcastUrls": urls,
            "maxDuration": self.max_duration,
            "streamMode": self.stream_mode,
            "streams": _selected(self.streams),
            "hasAudio": self.has_audio,
            "hasVideo": self.has_video,
            "event": "broadcast",
        }
        if self.max_bitrate is not None:
            wire["maxBitrate"] = self.max_bitrate
        if self.multi_broadcast_tag is not None:
            wire["multiBroadcastTag"] = self.multi_broadcast_tag
        if self.hls is not None:
            wire["settings"] = {
                "hls": {"lowLatency": self.hls["lowLatency"], "dvr": self.hls["dvr"]}
            }
        return wire


@attrs.define(eq=False)
class Render:
    """An Experience Composer render: starting -> started -> stopped."""

    id: str
    session_id: str
    project_id: str
    url: str
    resolution: str
    max_duration: int
    name: str | None
    status: str
    created_at: int
    updated_at: int
    connection_id: str
    stream_id: str | None = None
    reason: str | None = None
    callback_url: str | None = None

    def to_wire(self) -> Wire:
        wire: Wire = {
            "id": self.id,
            "sessionId": self.session_id,
            "projectId": wire_project_id(self.project_id),
            "applicationId": self.project_id,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "url": self.url,
            "resolution": self.resolution,
            "status": self.status,
            "streamId": self.stream_id,
            "event": "render",
        }
        if self.reason is not None:
            wire["reason"] = self.reason
        if self.name is not None:
            wire["name"] = self.name
        if self.callback_url is not None:
            wire["callbackUrl"] = self.callback_url
        return wire


@attrs.define(eq=False)
class Captions:
    """A live-captions job for a session: started -> stopped."""

    id: str
    session_id: str
    project_id: str
    language_code: str
    max_duration: int
    partial_captions: bool
    status: str
    created_at: int
    updated_at: int
    connection_id: str
    callback_url: str | None = None
    reason: str = ""

    def to_callback(self) -> Wire:
        duration = max(0, (self.updated_at - self.created_at) // 1000)
        return {
            "captionId": self.id,
            "applicationId": self.project_id,
            "sessionId": self.session_id,
            "status": self.status,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "duration": duration,
            "languageCode": self.language_code,
            "provider": "aws-transcribe",
            "reason": self.reason,
            "group": "captions",
        }


@attrs.define(eq=False)
class SipCall:
    """A SIP dial-out participant."""

    id: str
    session_id: str
    project_id: str
    connection_id: str
    stream_id: str
    created_at: int
    uri: str
    from_: str | None

    def to_wire(self) -> Wire:
        return {
            "id": self.id,
            "connectionId": self.connection_id,
            "streamId": self.stream_id,
            "projectId": wire_project_id(self.project_id),
            "sessionId": self.session_id,
            "createdAt": self.created_at,
            "updatedAt": self.created_at,
        }


@attrs.define(eq=False)
class AudioConnection:
    """An Audio Connector WebSocket participant."""

    id: str
    session_id: str
    connection_id: str
    uri: str
    bidirectional: bool
    streams: list[str]

    def to_wire(self) -> Wire:
        return {"id": self.id, "connectionId": self.connection_id}
