"""Experience Composer renders, the Audio Connector and Live Captions
(spec/service.md#experience-composer, #audio-connector, #live-captions).

Each joins the session as a participant: a render publishes its composed stream once it has
started, an audio connection subscribes, captions listen. Stopping one disconnects it.
"""

from __future__ import annotations

import json

from opentok_core import Response
from opentok_core import operations as ops

from . import _rules as rules
from ._archives import page
from ._common import RESOLUTIONS, find_session, join, leave, publish
from ._context import Ctx, handles
from ._media import AudioConnection, Captions, Render
from ._sip import token_claims
from ._wire import (
    Reject,
    empty,
    get_bool,
    get_choice,
    get_int,
    get_obj,
    get_str,
    get_str_list,
    json_reply,
)

__all__: list[str] = []

LANGUAGES = (
    "en-US",
    "en-AU",
    "en-GB",
    "zh-CN",
    "fr-FR",
    "fr-CA",
    "de-DE",
    "hi-IN",
    "it-IT",
    "ja-JP",
    "ko-KR",
    "pt-BR",
    "th-TH",
)
MAX_WEBSOCKET_HEADERS = 512
AUDIO_RATES = (8000, 16000, 24000)
#: The keys of ``websocket.audioTransport`` as @vonage/video and the .NET SDKs send them
#: (spec/service.md#audio-transport).
TRANSPORT_KEYS = ("transport", "encoding", "audio_field", "receive_audio_field", "static_fields")


# Renders -----------------------------------------------------------------------------------


def _render(ctx: Ctx) -> Render:
    render = ctx.proj.renders.get(ctx.params["renderId"])
    if render is None:
        raise Reject(rules.RENDER_NOT_FOUND)
    return render


@handles(ops.StartRender)
def start_render(ctx: Ctx) -> Response:
    body = ctx.body()
    session = find_session(ctx, body.get("sessionId"), missing=400)
    url = get_str(body, "url", required=True, min_len=15, max_len=2048)
    assert url is not None
    max_duration = get_int(body, "maxDuration", lo=60, hi=36_000, default=7200) or 7200
    resolution = get_choice(body, "resolution", RESOLUTIONS, "1280x720") or "1280x720"
    properties = get_obj(body, "properties") or {}
    name = get_str(properties, "name", min_len=1, max_len=200)
    callback_url = get_str(body, "statusCallbackUrl", min_len=15, max_len=2048)
    claims = token_claims(ctx, session, body.get("token"))
    if claims.get("role") not in ("publisher", "moderator", None):
        raise Reject(rules.RENDER_TOKEN_ROLE)
    connection = join(
        ctx, session, role="publisher", data=str(claims.get("connection_data", "")), kind="render"
    )
    render = Render(
        id=ctx.new_id(),
        session_id=session.id,
        project_id=session.project_id,
        url=url,
        resolution=resolution,
        max_duration=max_duration,
        name=name,
        status="starting",
        created_at=ctx.now_ms,
        updated_at=ctx.now_ms,
        connection_id=connection.id,
        callback_url=callback_url,
    )
    ctx.proj.renders[render.id] = render
    ctx.emit("render", render.to_wire(), callback_url)
    project_id, render_id = session.project_id, render.id

    def started(later: Ctx) -> None:
        project = later.emulator.projects.get(project_id)
        current = project.renders.get(render_id) if project else None
        if current is None or current.status != "starting":
            return
        stream = publish(
            later,
            session,
            session.connections[current.connection_id],
            video_type="custom",
            name=current.name or "Experience Composer",
            layout_class_list=[],
        )
        current.status, current.stream_id, current.updated_at = "started", stream.id, later.now_ms
        later.emit("render", current.to_wire(), current.callback_url)

    def time_is_up(later: Ctx) -> None:
        project = later.emulator.projects.get(project_id)
        current = project.renders.get(render_id) if project else None
        if current is not None and current.status in ("starting", "started"):
            _end_render(later, current, "Max Duration Exceeded")

    ctx.schedule(0, started)
    ctx.schedule(max_duration, time_is_up)
    return json_reply(202, render.to_wire())


