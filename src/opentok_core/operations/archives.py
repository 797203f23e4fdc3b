"""Archive operations (spec/service.md#archives)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from opentok_core._config import Config
from opentok_core._endpoint import Endpoint, endpoint
from opentok_core._errors import ValidationError
from opentok_core._http import Request, Response, decode_json
from opentok_core._layouts import Layout
from opentok_core._pagination import MAX_PAGE_SIZE, Page, parse_page
from opentok_core._paths import query
from opentok_core._validate import (
    bool_field,
    check_id,
    check_str,
    id_field,
    int_field,
    optional_field,
    str_field,
    to_enum,
)
from opentok_core.models.archives import Archive
from opentok_core.models.enums import OutputMode, OutputModeValue, Resolution, StreamMode
from opentok_core.operations._inputs import as_layout, as_resolution, as_stream_mode
from opentok_core.operations._stream_selection import (
    add_stream_body,
    check_some_media,
)

__all__ = [
    "AddArchiveStream",
    "DeleteArchive",
    "GetArchive",
    "ListArchives",
    "RemoveArchiveStream",
    "SetArchiveLayout",
    "StartArchive",
    "StopArchive",
    "TranscriptionProperties",
]

#: A BCP-47 tag as the transcription docs use them: "en-US", "ja-JP", "pt-BR".
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")

#: Stream selection (PATCH .../streams) shares its meanings between archives and broadcasts.
_STREAM_MEANINGS = {
    400: "invalid stream selection request",
    404: "archive or stream not found",
    405: "archive stream mode is auto (stream selection needs stream_mode='manual')",
    409: "the archive is not recording, so its streams cannot change",
}


def _language(field: str, value: object) -> str:
    text = check_str(field, value, min_len=2, max_len=35)
    if not _LANGUAGE_TAG.fullmatch(text):
        raise ValidationError(
            field, f"must be a BCP-47 language tag such as 'en-US' (got {text!r})"
        )
    return text


@attrs.frozen(kw_only=True)
class TranscriptionProperties:
    """Post-call transcription options: the spoken language (default ``en-US`` on the server)
    and whether to add an AI summary."""

    primary_language_code: str | None = optional_field(_language)
    has_summary: bool | None = bool_field()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TranscriptionProperties:
        """Read the official SDK's ``{"primaryLanguageCode", "hasSummary"}`` dict."""
        for key in data:
            if key not in ("primaryLanguageCode", "hasSummary"):
                raise ValidationError(
                    f"transcription_properties.{key}",
                    "is not a transcription property (use primaryLanguageCode, hasSummary)",
                )
        return cls(
            primary_language_code=data.get("primaryLanguageCode"),
            has_summary=data.get("hasSummary"),
        )

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.primary_language_code is not None:
            body["primaryLanguageCode"] = self.primary_language_code
        if self.has_summary is not None:
            body["hasSummary"] = self.has_summary
        return body


def _transcription(
    value: TranscriptionProperties | Mapping[str, Any],
) -> TranscriptionProperties:
    if isinstance(value, TranscriptionProperties):
        return value
    if isinstance(value, Mapping):
        return TranscriptionProperties.from_dict(value)
    raise ValidationError(
        "transcription_properties",
        f"must be TranscriptionProperties or a dict, not {type(value).__name__}",
    )


def _output_mode(value: OutputMode | OutputModeValue) -> OutputMode:
    return to_enum(OutputMode, "output_mode", value)


