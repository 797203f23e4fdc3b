"""Typed result models: frozen attrs classes built by ``from_json``."""

from __future__ import annotations

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
from .enums import ArchiveMode, ArchiveStatus, MediaMode, OutputMode, Resolution, Role, StreamMode
from .renders import Render, RenderStatus
from .sessions import Session
from .sip import SipCall
from .streams import Connection, Stream, StreamList, VideoType

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