@handles(ops.GetRender)
def get_render(ctx: Ctx) -> Response:
    return json_reply(200, _render(ctx).to_wire())


def _end_render(ctx: Ctx, render: Render, reason: str) -> None:
    session = ctx.emulator.projects[render.project_id].sessions[render.session_id]
    leave(ctx, session, session.connections[render.connection_id], "clientDisconnected")
    render.status, render.reason, render.updated_at = "stopped", reason, ctx.now_ms
    ctx.emit("render", render.to_wire(), render.callback_url)


@handles(ops.StopRender)
def stop_render(ctx: Ctx) -> Response:
    render = _render(ctx)
    if render.status in ("stopped", "failed"):
        raise Reject(rules.RENDER_STOPPED)
    _end_render(ctx, render, "Stop Requested")
    return empty(204)


@handles(ops.ListRenders)
def list_renders(ctx: Ctx) -> Response:
    return json_reply(200, page(ctx, list(ctx.proj.renders.values())))


# Audio Connector ---------------------------------------------------------------------------


@handles(ops.ConnectAudioToWebsocket)
def connect_audio(ctx: Ctx) -> Response:
    body = ctx.body()
    session = find_session(ctx, body.get("sessionId"), missing=400)
    websocket = get_obj(body, "websocket")
    if websocket is None:
        raise Reject(rules.AUDIO_WEBSOCKET)
    uri = get_str(websocket, "uri", required=True, min_len=1)
    assert uri is not None
    if not uri.startswith(("ws://", "wss://")):
        raise Reject(rules.AUDIO_URI)
    streams = get_str_list(websocket, "streams") or []
    headers = get_obj(websocket, "headers") or {}
    if sum(len(str(k)) + len(str(v)) for k, v in headers.items()) > MAX_WEBSOCKET_HEADERS:
        raise Reject(rules.AUDIO_HEADERS)
    audio_rate = websocket.get("audioRate")
    if audio_rate is not None and (isinstance(audio_rate, bool) or audio_rate not in AUDIO_RATES):
        raise Reject(rules.AUDIO_RATE)
    _audio_transport(websocket.get("audioTransport"))
    bidirectional = bool(get_bool(websocket, "bidirectional", False))
    claims = token_claims(ctx, session, body.get("token"))
    if not session.routed:
        raise Reject(rules.AUDIO_RELAYED)
    live = {s.id for s in session.live_streams()}
    unknown = [s for s in streams if s not in live]
    if unknown:
        raise Reject(rules.AUDIO_STREAM, stream_id=unknown[0])
    connection = join(
        ctx,
        session,
        role=str(claims.get("role", "publisher")),
        data=str(claims.get("connection_data", "")),
        kind="websocket",
    )
    audio = AudioConnection(
        id=ctx.new_id(),
        session_id=session.id,
        connection_id=connection.id,
        uri=uri,
        bidirectional=bidirectional,
        streams=streams,
    )
    ctx.proj.audio[audio.id] = audio
    return json_reply(200, audio.to_wire())


def _audio_transport(value: object) -> None:
    """Check ``websocket.audioTransport``: an object, or the JSON text of one as the official
    Python SDK sends it (spec/service.md#py-audio-transport-as-text)."""
    if value is None:
        return
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise Reject(rules.AUDIO_TRANSPORT, problem="is not JSON") from None
    if not isinstance(value, dict):
        raise Reject(rules.AUDIO_TRANSPORT, problem="must be an object")
    unknown = sorted(set(value) - set(TRANSPORT_KEYS))
    if unknown:
        raise Reject(rules.AUDIO_TRANSPORT, problem=f"has an unknown field {unknown[0]}")
    transport = value.get("transport", "binary")
    if transport not in ("binary", "json"):
        raise Reject(rules.AUDIO_TRANSPORT, problem="transport must be binary or json")
    encoding = value.get("encoding")
    if encoding is not None and encoding != "base64":
        raise Reject(rules.AUDIO_TRANSPORT, problem="encoding must be base64")
    if transport == "json" and encoding is None:
        raise Reject(rules.AUDIO_TRANSPORT, problem="json needs encoding base64")
    for key in ("audio_field", "receive_audio_field"):
        get_str(value, key, min_len=1)
    get_obj(value, "static_fields")


