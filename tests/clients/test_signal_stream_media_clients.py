"""Client and AsyncClient run each signaling, moderation, stream, SIP, render, audio and
captions method identically over the same fake transport: same request on the wire (minus the
auth JWT), same result, same error."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from opentok_async import AsyncClient
from opentok_core import (
    NO_RETRY,
    ApiError,
    Render,
    Request,
    Response,
    Signal,
    SipOptions,
    ValidationError,
    WebSocketOptions,
)
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
    ("play_dtmf", (SID, "conn-1", "12#"), {}, "sip.play_dtmf", 200),
    ("play_dtmf", (SID, None, "12#"), {}, "sip.play_dtmf", 200),
    (
        "start_render",
        (SID, TOKEN, "https://example.com/composer", 600, "640x480", {"name": "n"}),
        {},
        "renders.start",
        202,
    ),
    ("get_render", ("render-1",), {}, "renders.get", 200),
    ("stop_render", ("render-1",), {}, "renders.stop", 204),
    ("list_renders", (), {"offset": 5, "count": 2}, "renders.list", 200),
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


def _clients(response: Any) -> tuple[Client, AsyncClient, FakeTransport, FakeTransport]:
    handler = response if callable(response) else (lambda r: response)
    sync_t, async_t = FakeTransport(handler), FakeTransport(handler)
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


def _renders(total: int) -> Any:
    def handler(request: Request) -> Response:
        query = parse_qs(urlsplit(request.url).query)
        offset, count = int(query["offset"][0]), int(query["count"][0])
        items = [
            {"id": f"render-{i}", "status": "started"}
            for i in range(offset, min(total, offset + count))
        ]
        return Response(200, {}, json.dumps({"count": total, "items": items}).encode())

    return handler


def _pages(fake: FakeTransport) -> list[tuple[str, str]]:
    return [
        (parse_qs(urlsplit(r.url).query)["offset"][0], parse_qs(urlsplit(r.url).query)["count"][0])
        for r in fake.requests
    ]


@pytest.mark.anyio
async def test_iter_renders_walks_every_page_lazily_on_both_clients() -> None:
    sync, asyn, sync_fake, async_fake = _clients(_renders(5))
    iterator = sync.iter_renders(page_size=2)
    assert sync_fake.requests == []
    first = next(iterator)
    assert isinstance(first, Render) and len(sync_fake.requests) == 1
    got_sync = [first.id, *(r.id for r in iterator)]
    got_async = [r.id async for r in asyn.iter_renders(page_size=2)]
    assert got_sync == got_async == [f"render-{i}" for i in range(5)]
    assert _pages(sync_fake) == _pages(async_fake) == [("0", "2"), ("2", "2"), ("4", "2")]


def test_iter_renders_refuses_a_bad_page_size_before_any_request() -> None:
    sync, _, fake, _ = _clients(_renders(3))
    with pytest.raises(ValidationError):
        next(sync.iter_renders(page_size=1001))
    assert fake.requests == []
