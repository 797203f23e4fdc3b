"""An AsyncClient used in another event loop than its first (a second ``asyncio.run``, a
test framework's loop per test) opens a fresh pool there, every time: before, every other
call raised ``RuntimeError: Event loop is closed`` on a connection of the loop that ended.
An ``httpx.AsyncClient`` you pass in is yours to make per loop: reused across loops, the call
raises an OpenTokError naming both loops, never an intermittent RuntimeError."""

from __future__ import annotations

import asyncio
import gc
import json
import warnings

import httpx
import pytest

from opentok_async import AsyncClient, HttpxTransport
from opentok_core import NO_RETRY, OpenTokError, Request, Response, TransportError
from tests.conftest import API_KEY, API_SECRET, fixture_body
from tests.servers import serve

TEMPLATE = json.loads(fixture_body("archives.get", 200) or b"{}")


def archive_named_by_its_path(request: Request) -> Response:
    body = {**TEMPLATE, "id": request.url.rsplit("/", 1)[1]}
    return Response(200, {"content-type": "application/json"}, json.dumps(body).encode())


def test_an_async_client_serves_one_asyncio_run_after_another() -> None:
    with serve(archive_named_by_its_path) as (url, seen), warnings.catch_warnings(record=True) as w:
        # Each loop but the last ends with its kept-alive connection open (the scenario): the
        # collector closes those, and warns of them.
        warnings.simplefilter("always")
        held = {"client": AsyncClient(API_KEY, API_SECRET, api_url=url, retry=NO_RETRY)}

        async def three(run: int) -> list[str]:
            return [(await held["client"].get_archive(f"a-{run}-{i}")).id for i in range(3)]

        answers = [asyncio.run(three(run)) for run in range(4)]

        async def close() -> None:
            await held["client"].aclose()

        asyncio.run(close())
        held.clear()
        gc.collect()
    assert answers == [[f"a-{run}-{i}" for i in range(3)] for run in range(4)]
    assert len(seen) == 12
    assert {x.category for x in w} <= {ResourceWarning}


def test_an_httpx_client_you_pass_in_is_refused_in_another_loop_with_both_named() -> None:
    with serve(archive_named_by_its_path) as (url, _), warnings.catch_warnings(record=True):
        warnings.simplefilter("always")  # the first loop's connection: left to the collector
        held: dict[str, AsyncClient] = {}

        async def first() -> str:
            transport = HttpxTransport(httpx.AsyncClient())
            held["client"] = AsyncClient(API_KEY, API_SECRET, api_url=url, transport=transport)
            return (await held["client"].get_archive("a1")).id

        async def second() -> None:
            await held["client"].get_archive("a2")

        assert asyncio.run(first()) == "a1"
        with pytest.raises(OpenTokError) as info:
            asyncio.run(second())
        retried, text = isinstance(info.value, TransportError), str(info.value)
        del info  # its frames hold the transport, and the connection of the first loop
        held.clear()
        gc.collect()
    assert not retried  # not a network failure, so never retried as one
    assert text.startswith("archives.get: ") and text.count("event loop") >= 2
    assert text.count("EventLoop 0x") == 2 and "closed" in text  # both loops, named
