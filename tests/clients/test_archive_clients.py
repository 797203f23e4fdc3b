"""Archive facade methods on both clients: the calls whose sync/async parity (same requests,
results and errors over one fake) test_client_parity.py checks; validation before any request;
list iterators walk every page lazily (async generator / plain generator)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from opentok_core import (
    Archive,
    Layout,
    Page,
    Request,
    Response,
    ValidationError,
)
from tests.clients.helpers import FacadeCall, clients, success_for
from tests.conftest import SESSION_ID
from tests.fakes import FakeTransport, json_response

AID = "30b3ebf1-ba36-4f5b-8def-6f70d9986fe9"

# Facade calls with hand-chosen arguments, run on both clients by test_client_parity.py.
CALLS: list[FacadeCall] = [
    ("start_archive", (SESSION_ID,), {"name": "n", "layout": {"type": "pip"}}, "archives.start"),
    ("stop_archive", (AID,), {}, "archives.stop"),
    ("get_archive", (AID,), {}, "archives.get"),
    ("list_archives", (), {"offset": 0, "count": 10, "session_id": SESSION_ID}, "archives.list"),
    ("get_archives", (5, 10), {}, "archives.list"),
    ("delete_archive", (AID,), {}, "archives.delete"),
    ("set_archive_layout", (AID, "custom", "a {}"), {}, "archives.set_layout"),
    ("add_archive_stream", (AID, "s-1", True, False), {}, "archives.add_stream"),
    ("remove_archive_stream", (AID, "s-1"), {}, "archives.remove_stream"),
]


def test_validation_errors_send_nothing_on_either_client() -> None:
    sync, asyn, sync_fake, async_fake = clients(lambda request: success_for("archives.get"))
    with pytest.raises(ValidationError):
        sync.start_archive(SESSION_ID, output_mode="individual", resolution="640x480")
    with pytest.raises(ValidationError):
        sync.set_archive_layout(AID, "pip", "a {}")
    with pytest.raises(ValidationError):
        sync.add_archive_stream(AID, "s", False, False)
    with pytest.raises(ValidationError):
        sync.list_archives(count=5000)
    assert sync_fake.requests == [] and async_fake.requests == []


def test_positional_order_matches_the_official_sdk() -> None:
    # opentok 3.15: start_archive(session_id, has_audio, has_video, name, output_mode,
    # stream_mode, resolution, layout, multi_archive_tag, max_bitrate, quantization_parameter,
    # has_transcription, transcription_properties)
    sync, _, fake, _ = clients(lambda request: success_for("archives.start"))
    sync.start_archive(
        SESSION_ID, True, False, "n", "composed", "manual", "1280x720", {"type": "pip"}, "t",
        500_000, 20, True, {"hasSummary": True},
    )  # fmt: skip
    assert json.loads(fake.requests[0].body) == {
        "sessionId": SESSION_ID,
        "name": "n",
        "hasAudio": True,
        "hasVideo": False,
        "outputMode": "composed",
        "streamMode": "manual",
        "resolution": "1280x720",
        "layout": {"type": "pip"},
        "multiArchiveTag": "t",
        "maxBitrate": 500_000,
        "quantizationParameter": 20,
        "hasTranscription": True,
        "transcriptionProperties": {"hasSummary": True},
    }


def test_set_archive_layout_accepts_a_typed_layout_with_the_same_wire_body() -> None:
    sync, _, fake, _ = clients(lambda request: Response(200))
    sync.set_archive_layout(AID, "bestFit", screenshare_type="pip")
    sync.set_archive_layout(AID, Layout.best_fit("pip"))
    sync.set_archive_layout(AID, {"type": "bestFit", "screenshareType": "pip"})
    bodies = {r.body for r in fake.requests}
    assert bodies == {b'{"type":"bestFit","screenshareType":"pip"}'}


# Pagination ---------------------------------------------------------------------------------


def archive_json(i: int) -> dict[str, Any]:
    return {"id": f"archive-{i}", "status": "available", "sessionId": SESSION_ID}


def listing(total: int, *, cap: int | None = None) -> Any:
    """A server holding ``total`` archives, answering offset/count like the real one."""

    def handle(request: Request) -> Response:
        params = parse_qs(urlsplit(request.url).query)
        assert params.get("sessionId", [SESSION_ID]) == [SESSION_ID]
        offset = int(params.get("offset", ["0"])[0])
        count = int(params.get("count", ["50"])[0])
        if cap is not None:
            count = min(count, cap)
        items = [archive_json(i) for i in range(offset, min(offset + count, total))]
        return json_response(200, json.dumps({"count": total, "items": items}))

    return handle


def offsets(fake: FakeTransport) -> list[tuple[str, str]]:
    return [
        (parse_qs(urlsplit(r.url).query)["offset"][0], parse_qs(urlsplit(r.url).query)["count"][0])
        for r in fake.requests
    ]


def test_sync_iter_archives_walks_every_page_lazily() -> None:
    sync, _, fake, _ = clients(listing(7))
    iterator = sync.iter_archives(SESSION_ID, page_size=3)
    assert fake.requests == []  # nothing sent before iteration starts
    first = next(iterator)
    assert isinstance(first, Archive) and first.id == "archive-0" and len(fake.requests) == 1
    rest = list(iterator)
    assert [a.id for a in [first, *rest]] == [f"archive-{i}" for i in range(7)]
    assert offsets(fake) == [("0", "3"), ("3", "3"), ("6", "3")]


@pytest.mark.anyio
async def test_async_iter_archives_walks_every_page_lazily() -> None:
    _, asyn, _, fake = clients(listing(7))
    seen = []
    async for archive in asyn.iter_archives(SESSION_ID, page_size=3):
        seen.append(archive.id)
        if len(seen) == 1:
            assert len(fake.requests) == 1
    assert seen == [f"archive-{i}" for i in range(7)]
    assert offsets(fake) == [("0", "3"), ("3", "3"), ("6", "3")]


@pytest.mark.anyio
async def test_iterators_survive_a_server_capping_page_size() -> None:
    sync, asyn, sync_fake, async_fake = clients(listing(250, cap=100))
    assert len(list(sync.iter_archives())) == 250
    assert len([a async for a in asyn.iter_archives()]) == 250
    assert (
        offsets(sync_fake)
        == offsets(async_fake)
        == [("0", "1000"), ("100", "1000"), ("200", "1000")]
    )


@pytest.mark.anyio
async def test_iterators_stop_on_a_server_that_lies_about_count() -> None:
    def liar(request: Request) -> Response:
        return json_response(200, json.dumps({"count": 10**9, "items": []}))

    sync, asyn, sync_fake, async_fake = clients(liar)
    assert list(sync.iter_archives()) == []
    assert [a async for a in asyn.iter_archives()] == []
    assert len(sync_fake.requests) == len(async_fake.requests) == 1


def test_bad_page_size_is_refused_on_first_use() -> None:
    sync, _, fake, _ = clients(listing(3))
    with pytest.raises(ValidationError):
        next(sync.iter_archives(page_size=0))
    assert fake.requests == []


def test_list_archives_returns_a_typed_page() -> None:
    sync, _, _, _ = clients(listing(7))
    page = sync.list_archives(offset=3, count=2)
    assert isinstance(page, Page) and page.count == 7 and page.offset == 3
    assert [a.id for a in page] == ["archive-3", "archive-4"]
