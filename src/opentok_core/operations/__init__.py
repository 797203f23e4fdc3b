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
from .audio import ConnectAudioToWebsocket, WebSocketOptions
from .captions import StartCaptions, StopCaptions
from .moderation import DisableForceMute, ForceDisconnect, MuteAll, MuteStream, SendSignal, Signal
from .renders import GetRender, StartRender, StopRender
from .sessions import CreateSession
from .sip import Dial, PlayDtmf, SipAuth, SipOptions
from .streams import GetStream, ListStreams, SetStreamClassLists, StreamClassList

__all__ = [
    "AddArchiveStream",
    "ConnectAudioToWebsocket",
    "CreateSession",
    "DeleteArchive",
    "Dial",
    "DisableForceMute",
    "ForceDisconnect",
    "GetArchive",
    "GetRender",
    "GetStream",
    "ListArchives",
    "ListStreams",
    "MuteAll",
    "MuteStream",
    "PlayDtmf",
    "RemoveArchiveStream",
    "SendSignal",
    "SetArchiveLayout",
    "SetStreamClassLists",
    "Signal",
    "SipAuth",
    "SipOptions",
    "StartArchive",
    "StartCaptions",
    "StartRender",
    "StopArchive",
    "StopCaptions",
    "StopRender",
    "StreamClassList",
    "TranscriptionProperties",
    "WebSocketOptions",
]
