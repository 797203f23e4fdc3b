"""What a live-streaming broadcast sends out and how (spec/service.md#broadcast-endpoints), as
validated values.

``BroadcastOptions`` is the typed form; ``BroadcastOptions.from_dict`` reads the official SDK's
camelCase dict (``{"outputs": {"hls": {...}, "rtmp": [...]}, "maxDuration": ..., ...}``) into
the same value, so both call shapes put the same bytes on the wire. Checked locally: at least
one output, at most five RTMP targets with distinct ids, HLS ``dvr`` and ``lowLatency`` not both
on, ``maxDuration`` 60-36000 s, ``maxBitrate`` 100000-6000000, a known resolution.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ._errors import ValidationError
from ._layouts import Layout, to_layout
from ._validate import (
    bool_field,
    check_id,
    check_str,
    checked_field,
    enum_field,
    int_field,
    optional_field,
    str_field,
)
from .models.enums import Resolution

__all__ = ["BroadcastOptions", "HlsOutput", "RtmpOutput", "to_broadcast_options"]

MAX_RTMP = 5


@attrs.frozen(kw_only=True)
class HlsOutput:
    """An HLS output. ``dvr`` (rewind up to 2 hours) and ``low_latency`` exclude each other;
    unset flags are left to the service's defaults (both off)."""

    dvr: bool | None = bool_field()
    low_latency: bool | None = bool_field()

    def __attrs_post_init__(self) -> None:
        if self.dvr and self.low_latency:
            raise ValidationError("low_latency", "dvr and low_latency cannot both be True")

    def to_json(self) -> dict[str, bool]:
        body: dict[str, bool] = {}
        if self.dvr is not None:
            body["dvr"] = self.dvr
        if self.low_latency is not None:
            body["lowLatency"] = self.low_latency
        return body


def _rtmp_url(field: str, value: object) -> str:
    url = check_str(field, value, min_len=1)
    if not url.lower().startswith(("rtmp://", "rtmps://")):
        raise ValidationError(field, f"must be an rtmp:// or rtmps:// URL (got {url!r})")
    return url


@attrs.frozen(kw_only=True)
class RtmpOutput:
    """One RTMP target: server URL, stream name (the key YouTube or Facebook give you), and an
    optional id of your own (unique within the broadcast)."""

    server_url: str = checked_field(_rtmp_url)
    stream_name: str = checked_field(lambda f, v: check_str(f, v, min_len=1))
    id: str | None = optional_field(check_id)

    def to_json(self) -> dict[str, str]:
        body = {} if self.id is None else {"id": self.id}
        body["serverUrl"] = self.server_url
        body["streamName"] = self.stream_name
        return body


def _hls(field: str, value: object) -> HlsOutput:
    if isinstance(value, HlsOutput):
        return value
    if isinstance(value, Mapping):
        _known(field, value, ("dvr", "lowLatency"))
        try:
            return HlsOutput(dvr=value.get("dvr"), low_latency=value.get("lowLatency"))
        except ValidationError as exc:
            raise ValidationError(f"{field}.{exc.field}", exc.problem) from None
    raise ValidationError(field, f"must be an HlsOutput or a dict, not {type(value).__name__}")


def _rtmp_list(field: str, value: object) -> tuple[RtmpOutput, ...]:
    if isinstance(value, (RtmpOutput, Mapping, str, bytes)) or not isinstance(value, Iterable):
        raise ValidationError(field, "must be a list of RtmpOutput values or dicts")
    outputs = []
    for i, item in enumerate(value):
        where = f"{field}[{i}]"
        if isinstance(item, RtmpOutput):
            outputs.append(item)
        elif isinstance(item, Mapping):
            _known(where, item, ("id", "serverUrl", "streamName"))
            try:
                server_url: Any = item.get("serverUrl")
                stream_name: Any = item.get("streamName")
                outputs.append(
                    RtmpOutput(server_url=server_url, stream_name=stream_name, id=item.get("id"))
                )
            except ValidationError as exc:
                raise ValidationError(f"{where}.{exc.field}", exc.problem) from None
        else:
            raise ValidationError(
                where, f"must be an RtmpOutput or a dict, not {type(item).__name__}"
            )
    if len(outputs) > MAX_RTMP:
        raise ValidationError(field, f"at most {MAX_RTMP} RTMP outputs (got {len(outputs)})")
    ids = [o.id for o in outputs if o.id is not None]
    if len(ids) != len(set(ids)):
        raise ValidationError(field, "RTMP output ids must be unique")
    return tuple(outputs)


