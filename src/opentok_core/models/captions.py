"""Live captions models (spec/service.md#live-captions)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import attrs

from ._compiled import JsonModel

__all__ = ["Captions", "CaptionsStatus"]


class CaptionsStatus(str, enum.Enum):
    """Live captions lifecycle states reported to the status callback URL."""

    STARTED = "started"
    PAUSED = "paused"
    STOPPED = "stopped"
    FAILED = "failed"


@attrs.frozen(kw_only=True)
class Captions(JsonModel):
    """Started live captions: stop them with ``stop_captions(captions_id)``."""

    json_name = "captions"

    captions_id: str
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
