"""State of the media resources: archives, broadcasts, renders, captions, SIP calls and
Audio Connector connections, each writing its own wire JSON (spec/service.md#archive-object,
#broadcast-object, #sip-calls, #experience-composer, #audio-connector, #live-captions)."""

from __future__ import annotations

from typing import Any

import attrs

from ._wire import Wire, owner_fields, wire_project_id

__all__ = ["Archive", "AudioConnection", "Broadcast", "Captions", "Render", "SipCall"]


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
    sha256sum: str = ""

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
            **owner_fields(self.project_id),
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
            "sha256sum": self.sha256sum,
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
            **owner_fields(self.project_id),
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

    def to_wire(self) -> Wire:
        """The status answer (spec/service.md#captions-status): ``captionId``, singular."""
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
        }

    def to_callback(self) -> Wire:
        """The status callback: the status answer and its event group."""
        return {**self.to_wire(), "group": "captions"}


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