def _known(field: str, data: Mapping[Any, Any], keys: tuple[str, ...]) -> None:
    for key in data:
        if key not in keys:
            prefix = f"{field}." if field else ""
            raise ValidationError(f"{prefix}{key}", f"is not a known key (use {', '.join(keys)})")


@attrs.frozen(kw_only=True)
class BroadcastOptions:
    """Outputs and settings of a broadcast (the ``options`` of ``start_broadcast``)."""

    hls: HlsOutput | None = optional_field(_hls)
    rtmp: tuple[RtmpOutput, ...] = checked_field(_rtmp_list, default=())
    layout: Layout | None = optional_field(to_layout)
    # Seconds; the service stops the broadcast then (its default is 14400, 4 hours).
    max_duration: int | None = int_field(60, 36_000)
    max_bitrate: int | None = int_field(100_000, 6_000_000)
    resolution: Resolution | None = enum_field(Resolution)
    multi_broadcast_tag: str | None = str_field(1, 1024)
    has_audio: bool | None = bool_field()
    has_video: bool | None = bool_field()

    def __attrs_post_init__(self) -> None:
        if self.hls is None and not self.rtmp:
            raise ValidationError("outputs", "give at least one output: hls and/or rtmp")
        if self.has_audio is False and self.has_video is False:
            raise ValidationError("has_video", "has_audio and has_video cannot both be False")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BroadcastOptions:
        """Read the official SDK's ``options`` dict (camelCase keys)."""
        for key in data:
            if key in ("streamMode", "sessionId"):
                raise ValidationError(key, "is an argument of start_broadcast, not an option")
        _known("", data, _OPTION_KEYS)
        outputs = data.get("outputs")
        if outputs is None:
            outputs = {}
        if not isinstance(outputs, Mapping):
            raise ValidationError("outputs", "must be a dict with 'hls' and/or 'rtmp'")
        _known("outputs", outputs, ("hls", "rtmp"))
        return cls(
            hls=outputs.get("hls"),
            rtmp=outputs.get("rtmp") or (),
            layout=data.get("layout"),
            max_duration=data.get("maxDuration"),
            max_bitrate=data.get("maxBitrate"),
            resolution=data.get("resolution"),
            multi_broadcast_tag=data.get("multiBroadcastTag"),
            has_audio=data.get("hasAudio"),
            has_video=data.get("hasVideo"),
        )

    def to_json(self) -> dict[str, Any]:
        """The request body's option keys (``sessionId`` and ``streamMode`` are added by
        StartBroadcast)."""
        body: dict[str, Any] = {}
        if self.layout is not None:
            body["layout"] = self.layout.to_json()
        if self.max_duration is not None:
            body["maxDuration"] = self.max_duration
        if self.max_bitrate is not None:
            body["maxBitrate"] = self.max_bitrate
        outputs: dict[str, Any] = {}
        if self.hls is not None:
            outputs["hls"] = self.hls.to_json()
        if self.rtmp:
            outputs["rtmp"] = [o.to_json() for o in self.rtmp]
        body["outputs"] = outputs
        if self.resolution is not None:
            body["resolution"] = self.resolution.value
        if self.multi_broadcast_tag is not None:
            body["multiBroadcastTag"] = self.multi_broadcast_tag
        if self.has_audio is not None:
            body["hasAudio"] = self.has_audio
        if self.has_video is not None:
            body["hasVideo"] = self.has_video
        return body


_OPTION_KEYS = (
    "outputs",
    "layout",
    "maxDuration",
    "maxBitrate",
    "resolution",
    "multiBroadcastTag",
    "hasAudio",
    "hasVideo",
)


def to_broadcast_options(field: str, value: object) -> BroadcastOptions:
    """Accept BroadcastOptions or the official dict."""
    if isinstance(value, BroadcastOptions):
        return value
    if isinstance(value, Mapping):
        return BroadcastOptions.from_dict(value)
    raise ValidationError(field, f"must be BroadcastOptions or a dict, not {type(value).__name__}")