@handles(ops.DisconnectAudioFromWebsocket)
def disconnect_audio(ctx: Ctx) -> Response:
    wanted = ctx.params["connectionId"]
    for audio in ctx.proj.audio.values():
        session = ctx.proj.sessions.get(audio.session_id)
        if audio.connection_id != wanted or session is None:
            continue
        connection = session.connections.get(audio.connection_id)
        if connection is not None and connection.connected:
            leave(ctx, session, connection, "clientDisconnected")
            return empty(200)
    raise Reject(rules.AUDIO_NOT_CONNECTED)


# Live captions -----------------------------------------------------------------------------


@handles(ops.StartCaptions)
def start_captions(ctx: Ctx) -> Response:
    body = ctx.body()
    session = find_session(ctx, body.get("sessionId"), missing=400)
    language = get_choice(body, "languageCode", LANGUAGES, "en-US") or "en-US"
    max_duration = get_int(body, "maxDuration", lo=300, hi=14_400, default=14_400) or 14_400
    partial = bool(get_bool(body, "partialCaptions", True))
    callback_url = get_str(body, "statusCallbackUrl", min_len=15, max_len=2048)
    claims = token_claims(ctx, session, body.get("token"))
    if claims.get("role") != "moderator":
        raise Reject(rules.CAPTIONS_TOKEN_ROLE)
    for other in ctx.proj.captions.values():
        if other.session_id == session.id and other.status == "started":
            raise Reject(rules.CAPTIONS_RUNNING)
    connection = join(ctx, session, role="moderator", data="", kind="captions")
    captions = Captions(
        id=ctx.new_id(),
        session_id=session.id,
        project_id=session.project_id,
        language_code=language,
        max_duration=max_duration,
        partial_captions=partial,
        status="started",
        created_at=ctx.now_ms,
        updated_at=ctx.now_ms,
        connection_id=connection.id,
        callback_url=callback_url,
    )
    ctx.proj.captions[captions.id] = captions
    ctx.emit("captions", captions.to_callback(), callback_url)
    project_id, captions_id = session.project_id, captions.id

    def time_is_up(later: Ctx) -> None:
        project = later.emulator.projects.get(project_id)
        current = project.captions.get(captions_id) if project else None
        if current is not None and current.status == "started":
            _end_captions(later, current, "maxDuration exceeded")

    ctx.schedule(max_duration, time_is_up)
    return json_reply(202, {"captionsId": captions.id})


def _end_captions(ctx: Ctx, captions: Captions, reason: str) -> None:
    session = ctx.emulator.projects[captions.project_id].sessions[captions.session_id]
    leave(ctx, session, session.connections[captions.connection_id], "clientDisconnected")
    captions.status, captions.reason, captions.updated_at = "stopped", reason, ctx.now_ms
    ctx.emit("captions", captions.to_callback(), captions.callback_url)


@handles(ops.GetCaptions)
def get_captions(ctx: Ctx) -> Response:
    captions = ctx.proj.captions.get(ctx.params["captionsId"])
    if captions is None:
        raise Reject(rules.CAPTIONS_NOT_FOUND)
    return json_reply(200, captions.to_wire())


@handles(ops.StopCaptions)
def stop_captions(ctx: Ctx) -> Response:
    captions = ctx.proj.captions.get(ctx.params["captionsId"])
    if captions is None or captions.status != "started":
        raise Reject(rules.CAPTIONS_NOT_RUNNING)
    _end_captions(ctx, captions, "stopped")
    return empty(202)
