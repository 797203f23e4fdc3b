"""Live-streaming broadcasts (spec/service.md#broadcasts): routed sessions only, one per session
unless each has a distinct ``multiBroadcastTag``; HLS goes live shortly after the start."""

from __future__ import annotations

from opentok_core import Response
from opentok_core import operations as ops

from . import _rules as rules
from ._archives import page, patch_streams
from ._common import RESOLUTIONS, find_session, read_layout
from ._context import Ctx, handles
from ._media import Broadcast
from ._wire import (
    Reject,
    Wire,
    get_bool,
    get_choice,
    get_int,
    get_obj,
    get_str,
    json_reply,
)

__all__: list[str] = []

MAX_RTMP = 5


def _find(ctx: Ctx) -> Broadcast:
    broadcast = ctx.proj.broadcasts.get(ctx.params["broadcastId"])
    if broadcast is None:
        raise Reject(rules.BROADCAST_NOT_FOUND)
    return broadcast


def _outputs(body: Wire) -> tuple[Wire | None, list[Wire]]:
    outputs = get_obj(body, "outputs")
    if not outputs or ("hls" not in outputs and "rtmp" not in outputs):
        raise Reject(rules.BROADCAST_OUTPUTS)
    hls: Wire | None = None
    if outputs.get("hls") is not None:
        raw = get_obj(outputs, "hls") or {}
        dvr = bool(get_bool(raw, "dvr", False))
        low_latency = bool(get_bool(raw, "lowLatency", False))
        if dvr and low_latency:
            raise Reject(rules.BROADCAST_HLS)
        hls = {"dvr": dvr, "lowLatency": low_latency}
    rtmp_in = outputs.get("rtmp") or []
    if not isinstance(rtmp_in, list):
        raise Reject(rules.BROADCAST_RTMP_LIST)
    if len(rtmp_in) > MAX_RTMP:
        raise Reject(rules.BROADCAST_RTMP_COUNT, limit=MAX_RTMP)
    rtmp: list[Wire] = []
    for item in rtmp_in:
        if not isinstance(item, dict):
            raise Reject(rules.BROADCAST_RTMP_ITEM)
        entry: Wire = {
            "serverUrl": get_str(item, "serverUrl", required=True, min_len=1),
            "streamName": get_str(item, "streamName", required=True, min_len=1),
            "status": "connecting",
        }
        rtmp_id = get_str(item, "id")
        if rtmp_id is not None:
            entry = {"id": rtmp_id, **entry}
        rtmp.append(entry)
    return hls, rtmp


@handles(ops.StartBroadcast)
def start(ctx: Ctx) -> Response:
    body = ctx.body()
    session = find_session(ctx, body.get("sessionId"))
    hls, rtmp = _outputs(body)
    layout = read_layout(body.get("layout"), required=False)
    max_duration = get_int(body, "maxDuration", lo=60, hi=36_000, default=14_400) or 14_400
    bitrate = get_int(body, "maxBitrate", lo=100_000, hi=6_000_000)
    resolution = get_choice(body, "resolution", RESOLUTIONS, "640x480") or "640x480"
    stream_mode = get_choice(body, "streamMode", ("auto", "manual"), "auto") or "auto"
    tag = get_str(body, "multiBroadcastTag", max_len=200) or None
    has_audio = bool(get_bool(body, "hasAudio", True))
    has_video = bool(get_bool(body, "hasVideo", True))
    if not session.routed:
        raise Reject(rules.BROADCAST_RELAYED)
    for other in ctx.proj.broadcasts.values():
        if other.session_id != session.id or not other.active:
            continue
        if tag is None or other.multi_broadcast_tag == tag:
            raise Reject(rules.BROADCAST_RUNNING)
    broadcast = Broadcast(
        id=ctx.new_id(),
        session_id=session.id,
        project_id=session.project_id,
        status="started",
        created_at=ctx.now_ms,
        updated_at=ctx.now_ms,
        resolution=resolution,
        max_duration=max_duration,
        max_bitrate=bitrate,
        stream_mode=stream_mode,
        has_audio=has_audio,
        has_video=has_video,
        layout=layout,
        multi_broadcast_tag=tag,
        hls=hls,
        rtmp=rtmp,
    )
    ctx.proj.broadcasts[broadcast.id] = broadcast
    ctx.emit("broadcast", broadcast.to_wire())
    project_id, broadcast_id = broadcast.project_id, broadcast.id

    def go_live(later: Ctx) -> None:
        project = later.emulator.projects.get(project_id)
        current = project.broadcasts.get(broadcast_id) if project else None
        if current is None or not current.active:
            return
        current.hls_status = "live"
        for entry in current.rtmp:
            entry["status"] = "live"
        current.updated_at = later.now_ms

    def time_is_up(later: Ctx) -> None:
        project = later.emulator.projects.get(project_id)
        current = project.broadcasts.get(broadcast_id) if project else None
        if current is not None and current.active:
            _end(later, current)

    ctx.schedule(0, go_live)
    ctx.schedule(max_duration, time_is_up)
    return json_reply(200, broadcast.to_wire())


def _end(ctx: Ctx, broadcast: Broadcast) -> None:
    broadcast.status, broadcast.hls_status, broadcast.updated_at = "stopped", "ended", ctx.now_ms
    for entry in broadcast.rtmp:
        entry["status"] = "offline"
    ctx.emit("broadcast", broadcast.to_wire())


@handles(ops.StopBroadcast)
def stop(ctx: Ctx) -> Response:
    broadcast = _find(ctx)
    if not broadcast.active:
        raise Reject(rules.BROADCAST_STOPPED)
    _end(ctx, broadcast)
    return json_reply(200, broadcast.to_wire())


@handles(ops.GetBroadcast)
def get(ctx: Ctx) -> Response:
    return json_reply(200, _find(ctx).to_wire())


@handles(ops.ListBroadcasts)
def list_(ctx: Ctx) -> Response:
    wanted = ctx.query.get("sessionId")
    items = [b for b in ctx.proj.broadcasts.values() if wanted in (None, "", b.session_id)]
    return json_reply(200, page(ctx, items))


@handles(ops.SetBroadcastLayout)
def set_layout(ctx: Ctx) -> Response:
    broadcast = _find(ctx)
    layout = read_layout(ctx.body())
    if not broadcast.active:
        raise Reject(rules.BROADCAST_STATE)
    broadcast.layout, broadcast.updated_at = layout, ctx.now_ms
    return json_reply(200, broadcast.to_wire())


@handles(ops.AddBroadcastStream, also=ops.RemoveBroadcastStream, when="addStream")
def streams(ctx: Ctx) -> Response:
    return patch_streams(ctx, _find(ctx))
