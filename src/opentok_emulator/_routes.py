"""The routing table: every REST operation the SDK declares, under its name (the
``spec/operations.toml`` key), the service routes no SDK operation calls, and the control API
under ``/_emulator``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from opentok_core import operations as ops

from . import _archives as archives
from . import _broadcasts as broadcasts
from . import _callbacks as callbacks
from . import _composer as composer
from . import _control as control
from . import _moderation as moderation
from . import _sip as sip
from . import _streams as streams
from ._context import Handler, Route
from ._sessions import create_session

__all__ = ["CONTROL_ROUTES", "ROUTES"]


def _body_has(key: str, yes: Any, no: Any) -> Callable[[bytes], str]:
    """Name the operation of a shared route by its body: ``yes`` when ``key`` is set."""

    def namer(body: bytes) -> str:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return str(no.name)
        chosen = yes if isinstance(data, dict) and data.get(key) not in (None, False) else no
        return str(chosen.name)

    return namer


_ARCHIVE_STREAMS = _body_has("addStream", ops.AddArchiveStream, ops.RemoveArchiveStream)
_BROADCAST_STREAMS = _body_has("addStream", ops.AddBroadcastStream, ops.RemoveBroadcastStream)
_MUTE = _body_has("active", ops.MuteAll, ops.DisableForceMute)


def _routes(operation: Any, *handlers: Handler, **options: Any) -> tuple[Route, ...]:
    """The routes of ``operation``: its method and each of its paths (``endpoint``, declared
    once on the SDK's operation class), each path with its own handler, in the same order."""
    endpoint = operation.endpoint
    if len(handlers) != len(endpoint.paths):
        raise ValueError(f"{operation.name}: one handler per path of {endpoint.paths}")
    for other in options.get("also", ()):
        # Two operations on one route (told apart by the body) share method and path.
        shared = (other.endpoint.method, other.endpoint.paths)
        if shared != (endpoint.method, endpoint.paths):
            raise ValueError(f"{other.name} does not share the route of {operation.name}")
    if "also" in options:
        options["also"] = tuple(other.name for other in options["also"])
    return tuple(
        Route(operation.name, endpoint.method, path, handler, project=endpoint.project, **options)
        for path, handler in zip(endpoint.paths, handlers, strict=True)
    )


# Method and path of every route come from the operation's endpoint; what the service does
# there is the emulator's own (the handlers).
ROUTES: tuple[Route, ...] = (
    *_routes(ops.CreateSession, create_session),
    # Archives (spec/service.md#archives)
    *_routes(ops.StartArchive, archives.start),
    *_routes(ops.ListArchives, archives.list_),
    *_routes(ops.GetArchive, archives.get),
    *_routes(ops.DeleteArchive, archives.delete),
    *_routes(ops.StopArchive, archives.stop),
    *_routes(ops.SetArchiveLayout, archives.set_layout),
    *_routes(
        ops.AddArchiveStream,
        archives.streams,
        namer=_ARCHIVE_STREAMS,
        also=(ops.RemoveArchiveStream,),
    ),
    # Broadcasts (spec/service.md#broadcasts)
    *_routes(ops.StartBroadcast, broadcasts.start),
    *_routes(ops.ListBroadcasts, broadcasts.list_),
    *_routes(ops.GetBroadcast, broadcasts.get),
    *_routes(ops.StopBroadcast, broadcasts.stop),
    *_routes(ops.SetBroadcastLayout, broadcasts.set_layout),
    *_routes(
        ops.AddBroadcastStream,
        broadcasts.streams,
        namer=_BROADCAST_STREAMS,
        also=(ops.RemoveBroadcastStream,),
    ),
    # Signals, moderation, streams (spec/service.md#signals-and-moderation)
    *_routes(ops.SendSignal, moderation.signal_one, moderation.signal_all),
    *_routes(ops.ForceDisconnect, moderation.force_disconnect),
    *_routes(ops.MuteStream, moderation.mute_stream),
    *_routes(ops.MuteAll, moderation.mute_all, namer=_MUTE, also=(ops.DisableForceMute,)),
    *_routes(ops.GetStream, streams.get),
    *_routes(ops.ListStreams, streams.list_),
    *_routes(ops.SetStreamClassLists, streams.set_class_lists),
    # SIP and DTMF (spec/service.md#sip-and-dtmf)
    *_routes(ops.Dial, sip.dial),
    *_routes(ops.PlayDtmf, moderation.dtmf_one, moderation.dtmf_all),
    # Experience Composer, Audio Connector, Live Captions
    *_routes(ops.StartRender, composer.start_render),
    *_routes(ops.ListRenders, composer.list_renders),
    *_routes(ops.GetRender, composer.get_render),
    *_routes(ops.StopRender, composer.stop_render),
    *_routes(ops.ConnectAudioToWebsocket, composer.connect_audio),
    *_routes(ops.StartCaptions, composer.start_captions),
    *_routes(ops.StopCaptions, composer.stop_captions),
    # Legacy callback registration: service routes no operation of the SDK calls (only the
    # Node SDK does), so they are declared here.
    Route("callbacks.register", "POST", "/callback", callbacks.register),
    Route("callbacks.list", "GET", "/callback", callbacks.list_),
    Route("callbacks.unregister", "DELETE", "/callback/{callbackId}", callbacks.unregister),
)

S = "/sessions/{sessionId}"
C = S + "/connections/{connectionId}"

CONTROL_ROUTES: tuple[Route, ...] = (
    Route("info", "GET", "/", control.info, project=False),
    Route("reset", "POST", "/reset", control.reset, project=False),
    Route("add_project", "POST", "/projects", control.add_project, project=False),
    Route("add_application", "POST", "/applications", control.add_application, project=False),
    Route("set_callback", "PUT", "/callback", control.set_callback, project=False),
    Route("callbacks", "GET", "/callbacks", control.callbacks, project=False),
    Route("session", "GET", S, control.session_state, project=False),
    Route("connect", "POST", S + "/connections", control.connect, project=False),
    Route("connection", "GET", C, control.connection_state, project=False),
    Route("disconnect", "DELETE", C, control.disconnect, project=False),
    Route("publish", "POST", C + "/streams", control.publish_stream, project=False),
    Route(
        "unpublish", "DELETE", S + "/streams/{streamId}", control.unpublish_stream, project=False
    ),
    Route("add_fault", "POST", "/faults", control.add_fault, project=False),
    Route("faults", "GET", "/faults", control.list_faults, project=False),
    Route("clear_faults", "DELETE", "/faults", control.clear_faults, project=False),
)
