"""The routing table: every REST operation of the reference, named by its
``spec/operations.toml`` key, and the control API under ``/_emulator``."""

from __future__ import annotations

import json

from . import _archives as archives
from . import _broadcasts as broadcasts
from . import _callbacks as callbacks
from . import _composer as composer
from . import _control as control
from . import _moderation as moderation
from . import _sip as sip
from . import _streams as streams
from ._core import Route
from ._sessions import create_session

__all__ = ["CONTROL_ROUTES", "ROUTES"]


def _body_has(key: str, yes: str, no: str) -> object:
    def namer(body: bytes) -> str:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return no
        return yes if isinstance(data, dict) and data.get(key) not in (None, False) else no

    return namer


_ARCHIVE_STREAMS = _body_has("addStream", "archives.add_stream", "archives.remove_stream")
_BROADCAST_STREAMS = _body_has("addStream", "broadcasts.add_stream", "broadcasts.remove_stream")
_MUTE = _body_has("active", "streams.mute_all", "streams.disable_force_mute")

ROUTES: tuple[Route, ...] = (
    Route("sessions.create", "POST", "/session/create", create_session, project=False),
    # Archives (spec/service.md#archives)
    Route("archives.start", "POST", "/archive", archives.start),
    Route("archives.list", "GET", "/archive", archives.list_),
    Route("archives.get", "GET", "/archive/{archiveId}", archives.get),
    Route("archives.delete", "DELETE", "/archive/{archiveId}", archives.delete),
    Route("archives.stop", "POST", "/archive/{archiveId}/stop", archives.stop),
    Route("archives.set_layout", "PUT", "/archive/{archiveId}/layout", archives.set_layout),
    Route(
        "archives.add_stream",
        "PATCH",
        "/archive/{archiveId}/streams",
        archives.streams,
        namer=_ARCHIVE_STREAMS,  # type: ignore[arg-type]
        also=("archives.remove_stream",),
    ),
    # Broadcasts (spec/service.md#broadcasts)
    Route("broadcasts.start", "POST", "/broadcast", broadcasts.start),
    Route("broadcasts.list", "GET", "/broadcast", broadcasts.list_),
    Route("broadcasts.get", "GET", "/broadcast/{broadcastId}", broadcasts.get),
    Route("broadcasts.stop", "POST", "/broadcast/{broadcastId}/stop", broadcasts.stop),
    Route("broadcasts.set_layout", "PUT", "/broadcast/{broadcastId}/layout", broadcasts.set_layout),
    Route(
        "broadcasts.add_stream",
        "PATCH",
        "/broadcast/{broadcastId}/streams",
        broadcasts.streams,
        namer=_BROADCAST_STREAMS,  # type: ignore[arg-type]
        also=("broadcasts.remove_stream",),
    ),
    # Signals, moderation, streams (spec/service.md#signals-and-moderation, #streams)
    Route("signals.send", "POST", "/session/{sessionId}/signal", moderation.signal_all),
    Route(
        "signals.send",
        "POST",
        "/session/{sessionId}/connection/{connectionId}/signal",
        moderation.signal_one,
    ),
    Route(
        "connections.force_disconnect",
        "DELETE",
        "/session/{sessionId}/connection/{connectionId}",
        moderation.force_disconnect,
    ),
    Route(
        "streams.mute",
        "POST",
        "/session/{sessionId}/stream/{streamId}/mute",
        moderation.mute_stream,
    ),
    Route(
        "streams.mute_all",
        "POST",
        "/session/{sessionId}/mute",
        moderation.mute_all,
        namer=_MUTE,  # type: ignore[arg-type]
        also=("streams.disable_force_mute",),
    ),
    Route("streams.get", "GET", "/session/{sessionId}/stream/{streamId}", streams.get),
    Route("streams.list", "GET", "/session/{sessionId}/stream", streams.list_),
    Route("streams.set_class_lists", "PUT", "/session/{sessionId}/stream", streams.set_class_lists),
    # SIP and DTMF (spec/service.md#sip-and-dtmf)
    Route("sip.dial", "POST", "/dial", sip.dial),
    Route("sip.play_dtmf", "POST", "/session/{sessionId}/play-dtmf", moderation.dtmf_all),
    Route(
        "sip.play_dtmf",
        "POST",
        "/session/{sessionId}/connection/{connectionId}/play-dtmf",
        moderation.dtmf_one,
    ),
    # Experience Composer, Audio Connector, Live Captions
    # (spec/service.md#experience-composer, #audio-connector, #live-captions)
    Route("renders.start", "POST", "/render", composer.start_render),
    Route("renders.list", "GET", "/render", composer.list_renders),
    Route("renders.get", "GET", "/render/{renderId}", composer.get_render),
    Route("renders.stop", "DELETE", "/render/{renderId}", composer.stop_render),
    Route("audio_connector.connect", "POST", "/connect", composer.connect_audio),
    Route("captions.start", "POST", "/captions", composer.start_captions),
    Route("captions.stop", "POST", "/captions/{captionsId}/stop", composer.stop_captions),
    # Legacy callback registration, node only (spec/service.md#callback-registration)
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
