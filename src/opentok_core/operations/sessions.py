"""Session operations: create one, list its connections (spec/service.md#sessions,
#list-connections)."""

from __future__ import annotations

import ipaddress
from typing import ClassVar

import attrs

from opentok_core._config import Config
from opentok_core._endpoint import Endpoint, endpoint
from opentok_core._errors import ValidationError
from opentok_core._http import Request, Response, decode_json
from opentok_core._validate import bool_field, id_field, str_field, to_enum
from opentok_core.models._read import json_object, obj
from opentok_core.models.enums import (
    ArchiveMode,
    ArchiveModeValue,
    MediaMode,
    MediaModeValue,
    Resolution,
    ResolutionValue,
)
from opentok_core.models.sessions import Session
from opentok_core.models.streams import ConnectionList

__all__ = ["CreateSession", "ListConnections"]


def _media_mode(value: MediaMode | MediaModeValue) -> MediaMode:
    return to_enum(MediaMode, "media_mode", value)


def _archive_mode(value: ArchiveMode | ArchiveModeValue) -> ArchiveMode:
    return to_enum(ArchiveMode, "archive_mode", value)


def _archive_resolution(value: Resolution | ResolutionValue) -> Resolution:
    return to_enum(Resolution, "archive_resolution", value)


@attrs.frozen(kw_only=True)
class CreateSession:
    """``POST /session/create``: a form-encoded body, a JSON array of one session back."""

    name: ClassVar[str] = "sessions.create"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/session/create",
        body="form",
        project=False,
        meanings={400: "invalid session options"},
    )

    media_mode: MediaMode = attrs.field(default=MediaMode.RELAYED, converter=_media_mode)
    archive_mode: ArchiveMode = attrs.field(default=ArchiveMode.MANUAL, converter=_archive_mode)
    location: str | None = str_field()
    e2ee: bool = bool_field(False)
    archive_name: str | None = str_field(1, 80)
    archive_resolution: Resolution | None = attrs.field(
        default=None, converter=attrs.converters.optional(_archive_resolution)
    )

    def __attrs_post_init__(self) -> None:
        # The client-side checks of the official SDKs, all of them
        # (spec/service.md#session-options).
        routed = self.media_mode is MediaMode.ROUTED
        if self.archive_mode is ArchiveMode.ALWAYS and not routed:
            raise ValidationError("archive_mode", "'always' requires media_mode='routed'")
        if self.e2ee and not routed:
            raise ValidationError("e2ee", "end-to-end encryption requires media_mode='routed'")
        if self.location is not None:
            try:
                ipaddress.IPv4Address(self.location)
            except ValueError:
                raise ValidationError("location", "must be an IPv4 address") from None
        always = self.archive_mode is ArchiveMode.ALWAYS
        if self.archive_name is not None and not always:
            raise ValidationError("archive_name", "is only allowed with archive_mode='always'")
        if self.archive_resolution is not None and not always:
            raise ValidationError(
                "archive_resolution", "is only allowed with archive_mode='always'"
            )

    def build(self, config: Config) -> Request:
        form = [
            ("p2p.preference", "disabled" if self.media_mode is MediaMode.ROUTED else "enabled"),
            ("archiveMode", self.archive_mode.value),
        ]
        if self.location is not None:
            form.append(("location", self.location))
        form.append(("e2ee", "true" if self.e2ee else "false"))
        if self.archive_name is not None:
            form.append(("archiveName", self.archive_name))
        if self.archive_resolution is not None:
            form.append(("archiveResolution", self.archive_resolution.value))
        return self.endpoint.request(config, self, form)

    def parse(self, response: Response) -> Session:
        data = decode_json(response.body)
        if isinstance(data, list):
            if not data:
                raise ValueError("empty session list")
            data = data[0]
        return Session.from_json(
            obj(data, "session"),
            media_mode=self.media_mode,
            archive_mode=self.archive_mode,
            location=self.location,
            e2ee=self.e2ee,
        )


@attrs.frozen(kw_only=True)
class ListConnections:
    """``GET /session/{sessionId}/connection``: ``{count, projectId, sessionId, items:
    [{connectionId, connectionState, createdAt}]}``."""

    name: ClassVar[str] = "connections.list"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET",
        "/session/{sessionId}/connection",
        meanings={400: "invalid session id", 404: "session not found"},
    )

    session_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> ConnectionList:
        return ConnectionList.from_json(json_object(response))
