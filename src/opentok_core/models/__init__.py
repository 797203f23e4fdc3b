"""Typed result models: frozen attrs classes built by ``from_json``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .enums import ArchiveMode, ArchiveStatus, MediaMode, OutputMode, Resolution, Role, StreamMode

if TYPE_CHECKING:
    from .archives import Archive, ArchiveStream, Transcription
    from .audio import WebSocketAudioConnection
    from .broadcasts import (
        Broadcast,
        BroadcastStatus,
        BroadcastUrls,
        HlsSettings,
        HlsStatus,
        RtmpStream,
    )
    from .captions import Captions, CaptionsStatus
    from .renders import Render, RenderStatus
    from .sessions import Session
    from .sip import SipCall
    from .streams import Connection, Stream, StreamList, VideoType
else:
    # Enums load now (clients use them as defaults); each model module on first use.
    from opentok_core._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
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
            ".streams": ("Connection", "Stream", "StreamList", "VideoType"),
        },
    )

__all__ = [
    "Archive",
    "ArchiveMode",
    "ArchiveStatus",
    "ArchiveStream",
    "Broadcast",
    "BroadcastStatus",
    "BroadcastUrls",
    "Captions",
    "CaptionsStatus",
    "Connection",
    "HlsSettings",
    "HlsStatus",
    "MediaMode",
    "OutputMode",
    "Render",
    "RenderStatus",
    "Resolution",
    "Role",
    "RtmpStream",
    "Session",
    "SipCall",
    "Stream",
    "StreamList",
    "StreamMode",
    "Transcription",
    "VideoType",
    "WebSocketAudioConnection",
]
