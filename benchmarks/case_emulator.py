"""The emulator's HTTP server: its own throughput (the cheapest client, raw asyncio streams, at
50 concurrent connections), so it is known never to bound the comparisons run against it."""

from __future__ import annotations

import asyncio

from case_rest_async import RawStreams, _driver
from fixtures import API_KEY, API_SECRET
from harness import Section, interleave

from opentok_emulator.control import ConnectClient
from opentok_sync import Client


def seed_archive(base: str) -> str:
    """A session with a started archive on the emulator at ``base``; the archive id."""
    with Client(API_KEY, API_SECRET, api_url=base) as client:
        session = client.create_session(media_mode="routed")
        token = client.generate_token(session.session_id)
        client.send(ConnectClient(session_id=session.session_id, token=token))
        return client.start_archive(session.session_id).id


def section(base: str, archive_id: str, rounds: int, calls: int, concurrency: int = 50) -> Section:
    loop = asyncio.new_event_loop()
    raw = RawStreams(base, f"/v2/project/{API_KEY}/archive/{archive_id}")
    loop.run_until_complete(raw.open(concurrency))
    try:
        results = interleave(
            {f"emulator, raw streams x {concurrency}": _driver(loop, raw.call, concurrency)},
            calls,
            rounds,
            throughput=True,
        )
    finally:
        loop.run_until_complete(raw.close())
        loop.close()
    name = f"emulator, raw streams x {concurrency}"
    return Section(
        f"5. emulator HTTP server, GET archive, {concurrency} connections: requests per second",
        list(results.values()),
        name,
        higher_is_better=True,
    )
