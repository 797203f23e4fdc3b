"""Archives (spec/service.md#archives): start -> stop -> available -> deleted, with the service's
400, 404, 405 and 409 answers for wrong transitions, layouts and manual stream selection."""

from __future__ import annotations

from typing import Any

from opentok_core import Response
from opentok_core import operations as ops

from . import _rules as rules
from ._archive_lifecycle import archive_event as _event
from ._archive_lifecycle import finish_archive, new_archive
from ._common import RESOLUTIONS, find_session, read_layout
from ._context import Ctx, handles
from ._media import Archive, Broadcast
from ._wire import (
    Reject,
    Wire,
    empty,
    get_bool,
    get_choice,
    get_int,
    get_obj,
    get_str,
    json_reply,
    query_int,
    req_str,
)

__all__ = ["patch_streams"]


def _find(ctx: Ctx) -> Archive:
    archive = ctx.proj.archives.get(ctx.params["archiveId"])
    if archive is None:
        raise Reject(rules.ARCHIVE_NOT_FOUND)
    return archive


@handles(ops.StartArchive)
def start(ctx: Ctx) -> Response:
    body = ctx.body()
    session = find_session(ctx, body.get("sessionId"))
    name = get_str(body, "name", max_len=1000)
    has_audio = get_bool(body, "hasAudio", True)
    has_video = get_bool(body, "hasVideo", True)
    if not has_audio and not has_video:
        raise Reject(rules.ARCHIVE_NO_MEDIA)
    output_mode = get_choice(body, "outputMode", ("composed", "individual"), "composed")
    resolution = get_choice(body, "resolution", RESOLUTIONS)
    if resolution is not None and output_mode == "individual":
        raise Reject(rules.ARCHIVE_RESOLUTION_INDIVIDUAL)
    qp = get_int(body, "quantizationParameter", lo=15, hi=40)
    if qp is not None and output_mode == "individual":
        raise Reject(rules.ARCHIVE_QP_INDIVIDUAL)
    layout = read_layout(body.get("layout"), required=False)
    stream_mode = get_choice(body, "streamMode", ("auto", "manual"), "auto")
    tag = get_str(body, "multiArchiveTag", max_len=200) or None
    bitrate = get_int(body, "maxBitrate", lo=100_000, hi=6_000_000)
    has_transcription = bool(get_bool(body, "hasTranscription", False))
    transcription = get_obj(body, "transcriptionProperties")
    if not session.routed:
        raise Reject(rules.ARCHIVE_RELAYED)
    if not session.connections:
        raise Reject(rules.ARCHIVE_NEVER_JOINED)
    if not session.connected():
        raise Reject(rules.ARCHIVE_NO_CLIENTS)
    for other in ctx.proj.archives.values():
        if other.session_id != session.id or not other.active:
            continue
        if tag is None:
            raise Reject(rules.ARCHIVE_RECORDING)
        if other.multi_archive_tag == tag:
            raise Reject(rules.ARCHIVE_TAG_CLASH, tag=tag)
    archive = new_archive(
        ctx,
        session,
        name=name,
        output_mode=output_mode,
        stream_mode=stream_mode,
        resolution=(resolution or "640x480") if output_mode == "composed" else None,
        has_audio=has_audio,
        has_video=has_video,
        layout=layout,
        multi_archive_tag=tag,
        max_bitrate=bitrate,
        quantization_parameter=qp,
        has_transcription=has_transcription,
        transcription_properties=transcription,
    )
    return json_reply(200, archive.to_wire())


@handles(ops.StopArchive)
def stop(ctx: Ctx) -> Response:
    archive = _find(ctx)
    if archive.status == "stopped":
        return json_reply(200, archive.to_wire())
    if not archive.active:
        raise Reject(rules.ARCHIVE_STOP_STATE)
    finish_archive(ctx, archive, "user initiated")
    return json_reply(200, archive.to_wire())


@handles(ops.GetArchive)
def get(ctx: Ctx) -> Response:
    return json_reply(200, _find(ctx).to_wire())


def page(ctx: Ctx, items: list[Any]) -> Wire:
    """``{count, items}`` for ``offset``/``count`` (at most 1000), newest first."""
    offset = query_int(ctx.query, "offset", default=0, lo=0, hi=10**9)
    count = query_int(ctx.query, "count", default=50, lo=1, hi=1000)
    items = sorted(items, key=lambda item: item.created_at, reverse=True)
    return {"count": len(items), "items": [i.to_wire() for i in items[offset : offset + count]]}


@handles(ops.ListArchives)
def list_(ctx: Ctx) -> Response:
    wanted = ctx.query.get("sessionId")
    items = [a for a in ctx.proj.archives.values() if wanted in (None, "", a.session_id)]
    return json_reply(200, page(ctx, items))


@handles(ops.DeleteArchive)
def delete(ctx: Ctx) -> Response:
    archive = _find(ctx)
    if archive.status not in ("available", "uploaded", "deleted"):
        raise Reject(rules.ARCHIVE_DELETE_STATE)
    if archive.status != "deleted":
        archive.status, archive.url, archive.updated_at = "deleted", None, ctx.now_ms
        _event(ctx, archive)
    return empty(204)


@handles(ops.SetArchiveLayout)
def set_layout(ctx: Ctx) -> Response:
    archive = _find(ctx)
    layout = read_layout(ctx.body())
    if archive.output_mode != "composed":
        raise Reject(rules.ARCHIVE_LAYOUT_COMPOSED)
    if not archive.active:
        raise Reject(rules.ARCHIVE_LAYOUT_STATE, status=archive.status)
    archive.layout, archive.updated_at = layout, ctx.now_ms
    return json_reply(200, archive.to_wire())


def patch_streams(ctx: Ctx, resource: Archive | Broadcast) -> Response:
    """``PATCH .../streams``: ``{addStream, hasAudio?, hasVideo?}`` or ``{removeStream}``."""
    body = ctx.body()
    add, remove = body.get("addStream"), body.get("removeStream")
    if (add is None) == (remove is None):
        raise Reject(rules.SELECT_ONE_OF)
    stream_id = req_str(body, "addStream" if add is not None else "removeStream", min_len=1)
    has_audio = get_bool(body, "hasAudio", True)
    has_video = get_bool(body, "hasVideo", True)
    if resource.stream_mode != "manual":
        raise Reject(rules.SELECT_AUTO)
    if not resource.active:
        raise Reject(rules.SELECT_STATE, status=resource.status)
    session = ctx.proj.sessions[resource.session_id]
    selected = {s["streamId"]: s for s in resource.streams}
    if add is not None:
        stream = session.streams.get(stream_id)
        if stream is None or not stream.active:
            raise Reject(rules.SELECT_STREAM_UNKNOWN)
        entry = {"streamId": stream_id, "hasAudio": has_audio, "hasVideo": has_video}
        if stream_id in selected:
            selected[stream_id].update(entry)
        else:
            resource.streams.append(entry)
    else:
        if stream_id not in selected:
            raise Reject(rules.SELECT_NOT_SELECTED)
        resource.streams.remove(selected[stream_id])
    resource.updated_at = ctx.now_ms
    return empty(204)


@handles(ops.AddArchiveStream, also=ops.RemoveArchiveStream, when="addStream")
def streams(ctx: Ctx) -> Response:
    return patch_streams(ctx, _find(ctx))
