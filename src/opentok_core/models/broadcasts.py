"""The Broadcast model (spec/service.md#broadcast-object)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Awaitable, Mapping
from typing import Any, overload

import attrs

from opentok_core._binding import AsyncBound, Bound
from opentok_core._model import Model

from ._bound import B, StreamsAndLayoutMethods
from ._compiled import JSON, JsonModel
from ._read import obj, opt_list, opt_str
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
class RtmpStream(Model):
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


def _rtmp(data: Mapping[str, Any]) -> tuple[RtmpStream, ...]:
    rtmp = data.get("rtmp")
    if isinstance(rtmp, Mapping):
        # The official SDK's own fixtures show RTMP targets keyed by id; the REST reference
        # documents a list (spec/service.md#broadcast-object). Read both.
        return tuple(RtmpStream.from_json(v, default_id=str(k)) for k, v in rtmp.items())
    return tuple(RtmpStream.from_json(v) for v in opt_list(data, "rtmp"))


@attrs.frozen(kw_only=True)
class BroadcastUrls(JsonModel):
    """Where the broadcast can be watched: the HLS playlist URL and its status, and the RTMP
    targets with theirs."""

    json_name = "broadcastUrls"

    hls: str | None = None
    hls_status: HlsStatus | str | None = None
    rtmp: tuple[RtmpStream, ...] = attrs.field(default=(), metadata={JSON: _rtmp})


@attrs.frozen(kw_only=True)
class HlsSettings(JsonModel):
    """The HLS settings the broadcast runs with (``settings.hls``)."""

    json_name = "settings.hls"

    dvr: bool | None = None
    low_latency: bool | None = None


def _hls_settings(data: Mapping[str, Any]) -> HlsSettings | None:
    settings = data.get("settings")
    hls = None if settings is None else obj(settings, "settings").get("hls")
    return None if hls is None else HlsSettings.from_json(hls)


@attrs.frozen(kw_only=True)
class Broadcast(JsonModel, StreamsAndLayoutMethods[B]):
    """A live-streaming broadcast. ``status`` is a BroadcastStatus, or the raw string for a
    state this SDK does not know yet."""

    json_name = "broadcast"

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
    hls_settings: HlsSettings | None = attrs.field(default=None, metadata={JSON: _hls_settings})
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    #: The service has no call that deletes a broadcast, so there is no ``delete``.
    _noun = "broadcast"

    @overload
    def stop(self: Broadcast[Bound]) -> Broadcast[Bound]: ...
    @overload
    def stop(self: Broadcast[AsyncBound]) -> Awaitable[Broadcast[AsyncBound]]: ...
    def stop(self) -> Any:
        """Stop broadcasting: ``client.stop_broadcast(broadcast.id)``, the stopped Broadcast
        (this one, frozen, is unchanged)."""
        return self._call("stop", "stop_broadcast", self.id)

    @overload
    def refresh(self: Broadcast[Bound]) -> Broadcast[Bound]: ...
    @overload
    def refresh(self: Broadcast[AsyncBound]) -> Awaitable[Broadcast[AsyncBound]]: ...
    def refresh(self) -> Any:
        """The broadcast as the service has it now: ``client.get_broadcast(broadcast.id)``."""
        return self._call("refresh", "get_broadcast", self.id)
