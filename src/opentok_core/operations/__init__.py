"""One frozen attrs class per REST call. ``client.send(Op(...))`` runs any of them.

Each class declares its wire facts once, as ``endpoint`` (see ``opentok_core._endpoint``), and
its parameters and their defaults as attrs fields. ``registry()`` lists them all: the spec
generator, the emulator's routing table and the property tests iterate over it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers read; the run-time table below must match it
    from .archives import *  # noqa: F403
    from .audio import *  # noqa: F403
    from .broadcasts import *  # noqa: F403
    from .captions import *  # noqa: F403
    from .moderation import *  # noqa: F403
    from .renders import *  # noqa: F403
    from .sessions import *  # noqa: F403
    from .sip import *  # noqa: F403
    from .streams import *  # noqa: F403

#: Each resource module and the public names it holds; a module loads when one of its names is
#: first used (opentok_core._lazy).
_MODULES: dict[str, tuple[str, ...]] = {
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
    ".audio": (
        "AudioTransport",
        "AudioTransportType",
        "ConnectAudioToWebsocket",
        "DisconnectAudioFromWebsocket",
        "WebSocketOptions",
    ),
    ".broadcasts": (
        "AddBroadcastStream",
        "GetBroadcast",
        "ListBroadcasts",
        "RemoveBroadcastStream",
        "SetBroadcastLayout",
        "StartBroadcast",
        "StopBroadcast",
    ),
    ".captions": ("GetCaptions", "StartCaptions", "StopCaptions"),
    ".moderation": (
        "DisableForceMute",
        "ForceDisconnect",
        "MuteAll",
        "MuteStream",
        "SendSignal",
        "Signal",
    ),
    ".renders": ("GetRender", "ListRenders", "StartRender", "StopRender"),
    ".sessions": ("CreateSession", "ListConnections"),
    ".sip": ("Dial", "PlayDtmf", "SipAuth", "SipOptions"),
    ".streams": (
        "GetStream",
        "ListStreams",
        "SetStreamClassList",
        "SetStreamClassLists",
        "StreamClassList",
    ),
}

if not TYPE_CHECKING:
    from opentok_core._lazy import lazy_exports

    # Exported from opentok_core too: that is their public home (Archive.__module__).
    __getattr__, __dir__ = lazy_exports(__name__, _MODULES, home="opentok_core")


def registry() -> dict[str, Any]:
    """Every operation class, keyed by its ``name`` (``archives.get``), in declaration order.

    It loads every resource module: meant for tools and tests, not for a client's hot path.
    """
    found: dict[str, Any] = {}
    for module, names in _MODULES.items():
        loaded = importlib.import_module(module, __name__)
        for name in names:
            cls = getattr(loaded, name)
            if hasattr(cls, "endpoint"):
                found[cls.name] = cls
    return found


__all__ = sorted(name for names in _MODULES.values() for name in names)
