"""Broadcast facade methods on both clients: the calls whose sync/async parity (same requests,
results and errors over one fake) test_client_parity.py checks; iter_broadcasts walks every
page lazily; both options shapes give the same request."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from opentok_core import (
    ApiError,
    Broadcast,
    BroadcastOptions,
    HlsOutput,
    Request,
    Response,
    RtmpOutput,
    ValidationError,
)
from tests.clients.helpers import FacadeCall, clients, success_for
from tests.clients.test_archive_clients import offsets
from tests.conftest import SESSION_ID
from tests.fakes import json_response

BID = "f03fad17-4591-4422-8bd3-00a4df1e616a"
OPTIONS = {"outputs": {"hls": {"dvr": True}}, "maxDuration": 600}

# Facade calls with hand-chosen arguments, run on both clients by test_client_parity.py.
CALLS: list[FacadeCall] = [
    ("start_broadcast", (SESSION_ID, OPTIONS), {"stream_mode": "manual"}, "broadcasts.start"),
    ("stop_broadcast", (BID,), {}, "broadcasts.stop"),
    ("get_broadcast", (BID,), {}, "broadcasts.get"),
    ("list_broadcasts", (10, 20, SESSION_ID), {}, "broadcasts.list"),
    ("set_broadcast_layout", (BID, "bestFit", None, "pip"), {}, "broadcasts.set_layout"),
    ("add_broadcast_stream", (BID, "s-1"), {"has_audio": False}, "broadcasts.add_stream"),
    ("remove_broadcast_stream", (BID, "s-1"), {}, "broadcasts.remove_stream"),
]


def test_dict_and_typed_options_send_the_same_request() -> None:
    sync, _, fake, _ = clients(lambda request: success_for("broadcasts.start"))
    official = {
        "outputs": {
            "hls": {"lowLatency": True},
            "rtmp": [{"id": "a", "serverUrl": "rtmp://x/app", "streamName": "k"}],
        },
        "maxBitrate": 2_000_000,
    }
    typed = BroadcastOptions(
        hls=HlsOutput(low_latency=True),
        rtmp=[RtmpOutput(id="a", server_url="rtmp://x/app", stream_name="k")],
        max_bitrate=2_000_000,
    )
    sync.start_broadcast(SESSION_ID, official)
    sync.start_broadcast(SESSION_ID, typed)
    first, second = fake.requests
    assert first.body == second.body
    assert json.loads(first.body) == {"sessionId": SESSION_ID, "streamMode": "auto", **official}


def test_bad_options_send_nothing() -> None:
    sync, _, fake, _ = clients(lambda request: success_for("broadcasts.start"))
    with pytest.raises(ValidationError):
        sync.start_broadcast(SESSION_ID, {"outputs": {"hls": {"dvr": True, "lowLatency": True}}})
    with pytest.raises(ValidationError):
        sync.start_broadcast(SESSION_ID, {"outputs": {}})
    with pytest.raises(ValidationError):
        sync.set_broadcast_layout(BID, "custom")
    assert fake.requests == []


def broadcast_listing(total: int) -> Any:
    def handle(request: Request) -> Response:
        params = parse_qs(urlsplit(request.url).query)
        offset, count = int(params["offset"][0]), int(params["count"][0])
        items = [
            {"id": f"b-{i}", "status": "started", "sessionId": SESSION_ID}
            for i in range(offset, min(offset + count, total))
        ]
        return json_response(200, json.dumps({"count": total, "items": items}))

    return handle


def test_sync_iter_broadcasts_walks_every_page_lazily() -> None:
    sync, _, fake, _ = clients(broadcast_listing(5))
    iterator = sync.iter_broadcasts(page_size=2)
    assert fake.requests == []
    first = next(iterator)
    assert isinstance(first, Broadcast) and len(fake.requests) == 1
    assert [b.id for b in [first, *iterator]] == [f"b-{i}" for i in range(5)]
    assert offsets(fake) == [("0", "2"), ("2", "2"), ("4", "2")]


@pytest.mark.anyio
async def test_async_iter_broadcasts_walks_every_page_lazily() -> None:
    _, asyn, _, fake = clients(broadcast_listing(5))
    ids = [b.id async for b in asyn.iter_broadcasts(SESSION_ID, page_size=2)]
    assert ids == [f"b-{i}" for i in range(5)]
    assert offsets(fake) == [("0", "2"), ("2", "2"), ("4", "2")]
    assert all(parse_qs(urlsplit(r.url).query)["sessionId"] == [SESSION_ID] for r in fake.requests)


@pytest.mark.anyio
async def test_an_error_mid_walk_surfaces_on_both_clients() -> None:
    def flaky(request: Request) -> Response:
        if "offset=2" in request.url:
            return json_response(403, b'{"code":-1,"message":"Invalid token"}')
        return broadcast_listing(5)(request)

    sync, asyn, _, _ = clients(flaky)
    seen: list[str] = []
    with pytest.raises(ApiError) as info:
        for b in sync.iter_broadcasts(page_size=2):
            seen.append(b.id)
    assert seen == ["b-0", "b-1"] and info.value.status == 403
    seen = []
    with pytest.raises(ApiError):
        async for b in asyn.iter_broadcasts(page_size=2):
            seen.append(b.id)
    assert seen == ["b-0", "b-1"]
