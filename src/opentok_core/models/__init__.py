"""Typed result models: frozen attrs classes built by ``from_json``."""

from __future__ import annotations

from .archives import Archive, ArchiveStream, Transcription
from .audio import WebSocketAudioConnection
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
    "Captions",
    "CaptionsStatus",
    "Connection",
    "MediaMode",
    "OutputMode",
    "Render",
    "RenderStatus",
    "Resolution",
    "Role",
    "Session",
    "SipCall",
    "Stream",
    "StreamList",
    "StreamMode",
    "Transcription",
    "VideoType",
    "WebSocketAudioConnection",
]
