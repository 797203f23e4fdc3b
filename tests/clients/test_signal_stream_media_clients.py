"""Signaling, moderation, stream, SIP, render, audio and captions facade methods on both
clients: the calls whose sync/async parity (same request on the wire, same result, same error
over one fake) test_client_parity.py checks; iter_renders walks every page lazily."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from opentok_core import (
    Render,
    Request,
    Response,
    Signal,
    SipOptions,
    ValidationError,
    WebSocketOptions,
)
from tests.clients.helpers import FacadeCall, clients
from tests.fakes import FakeTransport

SID = "1_MX4xMjM0NTZ-fg"
TOKEN = "T1==token"

# Facade calls with hand-chosen arguments, run on both clients by test_client_parity.py.
CALLS: list[FacadeCall] = [
    ("send_signal", (SID, {"type": "chat", "data": "hi"}), {}, "signals.send"),
    ("send_signal", (SID, Signal(data="hi"), "conn-1"), {}, "signals.send"),
    ("force_disconnect", (SID, "conn-1"), {}, "connections.force_disconnect"),
    ("mute_stream", (SID, "stream-1"), {}, "streams.mute"),
    ("mute_all", (SID, ["stream-1"]), {}, "streams.mute_all"),
    ("disable_force_mute", (SID,), {}, "streams.disable_force_mute"),
    ("get_stream", (SID, "stream-1"), {}, "streams.get"),
    ("list_streams", (SID,), {}, "streams.list"),
    (
        "set_stream_class_lists",
        (SID, [{"id": "stream-1", "layoutClassList": ["full"]}]),
        {},
        "streams.set_class_lists",
    ),
    ("dial", (SID, TOKEN, "sip:a@b.c", {"from": "x@y.z"}), {}, "sip.dial"),
    ("dial", (SID, TOKEN, "sip:a@b.c"), {"options": SipOptions(video=True)}, "sip.dial"),
    ("play_dtmf", (SID, "conn-1", "12#"), {}, "sip.play_dtmf"),
    ("play_dtmf", (SID, None, "12#"), {}, "sip.play_dtmf"),
    (
        "start_render",
        (SID, TOKEN, "https://example.com/composer", 600, "640x480", {"name": "n"}),
        {},
        "renders.start",
    ),
    ("get_render", ("render-1",), {}, "renders.get"),
    ("stop_render", ("render-1",), {}, "renders.stop"),
    ("list_renders", (), {"offset": 5, "count": 2}, "renders.list"),
    (
        "connect_audio_to_websocket",
        (SID, TOKEN, {"uri": "wss://example.com/ws", "audioRate": 8000}),
        {},
        "audio_connector.connect",
    ),
    (
        "connect_audio_to_websocket",
        (SID, TOKEN, WebSocketOptions(uri="wss://example.com/ws")),
        {},
        "audio_connector.connect",
    ),
    (
        "connect_audio_to_websocket",
        (
            SID,
            TOKEN,
            {
                "uri": "wss://example.com/ws",
                "audioRate": 24000,
                "audio_transport": {"transport": "json", "encoding": "base64"},
            },
        ),
        {},
        "audio_connector.connect",
    ),
    ("disconnect_audio_from_websocket", ("conn-1",), {}, "audio_connector.stop"),
    ("start_captions", (SID, TOKEN, "fr-FR", 600, False), {}, "captions.start"),
    ("stop_captions", ("captions-1",), {}, "captions.stop"),
    ("get_captions", ("captions-1",), {}, "captions.get"),
    ("list_connections", (SID,), {}, "connections.list"),
    ("set_stream_class_list", (SID, "stream-1", ["full"]), {}, "streams.set_class_list"),
]


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
    sync, asyn, sync_fake, async_fake = clients(_renders(5))
    iterator = sync.iter_renders(page_size=2)
    assert sync_fake.requests == []
    first = next(iterator)
    assert isinstance(first, Render) and len(sync_fake.requests) == 1
    got_sync = [first.id, *(r.id for r in iterator)]
    got_async = [r.id async for r in asyn.iter_renders(page_size=2)]
    assert got_sync == got_async == [f"render-{i}" for i in range(5)]
    assert _pages(sync_fake) == _pages(async_fake) == [("0", "2"), ("2", "2"), ("4", "2")]


def test_iter_renders_refuses_a_bad_page_size_before_any_request() -> None:
    sync, _, fake, _ = clients(_renders(3))
    with pytest.raises(ValidationError):
        next(sync.iter_renders(page_size=1001))
    assert fake.requests == []
