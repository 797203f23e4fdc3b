"""Comparison 7: result models. One archive JSON object into a model (CPU µs), and a listing
of 10,000 archives over loopback (ms per listing, wall and client CPU)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import urllib3
from canned_server import LISTING_TOTAL
from case_rest_sync import CpuToo
from fixtures import API_KEY, API_SECRET, USER_AGENT, handrolled_auth_header
from harness import Section, interleave, timed

from opentok_core import Archive
from opentok_sync import Client

FIXTURE = Path(__file__).resolve().parent.parent / "spec" / "fixtures" / "archives.get" / "200.json"
PAGE = 1000  # the largest page both SDKs ask for (spec/service.md#pagination)


def archive_section(rounds: int, n: int) -> Section:
    from opentok import OpenTok
    from opentok.archives import Archive as OfficialArchive

    data = json.loads(FIXTURE.read_bytes())
    sdk = OpenTok(API_KEY, API_SECRET)
    results = interleave(
        {
            "opentok-py Archive.from_json": timed(
                lambda: Archive.from_json(data), clock=time.process_time
            ),
            "official opentok 3.15 Archive(sdk, values)": timed(
                lambda: OfficialArchive(sdk, data), clock=time.process_time
            ),
        },
        n,
        rounds,
    )
    return Section(
        "7a. one archive JSON object into a model (archives.get fixture): CPU µs per object",
        list(results.values()),
        "opentok-py Archive.from_json",
    )


def listing_sections(base: str, rounds: int, listings: int) -> tuple[Section, Section]:
    from opentok import OpenTok

    ours = Client(API_KEY, API_SECRET, api_url=base)
    official = OpenTok(API_KEY, API_SECRET, api_url=base)
    pool = urllib3.PoolManager(maxsize=4, retries=False)
    url = f"{base}/v2/project/{API_KEY}/archive"

    def ours_all() -> int:
        return sum(1 for _ in ours.iter_archives(page_size=PAGE))

    def official_all() -> int:
        # The official SDK has no iterator: page through with offset and count.
        seen = 0
        while seen < LISTING_TOTAL:
            seen += len(official.get_archives(offset=seen, count=PAGE).items)
        return seen

    def bare_all() -> int:
        seen = 0
        while seen < LISTING_TOTAL:
            headers = {
                "accept": "application/json",
                "user-agent": USER_AGENT,
                "x-opentok-auth": handrolled_auth_header(),
            }
            reply = pool.request("GET", f"{url}?offset={seen}&count={PAGE}", headers=headers)
            seen += len(json.loads(reply.data)["items"])
        return seen

    assert ours_all() == official_all() == bare_all() == LISTING_TOTAL
    cpu = CpuToo()
    wall = interleave(
        {
            name: cpu.timed(name, fn)
            for name, fn in (
                ("opentok-py Client.iter_archives", ours_all),
                ("official opentok 3.15 get_archives, paged", official_all),
                ("bare urllib3 + json.loads, no models", bare_all),
            )
        },
        listings,
        rounds,
        unit="ms",
    )
    ours.close()
    pool.clear()
    title = f"{LISTING_TOTAL:,} archives listed {PAGE} per page (canned server)"
    cpu_results = cpu.results(rounds)
    for result in cpu_results:
        result.unit = "ms"
        result.samples = [s / 1000 for s in result.samples]
    return (
        Section(f"7b. {title}: ms per listing (wall)", list(wall.values()), cpu_results[0].name),
        Section(
            f"7b'. {title}: client-process CPU ms per listing", cpu_results, cpu_results[0].name
        ),
    )
