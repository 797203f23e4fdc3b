"""Stream selection in manual stream mode, shared by archives and broadcasts
(spec/service.md#stream-selection): ``PATCH /{archive|broadcast}/{id}/streams`` with
``addStream`` or ``removeStream``."""

from __future__ import annotations

from typing import Any

from opentok_core._errors import ValidationError

__all__ = ["add_stream_body", "check_some_media"]


def check_some_media(has_audio: bool, has_video: bool) -> None:
    """Refuse a selection with neither audio nor video: there would be nothing to record."""
    if not (has_audio or has_video):
        raise ValidationError("has_video", "has_audio and has_video cannot both be False")


def add_stream_body(stream_id: str, has_audio: bool, has_video: bool) -> dict[str, Any]:
    """The JSON body adding ``stream_id`` to an archive or broadcast."""
    return {"addStream": stream_id, "hasAudio": has_audio, "hasVideo": has_video}
