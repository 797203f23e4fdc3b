"""Comparison 2: per-call cost of one REST call on loopback, µs per call (sync)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import urllib3
from fixtures import API_KEY, API_SECRET, ARCHIVE_ID, USER_AGENT, handrolled_auth_header
from harness import Contender, Result, Section, interleave

from opentok_sync import Client

SESSION_FORM = b"p2p.preference=enabled&archiveMode=manual&e2ee=false"


class CpuToo:
    """Times contenders by wall clock (the result) and also keeps the CPU time this process
    spent per call: the client's own overhead, unaffected by how busy the server's core is."""

    def __init__(self) -> None:
        self.cpu: dict[str, list[float]] = {}

    def timed(self, name: str, fn: Callable[[], object]) -> Contender:
        samples = self.cpu.setdefault(name, [])

        def run(n: int) -> float:
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(n):
                fn()
            samples.append((time.process_time() - cpu) / n * 1e6)
            return time.perf_counter() - wall

        return run

    def results(self, rounds: int) -> list[Result]:
        # The first sample of each contender is its warm-up run.
        return [Result(name, "µs", samples[-rounds:]) for name, samples in self.cpu.items()]


def sections(
    base: str,
    rounds: int,
    n: int,
    label: str = "canned server",
    archive_id: str = ARCHIVE_ID,
    number: str = "2",
) -> list[Section]:
    from opentok import OpenTok

    ours = Client(API_KEY, API_SECRET, api_url=base)
    official = OpenTok(API_KEY, API_SECRET, api_url=base)
    # The bare baseline: one pooled keep-alive PoolManager, timeouts set once, and per call the
    # same work our client does: mint the auth JWT, send, json.loads the body.
    pool = urllib3.PoolManager(
        maxsize=4, retries=False, timeout=urllib3.Timeout(connect=5.0, read=30.0)
    )
    archive_url = f"{base}/v2/project/{API_KEY}/archive/{archive_id}"
    session_url = f"{base}/session/create"

    bare_get, bare_create = _bare_calls(pool.request, archive_url, session_url)
    origin_pool = urllib3.connection_from_url(
        base, maxsize=4, retries=False, timeout=urllib3.Timeout(connect=5.0, read=30.0)
    )
    # Issue 17's floor: the origin's HTTPConnectionPool alone, no PoolManager above it.
    bare_pool_get, bare_pool_create = _bare_calls(
        origin_pool.urlopen, archive_url[len(base) :], session_url[len(base) :]
    )

    counts = {
        "opentok-py Client": n,
        "bare urllib3.PoolManager": n,
        "bare urllib3.HTTPConnectionPool": n,
        "official opentok 3.15": max(n // 5, 20),
    }
    get_cpu, create_cpu = CpuToo(), CpuToo()
    get = interleave(
        {
            name: get_cpu.timed(name, fn)
            for name, fn in (
                ("opentok-py Client", lambda: ours.get_archive(archive_id)),
                ("bare urllib3.PoolManager", bare_get),
                ("bare urllib3.HTTPConnectionPool", bare_pool_get),
                ("official opentok 3.15", lambda: official.get_archive(archive_id)),
            )
        },
        counts,
        rounds,
    )
    create = interleave(
        {
            name: create_cpu.timed(name, fn)
            for name, fn in (
                ("opentok-py Client", ours.create_session),
                ("bare urllib3.PoolManager", bare_create),
                ("bare urllib3.HTTPConnectionPool", bare_pool_create),
                ("official opentok 3.15", official.create_session),
            )
        },
        counts,
        rounds,
    )
    ours.close()
    pool.clear()
    origin_pool.close()
    return [
        Section(
            f"{number}a. get_archive on loopback ({label}): µs per call (wall)",
            list(get.values()),
            "opentok-py Client",
        ),
        Section(
            f"{number}a'. get_archive ({label}): client-process CPU µs per call",
            get_cpu.results(rounds),
            "opentok-py Client",
        ),
        Section(
            f"{number}b. create_session on loopback ({label}): µs per call (wall)",
            list(create.values()),
            "opentok-py Client",
        ),
        Section(
            f"{number}b'. create_session ({label}): client-process CPU µs per call",
            create_cpu.results(rounds),
            "opentok-py Client",
        ),
    ]


def _bare_calls(
    send: Callable[..., Any], archive_url: str, session_url: str
) -> tuple[Callable[[], object], Callable[[], object]]:
    """get_archive and create_session done bare through ``send`` (a pool's ``request`` or
    ``urlopen``), with per call the work our client does: mint the auth JWT, send,
    json.loads the body."""

    def get() -> object:
        headers = {
            "accept": "application/json",
            "user-agent": USER_AGENT,
            "x-opentok-auth": handrolled_auth_header(),
        }
        return json.loads(send("GET", archive_url, headers=headers, redirect=False).data)

    def create() -> object:
        headers = {
            "accept": "application/json",
            "user-agent": USER_AGENT,
            "content-type": "application/x-www-form-urlencoded",
            "x-opentok-auth": handrolled_auth_header(),
        }
        reply = send("POST", session_url, body=SESSION_FORM, headers=headers, redirect=False)
        return json.loads(reply.data)[0]

    return get, create