@attrs.frozen(kw_only=True)
class StartArchive:
    """``POST /archive``: start recording a routed session."""

    name: ClassVar[str] = "archives.start"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/archive",
        body="json",
        meanings={
            400: "invalid session id, no clients connected, or invalid archive options",
            404: "session not found",
            409: "session is relayed or already being recorded "
            "(simultaneous archives need distinct multi_archive_tag values)",
        },
    )

    session_id: str = id_field()
    has_audio: bool = bool_field(True)
    has_video: bool = bool_field(True)
    archive_name: str | None = str_field(0, 1024)
    output_mode: OutputMode = attrs.field(default=OutputMode.COMPOSED, converter=_output_mode)
    stream_mode: StreamMode = attrs.field(default=StreamMode.AUTO, converter=as_stream_mode)
    resolution: Resolution | None = attrs.field(
        default=None, converter=attrs.converters.optional(as_resolution)
    )
    layout: Layout | None = attrs.field(
        default=None, converter=attrs.converters.optional(as_layout)
    )
    multi_archive_tag: str | None = str_field(1, 1024)
    # The REST reference's range, for the video bitrate of composed archives
    # (spec/service.md#archive-endpoints).
    max_bitrate: int | None = int_field(100_000, 6_000_000)
    quantization_parameter: int | None = int_field(15, 40)
    has_transcription: bool = bool_field(False)
    transcription_properties: TranscriptionProperties | None = attrs.field(
        default=None, converter=attrs.converters.optional(_transcription)
    )

    def __attrs_post_init__(self) -> None:
        check_some_media(self.has_audio, self.has_video)
        if self.output_mode is OutputMode.INDIVIDUAL:
            # Layout, resolution and encoder settings shape the one composed file.
            for field in ("resolution", "layout", "max_bitrate", "quantization_parameter"):
                if getattr(self, field) is not None:
                    raise ValidationError(field, "is only allowed with output_mode='composed'")
        # Transcription needs audio (the transcription guide: set hasAudio and
        # hasTranscription). vonage-video also refuses it for composed archives and the guide's
        # example is an individual one; the official SDK does not check, so neither do we (the
        # service decides). Evidence: spec/service.md#archive-endpoints.
        if self.has_transcription:
            if not self.has_audio:
                raise ValidationError("has_transcription", "needs has_audio=True")
        elif self.transcription_properties is not None:
            raise ValidationError(
                "transcription_properties", "is only allowed with has_transcription=True"
            )

    def build(self, config: Config) -> Request:
        body: dict[str, Any] = {"sessionId": self.session_id}
        if self.archive_name is not None:
            body["name"] = self.archive_name
        body["hasAudio"] = self.has_audio
        body["hasVideo"] = self.has_video
        body["outputMode"] = self.output_mode.value
        body["streamMode"] = self.stream_mode.value
        if self.resolution is not None:
            body["resolution"] = self.resolution.value
        if self.layout is not None:
            body["layout"] = self.layout.to_json()
        if self.multi_archive_tag is not None:
            body["multiArchiveTag"] = self.multi_archive_tag
        if self.max_bitrate is not None:
            body["maxBitrate"] = self.max_bitrate
        if self.quantization_parameter is not None:
            body["quantizationParameter"] = self.quantization_parameter
        if self.has_transcription:
            body["hasTranscription"] = True
            if self.transcription_properties is not None:
                body["transcriptionProperties"] = self.transcription_properties.to_json()
        return self.endpoint.request(config, self, body)

    def parse(self, response: Response) -> Archive[Any]:
        return Archive.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class StopArchive:
    """``POST /archive/{archiveId}/stop``."""

    name: ClassVar[str] = "archives.stop"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/archive/{archiveId}/stop",
        meanings={
            400: "invalid archive id",
            404: "archive not found",
            409: "archive is not being recorded (only started or paused archives can be stopped)",
        },
    )

    archive_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> Archive[Any]:
        return Archive.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class GetArchive:
    """``GET /archive/{archiveId}``."""

    name: ClassVar[str] = "archives.get"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET",
        "/archive/{archiveId}",
        meanings={400: "invalid archive id", 404: "archive not found"},
    )

    archive_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> Archive[Any]:
        return Archive.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class ListArchives:
    """``GET /archive?offset=&count=&sessionId=``: newest first, at most 1000 per page.

    The session filter goes out as ``sessionId`` (vonage-video's ``session_id`` is ignored by
    the service: spec/service.md#vv-session-filter).
    """

    name: ClassVar[str] = "archives.list"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET",
        "/archive",
        meanings={
            400: "invalid list parameters",
            404: "no archives found for this project or session",
        },
    )

    offset: int | None = int_field(0)
    count: int | None = int_field(1, MAX_PAGE_SIZE)
    session_id: str | None = optional_field(check_id)

    def build(self, config: Config) -> Request:
        params = query(
            [("offset", self.offset), ("count", self.count), ("sessionId", self.session_id)]
        )
        return self.endpoint.request(config, self, query=params)

    def parse(self, response: Response) -> Page[Archive[Any]]:
        return parse_page(decode_json(response.body), self.offset or 0, Archive.from_decoded)


@attrs.frozen(kw_only=True)
class DeleteArchive:
    """``DELETE /archive/{archiveId}``: 204 on success."""

    name: ClassVar[str] = "archives.delete"
    endpoint: ClassVar[Endpoint] = endpoint(
        "DELETE",
        "/archive/{archiveId}",
        success=204,
        meanings={
            400: "invalid archive id",
            404: "archive not found",
            409: "archive cannot be deleted in its current status "
            "(only available, uploaded or deleted archives can be)",
        },
    )

    archive_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class SetArchiveLayout:
    """``PUT /archive/{archiveId}/layout`` for a composed archive being recorded."""

    name: ClassVar[str] = "archives.set_layout"
    endpoint: ClassVar[Endpoint] = endpoint(
        "PUT",
        "/archive/{archiveId}/layout",
        body="json",
        meanings={
            400: "invalid layout, or the archive is not a composed archive being recorded",
            404: "archive not found",
        },
    )

    archive_id: str = id_field()
    layout: Layout = attrs.field(converter=as_layout)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self, self.layout.to_json())

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class AddArchiveStream:
    """``PATCH /archive/{archiveId}/streams`` with ``addStream`` (manual stream mode): 204."""

    name: ClassVar[str] = "archives.add_stream"
    endpoint: ClassVar[Endpoint] = endpoint(
        "PATCH",
        "/archive/{archiveId}/streams",
        body="json",
        success=204,
        meanings=_STREAM_MEANINGS,
    )

    archive_id: str = id_field()
    stream_id: str = id_field()
    has_audio: bool = bool_field(True)
    has_video: bool = bool_field(True)

    def __attrs_post_init__(self) -> None:
        check_some_media(self.has_audio, self.has_video)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(
            config, self, add_stream_body(self.stream_id, self.has_audio, self.has_video)
        )

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class RemoveArchiveStream:
    """``PATCH /archive/{archiveId}/streams`` with ``removeStream``: 204."""

    name: ClassVar[str] = "archives.remove_stream"
    endpoint: ClassVar[Endpoint] = endpoint(
        "PATCH",
        "/archive/{archiveId}/streams",
        body="json",
        success=204,
        meanings=_STREAM_MEANINGS,
    )

    archive_id: str = id_field()
    stream_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self, {"removeStream": self.stream_id})

    def parse(self, response: Response) -> None:
        return None
