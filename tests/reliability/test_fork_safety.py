"""A client that made a call, then was shared across a fork (gunicorn ``--preload``, Celery
prefork), gives every process its own answers: the child drops the kept-alive connections it
inherited, in the transport's own pool and in a ``PoolManager`` you pass in, without touching
the parent's sockets. Before, parent and children read each other's archives off the one
inherited socket."""

from __future__ import annotations

import asyncio
import gc
import json
import os
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import urllib3

from opentok_async import AsyncClient
from opentok_core import NO_RETRY, Request, Response
from opentok_sync import Client, Urllib3Transport
from tests.conftest import API_KEY, API_SECRET, fixture_body
from tests.servers import serve

CHILDREN = 4
CALLS = 60
TEMPLATE = json.loads(fixture_body("archives.get", 200) or b"{}")


def archive_named_by_its_path(request: Request) -> Response:
    body = {**TEMPLATE, "id": request.url.rsplit("/", 1)[1]}
    return Response(200, {"content-type": "application/json"}, json.dumps(body).encode())


def sync_calls(client: Client) -> tuple[int, int]:
    """(answers for another archive than asked, failed calls) over CALLS calls."""
    mixed = failed = 0
    for _ in range(CALLS):
        wanted = str(uuid.uuid4())
        try:
            mixed += client.get_archive(wanted).id != wanted
        except Exception:
            failed += 1
    return mixed, failed


def async_calls(client: AsyncClient) -> tuple[int, int]:
    async def run() -> tuple[int, int]:
        mixed = failed = 0
        for _ in range(CALLS):
            wanted = str(uuid.uuid4())
            try:
                mixed += (await client.get_archive(wanted)).id != wanted
            except Exception:
                failed += 1
        return mixed, failed

    return asyncio.run(run())


def forked(work: Callable[[], tuple[int, int]]) -> list[tuple[int, int]]:
    """Run ``work`` in CHILDREN forked children and in this process at the same time; each
    process's (mixed, failed) counts."""
    pipes, pids = [], []
    with warnings.catch_warnings():  # 3.12+ warns of fork in a threaded process: that is the test
        warnings.simplefilter("ignore", DeprecationWarning)
        for _ in range(CHILDREN):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: report and leave, whatever happens
                code = 1
                try:
                    os.close(read)
                    os.write(write, json.dumps(work()).encode())
                    code = 0
                finally:
                    os._exit(code)
            os.close(write)
            pipes.append(read)
            pids.append(pid)
    results = [work()]
    for read, pid in zip(pipes, pids, strict=True):
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()  # ends when the child exits (it holds the only write end)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0 and data, "a child failed"
        results.append(tuple(json.loads(data)))
    return results


@contextmanager
def archive_server() -> Iterator[str]:
    with serve(archive_named_by_its_path) as (url, _):
        yield url


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")


@needs_fork
@pytest.mark.parametrize("pool", ["own", "yours"])
def test_a_sync_client_shared_across_a_fork_gives_each_process_its_own_answers(pool: str) -> None:
    with archive_server() as url:
        transport: Any = Urllib3Transport(urllib3.PoolManager()) if pool == "yours" else None
        client = Client(API_KEY, API_SECRET, api_url=url, retry=NO_RETRY, transport=transport)
        client.get_archive(str(uuid.uuid4()))  # one kept-alive connection, then the fork
        results = forked(lambda: sync_calls(client))
        client.close()
    assert results == [(0, 0)] * (CHILDREN + 1)


@needs_fork
def test_an_async_client_shared_across_a_fork_gives_each_process_its_own_answers() -> None:
    with archive_server() as url:
        held = {"client": AsyncClient(API_KEY, API_SECRET, api_url=url, retry=NO_RETRY)}

        async def first() -> None:
            await held["client"].get_archive(str(uuid.uuid4()))

        with warnings.catch_warnings(record=True) as seen:
            # Each loop here ends with its connection open (that is the scenario): it cannot
            # be closed from another loop, so the collector closes it, and warns of it.
            warnings.simplefilter("always")
            asyncio.run(first())
            results = forked(lambda: async_calls(held["client"]))
            held.clear()
            gc.collect()
    assert results == [(0, 0)] * (CHILDREN + 1)
    assert {w.category for w in seen} <= {ResourceWarning}
