"""``iter_*`` holds one page at a time: when it asks for the next page, nothing of the previous
one is alive unless the caller kept it (weak references, not timings)."""

from __future__ import annotations

import json
import weakref
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from opentok_core import Request, Response
from tests.clients.helpers import clients
from tests.fakes import json_response

TOTAL, PAGE = 7, 3
WALKS = ["iter_archives", "iter_broadcasts", "iter_renders"]


class Listing:
    """Serves ``TOTAL`` items in pages and, at each request, counts the items already handed out
    that are still alive."""

    def __init__(self) -> None:
        self.refs: list[weakref.ref[Any]] = []
        self.alive_at_request: list[int] = []

    def __call__(self, request: Request) -> Response:
        self.alive_at_request.append(sum(ref() is not None for ref in self.refs))
        query = parse_qs(urlsplit(request.url).query)
        offset, count = int(query["offset"][0]), int(query["count"][0])
        items = [
            {"id": f"x-{i}", "status": "started", "sessionId": "s"}
            for i in range(offset, min(offset + count, TOTAL))
        ]
        return json_response(200, json.dumps({"count": TOTAL, "items": items}))


@pytest.mark.parametrize("method", WALKS)
def test_sync_listing_drops_each_page_before_fetching_the_next(method: str) -> None:
    listing = Listing()
    sync, _a, _f, _g = clients(listing)
    for item in getattr(sync, method)(page_size=PAGE):
        listing.refs.append(weakref.ref(item))
        del item
    assert len(listing.refs) == TOTAL
    assert listing.alive_at_request == [0, 0, 0]


@pytest.mark.anyio
@pytest.mark.parametrize("method", WALKS)
async def test_async_listing_drops_each_page_before_fetching_the_next(method: str) -> None:
    listing = Listing()
    _s, asyn, _f, _g = clients(listing)
    async for item in getattr(asyn, method)(page_size=PAGE):
        listing.refs.append(weakref.ref(item))
        del item
    assert len(listing.refs) == TOTAL
    assert listing.alive_at_request == [0, 0, 0]


def test_items_the_caller_keeps_stay_alive() -> None:
    listing = Listing()
    sync, _a, _f, _g = clients(listing)
    kept = []
    for item in sync.iter_archives(page_size=PAGE):
        listing.refs.append(weakref.ref(item))
        kept.append(item)
    assert listing.alive_at_request == [0, 3, 6]
    assert [a.id for a in kept] == [f"x-{i}" for i in range(TOTAL)]
