"""Stream information and layout classes (spec/service.md#streams)."""

from __future__ import annotations

from opentok_core import Response
from opentok_core import operations as ops

from . import _rules as rules
from ._common import find_session
from ._context import Ctx, handles
from ._wire import Reject, json_reply

__all__: list[str] = []


@handles(ops.GetStream)
def get(ctx: Ctx) -> Response:
    session = find_session(ctx, ctx.params["sessionId"])
    stream = session.streams.get(ctx.params["streamId"])
    if stream is None or not stream.active:
        raise Reject(rules.STREAM_NOT_FOUND)
    return json_reply(200, stream.to_wire())


@handles(ops.ListStreams)
def list_(ctx: Ctx) -> Response:
    session = find_session(ctx, ctx.params["sessionId"])
    items = [s.to_wire() for s in session.live_streams()]
    return json_reply(200, {"count": len(items), "items": items})


@handles(ops.SetStreamClassList)
def set_class_list(ctx: Ctx) -> Response:
    """One stream's classes: 200 with the stream (spec/service.md#one-streams-layout-classes)."""
    session = find_session(ctx, ctx.params["sessionId"])
    classes = ctx.body().get("layoutClassList")
    if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
        raise Reject(rules.LAYOUT_CLASS_LIST)
    stream = session.streams.get(ctx.params["streamId"])
    if stream is None or not stream.active:
        raise Reject(rules.STREAM_NOT_FOUND)
    stream.layout_class_list = list(classes)
    return json_reply(200, stream.to_wire())


@handles(ops.SetStreamClassLists)
def set_class_lists(ctx: Ctx) -> Response:
    session = find_session(ctx, ctx.params["sessionId"])
    items = ctx.body().get("items")
    if not isinstance(items, list) or not items:
        raise Reject(rules.CLASS_ITEMS)
    changes: list[tuple[str, list[str]]] = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise Reject(rules.CLASS_ITEM_ID)
        classes = item.get("layoutClassList")
        if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
            raise Reject(rules.LAYOUT_CLASS_LIST)
        stream = session.streams.get(item["id"])
        if stream is None or not stream.active:
            raise Reject(rules.STREAM_NOT_FOUND_ID, stream_id=item["id"])
        changes.append((stream.id, list(classes)))
    for stream_id, classes in changes:
        session.streams[stream_id].layout_class_list = classes
    updated = [session.streams[stream_id].to_wire() for stream_id, _ in changes]
    return json_reply(200, {"count": len(updated), "items": updated})
