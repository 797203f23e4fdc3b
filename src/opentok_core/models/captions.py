"""Live captions models (spec/service.md#live-captions, #captions-status)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Awaitable, Mapping
from typing import Any, Generic, overload

import attrs

from opentok_core._binding import AsyncBound, Bound

from . import _read
from ._bound import B, Bindable
from ._compiled import JSON, JsonModel

__all__ = ["Captions", "CaptionsStatus"]


class CaptionsStatus(str, enum.Enum):
    """Live captions lifecycle states (the status answer and the status callback)."""

    STARTED = "started"
    PAUSED = "paused"
    STOPPED = "stopped"
    FAILED = "failed"


def _captions_id(data: Mapping[str, Any]) -> str:
    # Start answer: captionsId; status answer: captionId (spec/service.md#captions-status).
    return _read.req_str(data, "captionsId" if "captionsId" in data else "captionId")


@attrs.frozen(kw_only=True)
class Captions(JsonModel, Bindable, Generic[B]):
    """Live captions: ``start_captions`` fills only ``captions_id``, ``get_captions`` every
    field. ``status`` is a CaptionsStatus, or the raw string for a state this SDK does not
    know; ``duration`` is in seconds. Stop them with ``stop_captions(captions_id)``."""

    json_name = "captions"

    captions_id: str = attrs.field(metadata={JSON: _captions_id})
    application_id: str | None = attrs.field(default=None, metadata={JSON: _read.project_id})
    session_id: str | None = None
    status: CaptionsStatus | str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    duration: int | None = None
    language_code: str | None = None
    provider: str | None = None
    reason: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @overload
    def stop(self: Captions[Bound]) -> None: ...
    @overload
    def stop(self: Captions[AsyncBound]) -> Awaitable[None]: ...
    def stop(self) -> Any:
        """Stop the live captions: ``client.stop_captions(captions.captions_id)``."""
        return self._call("stop", "stop_captions", self.captions_id)
