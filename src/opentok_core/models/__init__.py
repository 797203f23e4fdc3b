"""Typed result models: frozen attrs classes built by ``from_json``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .enums import (
    ArchiveMode,
    ArchiveModeValue,
    ArchiveStatus,
    MediaMode,
    MediaModeValue,
    OutputMode,
    OutputModeValue,
    Resolution,
    ResolutionValue,
    Role,
    RoleValue,
    StreamMode,
    StreamModeValue,
)

if TYPE_CHECKING:  # what type checkers read; the run-time table below must match it
    from .archives import *  # noqa: F403
    from .audio import *  # noqa: F403
    from .broadcasts import *  # noqa: F403
    from .captions import *  # noqa: F403
    from .renders import *  # noqa: F403
    from .sessions import *  # noqa: F403
    from .sip import *  # noqa: F403
    from .streams import *  # noqa: F403

#: Each model module and the public names it holds; enums load now (clients use them as
#: defaults), each model module on first use (opentok_core._lazy).
_MODULES: dict[str, tuple[str, ...]] = {
    ".archives": ("Archive", "ArchiveStream", "Transcription"),
    ".audio": ("WebSocketAudioConnection",),
    ".broadcasts": (
        "Broadcast",
        "BroadcastStatus",
        "BroadcastUrls",
        "HlsSettings",
        "HlsStatus",
        "RtmpStream",
    ),
    ".captions": ("Captions", "CaptionsStatus"),
    ".renders": ("Render", "RenderStatus"),
    ".sessions": ("Session",),
    ".sip": ("SipCall",),
    ".streams": (
        "Connection",
        "ConnectionList",
        "ConnectionState",
        "Stream",
        "StreamList",
        "VideoType",
    ),
}

if not TYPE_CHECKING:
    from opentok_core._lazy import lazy_exports

    # Exported from opentok_core too: that is their public home (Archive.__module__).
    __getattr__, __dir__ = lazy_exports(__name__, _MODULES, home="opentok_core")

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
    *(name for names in _MODULES.values() for name in names),
]
