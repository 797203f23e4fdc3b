"""The Archive model (spec/service.md#archive-object)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Mapping
from typing import Any, overload

import attrs

from opentok_core._binding import AsyncBound, Bound

from ._bound import B, StreamsAndLayoutMethods
from ._compiled import JsonModel
from .enums import ArchiveStatus, OutputMode, StreamMode

__all__ = ["Archive", "ArchiveStream", "Transcription"]


@attrs.frozen(kw_only=True)
class ArchiveStream(JsonModel):
    """A stream selected into an archive or broadcast (manual stream mode)."""

    json_name = "stream"

    stream_id: str
    has_audio: bool | None = None
    has_video: bool | None = None


@attrs.frozen(kw_only=True)
class Transcription(JsonModel):
    """Transcription state of an archive (opentok 3.15)."""

    json_name = "transcription"

    status: str | None = None
    reason: str | None = None
    url: str | None = None
    primary_language_code: str | None = None
    has_summary: bool | None = None


@attrs.frozen(kw_only=True)
class Archive(JsonModel, StreamsAndLayoutMethods[B]):
    """A recording of a session. ``status`` is an ArchiveStatus, or the raw string for a state
    this SDK does not know yet."""

    json_name = "archive"

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

    _noun = "archive"

    @overload
    def stop(self: Archive[Bound]) -> Archive[Bound]: ...
    @overload
    def stop(self: Archive[AsyncBound]) -> Awaitable[Archive[AsyncBound]]: ...
    def stop(self) -> Any:
        """Stop recording: ``client.stop_archive(archive.id)``, the stopped Archive (this one,
        frozen, is unchanged)."""
        return self._call("stop", "stop_archive", self.id)

    @overload
    def delete(self: Archive[Bound]) -> None: ...
    @overload
    def delete(self: Archive[AsyncBound]) -> Awaitable[None]: ...
    def delete(self) -> Any:
        """Delete the archive and its file: ``client.delete_archive(archive.id)``."""
        return self._call("delete", "delete_archive", self.id)

    @overload
    def refresh(self: Archive[Bound]) -> Archive[Bound]: ...
    @overload
    def refresh(self: Archive[AsyncBound]) -> Awaitable[Archive[AsyncBound]]: ...
    def refresh(self) -> Any:
        """The archive as the service has it now: ``client.get_archive(archive.id)``."""
        return self._call("refresh", "get_archive", self.id)
