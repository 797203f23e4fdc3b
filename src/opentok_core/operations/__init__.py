"""One frozen attrs class per REST call. ``client.send(Op(...))`` runs any of them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    from .moderation import (
        DisableForceMute,
        ForceDisconnect,
        MuteAll,
        MuteStream,
        SendSignal,
        Signal,
    )
    from .renders import GetRender, ListRenders, StartRender, StopRender
    from .sessions import CreateSession
    from .sip import Dial, PlayDtmf, SipAuth, SipOptions
    from .streams import GetStream, ListStreams, SetStreamClassLists, StreamClassList
else:
    # Each resource module loads when one of its names is first used: see opentok_core._lazy.
    from opentok_core._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            ".archives": (
                "AddArchiveStream",
                "DeleteArchive",
                "GetArchive",
                "ListArchives",
                "RemoveArchiveStream",
                "SetArchiveLayout",
                "StartArchive",
                "StopArchive",
                "TranscriptionProperties",
            ),
            ".audio": ("ConnectAudioToWebsocket", "WebSocketOptions"),
            ".broadcasts": (
                "AddBroadcastStream",
                "GetBroadcast",
                "ListBroadcasts",
                "RemoveBroadcastStream",
                "SetBroadcastLayout",
                "StartBroadcast",
                "StopBroadcast",
            ),
            ".captions": ("StartCaptions", "StopCaptions"),
            ".moderation": (
                "DisableForceMute",
                "ForceDisconnect",
                "MuteAll",
                "MuteStream",
                "SendSignal",
                "Signal",
            ),
            ".renders": ("GetRender", "ListRenders", "StartRender", "StopRender"),
            ".sessions": ("CreateSession",),
            ".sip": ("Dial", "PlayDtmf", "SipAuth", "SipOptions"),
            ".streams": ("GetStream", "ListStreams", "SetStreamClassLists", "StreamClassList"),
        },
    )

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
