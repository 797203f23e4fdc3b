"""Enumerations with their wire values as ``.value``. ``str`` mixins so ``Role.MODERATOR ==
"moderator"`` and JSON encoding just work."""

from __future__ import annotations

import enum
from typing import Literal

from opentok_core._tokens import Role, RoleValue

__all__ = [
    "ArchiveMode",
    "ArchiveModeValue",
    "ArchiveStatus",
    "MediaMode",
    "MediaModeValue",
    "OutputMode",
    "OutputModeValue",
    "Resolution",
    "ResolutionValue",
    "Role",
    "RoleValue",
    "StreamMode",
    "StreamModeValue",
]

# Each enum's wire values as a Literal, for parameters that take the member or its text: a
# type checker then refuses a typo (``media_mode="routd"``). tests/core/test_literals.py checks
# each against its enum.
MediaModeValue = Literal["relayed", "routed"]
"""A MediaMode's wire value as text."""
ArchiveModeValue = Literal["manual", "always"]
"""An ArchiveMode's wire value as text."""
OutputModeValue = Literal["composed", "individual"]
"""An OutputMode's wire value as text."""
StreamModeValue = Literal["auto", "manual"]
"""A StreamMode's wire value as text."""
ResolutionValue = Literal["640x480", "480x640", "1280x720", "720x1280", "1920x1080", "1080x1920"]
"""A Resolution's wire value as text."""


class MediaMode(str, enum.Enum):
    """Whether media flows peer to peer (relayed) or through the media router (routed)."""

    RELAYED = "relayed"
    ROUTED = "routed"

    @classmethod
    def _missing_(cls, value: object) -> MediaMode | None:
        # The official SDK's MediaModes carry the wire values: enabled = relayed, disabled = routed.
        return {"enabled": cls.RELAYED, "disabled": cls.ROUTED}.get(str(value).lower())


class ArchiveMode(str, enum.Enum):
    """Whether sessions are archived on demand (manual) or automatically (always)."""

    MANUAL = "manual"
    ALWAYS = "always"


class OutputMode(str, enum.Enum):
    """One composed file, or one file per stream."""

    COMPOSED = "composed"
    INDIVIDUAL = "individual"


class StreamMode(str, enum.Enum):
    """Whether streams are added automatically or selected with add/remove stream."""

    AUTO = "auto"
    MANUAL = "manual"


class Resolution(str, enum.Enum):
    """Output resolutions accepted by archives, broadcasts and renders
    (spec/service.md#resolutions)."""

    SD_LANDSCAPE = "640x480"
    SD_PORTRAIT = "480x640"
    HD_LANDSCAPE = "1280x720"
    HD_PORTRAIT = "720x1280"
    FHD_LANDSCAPE = "1920x1080"
    FHD_PORTRAIT = "1080x1920"


class ArchiveStatus(str, enum.Enum):
    """Archive lifecycle states (spec/service.md#archive-status)."""

    AVAILABLE = "available"
    EXPIRED = "expired"
    FAILED = "failed"
    PAUSED = "paused"
    STARTED = "started"
    STOPPED = "stopped"
    UPLOADED = "uploaded"
    DELETED = "deleted"
