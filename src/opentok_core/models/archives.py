"""The Archive model (spec/service.md#archive-object)."""

from __future__ import annotations

import datetime as dt
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
from .enums import ArchiveStatus, OutputMode, StreamMode

__all__ = ["Archive", "ArchiveStream", "Transcription"]


@attrs.frozen(kw_only=True)
class ArchiveStream:
    """A stream selected into an archive or broadcast (manual stream mode)."""

    stream_id: str
    has_audio: bool | None = None
    has_video: bool | None = None

    @classmethod
    def from_json(cls, data: Any) -> ArchiveStream:
        data = obj(data, "stream")
        return cls(
            stream_id=req_str(data, "streamId"),
            has_audio=opt_bool(data, "hasAudio"),
            has_video=opt_bool(data, "hasVideo"),
        )


@attrs.frozen(kw_only=True)
class Transcription:
    """Transcription state of an archive (opentok 3.15)."""

    status: str | None = None
    reason: str | None = None
    url: str | None = None
    primary_language_code: str | None = None
    has_summary: bool | None = None

    @classmethod
    def from_json(cls, data: Any) -> Transcription:
        data = obj(data, "transcription")
        return cls(
            status=opt_str(data, "status"),
            reason=opt_str(data, "reason"),
            url=opt_str(data, "url"),
            primary_language_code=opt_str(data, "primaryLanguageCode"),
            has_summary=opt_bool(data, "hasSummary"),
        )


@attrs.frozen(kw_only=True)
class Archive:
    """A recording of a session. ``status`` is an ArchiveStatus, or the raw string for a state
    this SDK does not know yet."""

    id: str
    status: ArchiveStatus | str
    session_id: str | None = None
    name: str | None = None
    reason: str | None = None
    project_id: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    size: int | None = None
    duration: int | None = None
    output_mode: OutputMode | str | None = None
    stream_mode: StreamMode | str | None = None
    streams: tuple[ArchiveStream, ...] = ()
    has_audio: bool | None = None
    has_video: bool | None = None
    has_transcription: bool | None = None
    transcription: Transcription | None = None
    sha256sum: str | None = None
    password: str | None = attrs.field(default=None, repr=False)
    resolution: str | None = None
    url: str | None = None
    max_bitrate: int | None = None
    quantization_parameter: int | None = None
    multi_archive_tag: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> Archive:
        """Read an archive JSON object; camelCase keys and ms timestamps are mapped here only."""
        data = obj(data, "archive")
        transcription = data.get("transcription")
        return cls(
            id=req_str(data, "id"),
            status=opt_enum(ArchiveStatus, data, "status") or "",
            session_id=opt_str(data, "sessionId"),
            name=opt_str(data, "name"),
            reason=opt_str(data, "reason"),
            project_id=project_id(data),
            created_at=ms_time(data, "createdAt"),
            updated_at=ms_time(data, "updatedAt"),
            size=opt_int(data, "size"),
            duration=opt_int(data, "duration"),
            output_mode=opt_enum(OutputMode, data, "outputMode"),
            stream_mode=opt_enum(StreamMode, data, "streamMode"),
            streams=tuple(ArchiveStream.from_json(s) for s in opt_list(data, "streams")),
            has_audio=opt_bool(data, "hasAudio"),
            has_video=opt_bool(data, "hasVideo"),
            has_transcription=opt_bool(data, "hasTranscription"),
            transcription=None if transcription is None else Transcription.from_json(transcription),
            sha256sum=opt_str(data, "sha256sum"),
            password=opt_str(data, "password"),
            resolution=opt_str(data, "resolution"),
            url=opt_str(data, "url"),
            max_bitrate=opt_int(data, "maxBitrate"),
            quantization_parameter=opt_int(data, "quantizationParameter"),
            multi_archive_tag=opt_str(data, "multiArchiveTag"),
            raw=dict(data),
        )
