"""One frozen attrs class per REST call. ``client.send(Op(...))`` runs any of them."""

from __future__ import annotations

from .archives import (
    AddArchiveStream,
    DeleteArchive,
    GetArchive,
    ListArchives,
    RemoveArchiveStream,
    SetArchiveLayout,
    StartArchive,
    StopArchive,
    TranscriptionProperties,
)
from .sessions import CreateSession

__all__ = [
    "AddArchiveStream",
    "CreateSession",
    "DeleteArchive",
    "GetArchive",
    "ListArchives",
    "RemoveArchiveStream",
    "SetArchiveLayout",
    "StartArchive",
    "StopArchive",
    "TranscriptionProperties",
]
