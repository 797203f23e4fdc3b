"""Legacy callback registration (spec/service.md#callback-registration): ``POST /callback``
``{group, event, url}``, ``GET /callback``, ``DELETE /callback/{callbackId}``. Registered URLs
receive the matching events (``connection``/``stream`` ``created``/``destroyed``, ``archive``
``status``, ...) besides the emulator-wide callback URL."""

from __future__ import annotations

from opentok_core import Response

from . import _rules as rules
from ._context import Ctx
from ._wire import Reject, Wire, empty, json_reply, req_str

__all__: list[str] = []

GROUPS = ("archive", "broadcast", "captions", "connection", "render", "session", "stream")


def register(ctx: Ctx) -> Response:
    body = ctx.body()
    group = req_str(body, "group", min_len=1)
    if group not in GROUPS:
        raise Reject(rules.CALLBACK_GROUP, groups=", ".join(GROUPS))
    event = req_str(body, "event", min_len=1, max_len=64).lower()
    url = req_str(body, "url", min_len=1, max_len=2048)
    if not url.startswith(("http://", "https://")):
        raise Reject(rules.CALLBACK_URL)
    registration_id = ctx.new_id()
    registration: Wire = {
        "id": registration_id,
        "group": group,
        "event": event,
        "url": url,
        "createdAt": ctx.now_ms,
    }
    ctx.proj.registrations[registration_id] = registration
    return json_reply(200, registration)


def list_(ctx: Ctx) -> Response:
    return json_reply(200, list(ctx.proj.registrations.values()))


def unregister(ctx: Ctx) -> Response:
    if ctx.proj.registrations.pop(ctx.params["callbackId"], None) is None:
        raise Reject(rules.CALLBACK_NOT_FOUND)
    return empty(204)
