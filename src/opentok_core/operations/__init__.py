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
from .broadcasts import (
    AddBroadcastStream,
    GetBroadcast,
    ListBroadcasts,
    RemoveBroadcastStream,
    SetBroadcastLayout,
    StartBroadcast,
    StopBroadcast,
)
from .captions import StartCaptions, StopCaptions
from .moderation import DisableForceMute, ForceDisconnect, MuteAll, MuteStream, SendSignal, Signal
from .renders import GetRender, ListRenders, StartRender, StopRender
from .sessions import CreateSession
from .sip import Dial, PlayDtmf, SipAuth, SipOptions
from .streams import GetStream, ListStreams, SetStreamClassLists, StreamClassList

__all__ = [
    "AddArchiveStream",
    "AddBroadcastStream",
    "ConnectAudioToWebsocket",
    "CreateSession",
    "DeleteArchive",
    "Dial",
    "DisableForceMute",
    "ForceDisconnect",
    "GetArchive",
    "GetBroadcast",
    "GetRender",
    "GetStream",
    "ListArchives",
    "ListBroadcasts",
    "ListRenders",
    "ListStreams",
    "MuteAll",
    "MuteStream",
    "PlayDtmf",
    "RemoveArchiveStream",
    "RemoveBroadcastStream",
    "SendSignal",
    "SetArchiveLayout",
    "SetBroadcastLayout",
    "SetStreamClassLists",
    "Signal",
    "SipAuth",
    "SipOptions",
    "StartArchive",
    "StartBroadcast",
    "StartCaptions",
    "StartRender",
    "StopArchive",
    "StopBroadcast",
    "StopCaptions",
    "StopRender",
    "StreamClassList",
    "TranscriptionProperties",
    "WebSocketOptions",
]
