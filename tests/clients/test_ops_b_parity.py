"""Client and AsyncClient run each signaling, moderation, stream, SIP, render, audio and
captions method identically over the same fake transport: same request on the wire (minus the
auth JWT), same result, same error."""

from __future__ import annotations

from typing import Any

import pytest

from opentok_async import AsyncClient
from opentok_core import NO_RETRY, ApiError, Response, Signal, SipOptions, WebSocketOptions
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET, fixture_body
from tests.fakes import FakeTransport, fixed_runtime
from tests.wire import wire

SID = "1_MX4xMjM0NTZ-fg"
TOKEN = "T1==token"

# (facade method, positional args, keyword args, spec operation name, success status)
CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any], str, int]] = [
    ("send_signal", (SID, {"type": "chat", "data": "hi"}), {}, "signals.send", 204),
    ("send_signal", (SID, Signal(data="hi"), "conn-1"), {}, "signals.send", 204),
    ("force_disconnect", (SID, "conn-1"), {}, "connections.force_disconnect", 204),
    ("mute_stream", (SID, "stream-1"), {}, "streams.mute", 200),
    ("mute_all", (SID, ["stream-1"]), {}, "streams.mute_all", 200),
    ("disable_force_mute", (SID,), {}, "streams.disable_force_mute", 200),
    ("get_stream", (SID, "stream-1"), {}, "streams.get", 200),
    ("list_streams", (SID,), {}, "streams.list", 200),
    (
        "set_stream_class_lists",
        (SID, [{"id": "stream-1", "layoutClassList": ["full"]}]),
        {},
        "streams.set_class_lists",
        200,
    ),
    ("dial", (SID, TOKEN, "sip:a@b.c", {"from": "x@y.z"}), {}, "sip.dial", 200),
    ("dial", (SID, TOKEN, "sip:a@b.c"), {"options": SipOptions(video=True)}, "sip.dial", 200),
    ("play_dtmf", (SID, "12#"), {"connection_id": "conn-1"}, "sip.play_dtmf", 200),
    (
        "start_render",
        (SID, TOKEN, "https://example.com/composer", 600, "640x480", {"name": "n"}),
        {},
        "renders.start",
        202,
    ),
    ("get_render", ("render-1",), {}, "renders.get", 200),
    ("stop_render", ("render-1",), {}, "renders.stop", 204),
    (
        "connect_audio_to_websocket",
        (SID, TOKEN, {"uri": "wss://example.com/ws", "audioRate": 8000}),
        {},
        "audio_connector.connect",
        200,
    ),
    (
        "connect_audio_to_websocket",
        (SID, TOKEN, WebSocketOptions(uri="wss://example.com/ws")),
        {},
        "audio_connector.connect",
        200,
    ),
    ("start_captions", (SID, TOKEN, "fr-FR", 600, False), {}, "captions.start", 202),
    ("stop_captions", ("captions-1",), {}, "captions.stop", 202),
]


def _clients(response: Response) -> tuple[Client, AsyncClient, FakeTransport, FakeTransport]:
    sync_t, async_t = FakeTransport(lambda r: response), FakeTransport(lambda r: response)
    kwargs: dict[str, Any] = {"retry": NO_RETRY, "runtime": fixed_runtime()}
    sync = Client(
        API_KEY, API_SECRET, api_url="https://api.example.test", transport=sync_t, **kwargs
    )
    asyn = AsyncClient(
        API_KEY, API_SECRET, api_url="https://api.example.test", transport=async_t, **kwargs
    )
    return sync, asyn, sync_t, async_t


def _outcome(call: Any) -> Any:
    try:
        return ("ok", call())
    except ApiError as exc:
        return ("error", type(exc), exc.status, exc.code, str(exc))


async def _aoutcome(call: Any) -> Any:
    try:
        return ("ok", await call())
    except ApiError as exc:
        return ("error", type(exc), exc.status, exc.code, str(exc))


@pytest.mark.anyio
@pytest.mark.parametrize(("method", "args", "kwargs", "op", "success"), CALLS)
@pytest.mark.parametrize("outcome", ["success", "error"])
async def test_sync_and_async_agree_on_wire_result_and_error(
    method: str, args: tuple[Any, ...], kwargs: dict[str, Any], op: str, success: int, outcome: str
) -> None:
    if outcome == "success":
        response = Response(
            success, {"content-type": "application/json"}, fixture_body(op, success) or b""
        )
    else:
        response = Response(
            404,
            {"content-type": "application/json"},
            fixture_body(op, 404) or b'{"code":-1,"message":"nope"}',
        )
    sync, asyn, sync_t, async_t = _clients(response)
    got_sync = _outcome(lambda: getattr(sync, method)(*args, **kwargs))
    got_async = await _aoutcome(lambda: getattr(asyn, method)(*args, **kwargs))
    assert got_sync == got_async
    if outcome == "success":
        assert got_sync[0] == "ok"
    else:
        assert got_sync[0] == "error" and got_sync[2] == 404 and op in got_sync[4]
    assert len(sync_t.requests) == len(async_t.requests) == 1
    assert wire(sync_t.requests[0]) == wire(async_t.requests[0])
    assert sync_t.requests[0].header("x-opentok-auth")
