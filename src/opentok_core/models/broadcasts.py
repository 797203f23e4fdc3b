"""The Broadcast model (spec/service.md#broadcast-object)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import attrs

from ._read import (
    ms_time,
    obj,
    opt_bool,
    opt_enum,
    opt_int,
    opt_list,
    opt_str,
    project_id,
    req_str,
)
from .archives import ArchiveStream
from .enums import StreamMode

__all__ = [
    "Broadcast",
    "BroadcastStatus",
    "BroadcastUrls",
    "HlsSettings",
    "HlsStatus",
    "RtmpStream",
]


class BroadcastStatus(str, enum.Enum):
    """Broadcast lifecycle states the API documents (others are kept as raw strings)."""

    STARTED = "started"
    STOPPED = "stopped"


class HlsStatus(str, enum.Enum):
    """State of the HLS output."""

    CONNECTING = "connecting"
    READY = "ready"
    LIVE = "live"
    ENDED = "ended"
    ERROR = "error"


@attrs.frozen(kw_only=True)
class RtmpStream:
    """One RTMP target as the service reports it; ``status`` e.g. ``connecting``, ``live``,
    ``offline`` (kept as the service's string)."""

    id: str | None = None
    server_url: str | None = None
    stream_name: str | None = None
    status: str | None = None

    @classmethod
    def from_json(cls, data: Any, default_id: str | None = None) -> RtmpStream:
        data = obj(data, "rtmp stream")
        return cls(
            id=opt_str(data, "id") or default_id,
            server_url=opt_str(data, "serverUrl"),
            stream_name=opt_str(data, "streamName"),
            status=opt_str(data, "status"),
        )


@attrs.frozen(kw_only=True)
class BroadcastUrls:
    """Where the broadcast can be watched: the HLS playlist URL and its status, and the RTMP
    targets with theirs."""

    hls: str | None = None
    hls_status: HlsStatus | str | None = None
    rtmp: tuple[RtmpStream, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> BroadcastUrls:
        data = obj(data, "broadcastUrls")
        rtmp = data.get("rtmp")
        if isinstance(rtmp, Mapping):
            # The official SDK's own fixtures show RTMP targets keyed by id; the REST reference
            # documents a list (spec/service.md#broadcast-object). Read both.
            streams = tuple(RtmpStream.from_json(v, default_id=str(k)) for k, v in rtmp.items())
        else:
            streams = tuple(RtmpStream.from_json(v) for v in opt_list(data, "rtmp"))
        return cls(
            hls=opt_str(data, "hls"),
            hls_status=opt_enum(HlsStatus, data, "hlsStatus"),
            rtmp=streams,
        )


@attrs.frozen(kw_only=True)
class HlsSettings:
    """The HLS settings the broadcast runs with (``settings.hls``)."""

    dvr: bool | None = None
    low_latency: bool | None = None

    @classmethod
    def from_json(cls, data: Any) -> HlsSettings:
        data = obj(data, "settings.hls")
        return cls(dvr=opt_bool(data, "dvr"), low_latency=opt_bool(data, "lowLatency"))


@attrs.frozen(kw_only=True)
class Broadcast:
    """A live-streaming broadcast. ``status`` is a BroadcastStatus, or the raw string for a
    state this SDK does not know yet."""

    id: str
    status: BroadcastStatus | str
    session_id: str | None = None
    project_id: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    resolution: str | None = None
    broadcast_urls: BroadcastUrls = BroadcastUrls()
    max_duration: int | None = None
    max_bitrate: int | None = None
    stream_mode: StreamMode | str | None = None
    streams: tuple[ArchiveStream, ...] = ()
    has_audio: bool | None = None
    has_video: bool | None = None
    multi_broadcast_tag: str | None = None
    hls_settings: HlsSettings | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> Broadcast:
        """Read a broadcast JSON object; camelCase keys and ms timestamps are mapped here."""
        data = obj(data, "broadcast")
        urls = data.get("broadcastUrls")
        settings = data.get("settings")
        hls = None if settings is None else obj(settings, "settings").get("hls")
        return cls(
            id=req_str(data, "id"),
            status=opt_enum(BroadcastStatus, data, "status") or "",
            session_id=opt_str(data, "sessionId"),
            project_id=project_id(data),
            created_at=ms_time(data, "createdAt"),
            updated_at=ms_time(data, "updatedAt"),
            resolution=opt_str(data, "resolution"),
            broadcast_urls=BroadcastUrls() if urls is None else BroadcastUrls.from_json(urls),
            max_duration=opt_int(data, "maxDuration"),
            max_bitrate=opt_int(data, "maxBitrate"),
            stream_mode=opt_enum(StreamMode, data, "streamMode"),
            streams=tuple(ArchiveStream.from_json(s) for s in opt_list(data, "streams")),
            has_audio=opt_bool(data, "hasAudio"),
            has_video=opt_bool(data, "hasVideo"),
            multi_broadcast_tag=opt_str(data, "multiBroadcastTag"),
            hls_settings=None if hls is None else HlsSettings.from_json(hls),
            raw=dict(data),
        )
