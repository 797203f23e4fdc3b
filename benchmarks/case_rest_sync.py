"""Comparison 2: per-call cost of one REST call on loopback, µs per call (sync)."""

from __future__ import annotations

import json

import urllib3
from fixtures import API_KEY, API_SECRET, ARCHIVE_ID, USER_AGENT, handrolled_auth_header
from harness import Section, interleave, timed

from opentok_sync import Client

SESSION_FORM = b"p2p.preference=enabled&archiveMode=manual&e2ee=false"


def sections(base: str, rounds: int, n: int, label: str = "canned server") -> list[Section]:
    from opentok import OpenTok

    ours = Client(API_KEY, API_SECRET, api_url=base)
    official = OpenTok(API_KEY, API_SECRET, api_url=base)
    # The bare baseline: one pooled keep-alive PoolManager, timeouts set once, and per call the
    # same work our client does: mint the auth JWT, send, json.loads the body.
    pool = urllib3.PoolManager(
        maxsize=4, retries=False, timeout=urllib3.Timeout(connect=5.0, read=30.0)
    )
    archive_url = f"{base}/v2/project/{API_KEY}/archive/{ARCHIVE_ID}"
    session_url = f"{base}/session/create"

    def bare_get() -> object:
        headers = {
            "accept": "application/json",
            "user-agent": USER_AGENT,
            "x-opentok-auth": handrolled_auth_header(),
        }
        reply = pool.request("GET", archive_url, headers=headers, redirect=False)
        return json.loads(reply.data)

    def bare_create() -> object:
        headers = {
            "accept": "application/json",
            "user-agent": USER_AGENT,
            "content-type": "application/x-www-form-urlencoded",
            "x-opentok-auth": handrolled_auth_header(),
        }
        reply = pool.request(
            "POST", session_url, body=SESSION_FORM, headers=headers, redirect=False
        )
        return json.loads(reply.data)[0]

    counts = {
        "opentok-py Client": n,
        "bare urllib3.PoolManager": n,
        "official opentok 3.15": max(n // 5, 20),
    }
    get = interleave(
        {
            "opentok-py Client": timed(lambda: ours.get_archive(ARCHIVE_ID)),
            "bare urllib3.PoolManager": timed(bare_get),
            "official opentok 3.15": timed(lambda: official.get_archive(ARCHIVE_ID)),
        },
        counts,
        rounds,
    )
    create = interleave(
        {
            "opentok-py Client": timed(ours.create_session),
            "bare urllib3.PoolManager": timed(bare_create),
            "official opentok 3.15": timed(official.create_session),
        },
        counts,
        rounds,
    )
    ours.close()
    pool.clear()
    return [
        Section(
            f"2a. get_archive on loopback ({label}): µs per call",
            list(get.values()),
            "opentok-py Client",
        ),
        Section(
            f"2b. create_session on loopback ({label}): µs per call",
            list(create.values()),
            "opentok-py Client",
        ),
    ]
