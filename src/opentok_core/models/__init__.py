"""Typed result models: frozen attrs classes built by ``from_json``."""

from __future__ import annotations

from .archives import Archive, ArchiveStream, Transcription
from .enums import ArchiveMode, ArchiveStatus, MediaMode, OutputMode, Resolution, Role, StreamMode
from .sessions import Session

__all__ = [
    "Archive",
    "ArchiveMode",
    "ArchiveStatus",
    "ArchiveStream",
    "MediaMode",
    "OutputMode",
    "Resolution",
    "Role",
    "Session",
    "StreamMode",
    "Transcription",
]
