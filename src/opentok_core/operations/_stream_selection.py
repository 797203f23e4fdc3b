"""Stream selection in manual stream mode, shared by archives and broadcasts
(spec/service.md#stream-selection): ``PATCH /{archive|broadcast}/{id}/streams`` with
``addStream`` or ``removeStream``."""

from __future__ import annotations

from opentok_core._config import Config
from opentok_core._errors import ValidationError
from opentok_core._http import Request
from opentok_core._operation import json_request
from opentok_core._paths import quote

__all__ = ["add_stream_request", "check_some_media", "remove_stream_request"]


def check_some_media(has_audio: bool, has_video: bool) -> None:
    """Refuse a selection with neither audio nor video: there would be nothing to record."""
    if not (has_audio or has_video):
        raise ValidationError("has_video", "has_audio and has_video cannot both be False")


def add_stream_request(
    config: Config,
    resource: str,
    resource_id: str,
    stream_id: str,
    has_audio: bool,
    has_video: bool,
) -> Request:
    """The unsigned request adding ``stream_id`` to an archive or broadcast."""
    body = {"addStream": stream_id, "hasAudio": has_audio, "hasVideo": has_video}
    return json_request(config, "PATCH", f"/{resource}/{quote(resource_id)}/streams", body)


def remove_stream_request(
    config: Config, resource: str, resource_id: str, stream_id: str
) -> Request:
    """The unsigned request removing ``stream_id`` from an archive or broadcast."""
    path = f"/{resource}/{quote(resource_id)}/streams"
    return json_request(config, "PATCH", path, {"removeStream": stream_id})
