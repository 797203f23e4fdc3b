"""Waiters on both clients, against the emulator's time-driven states on an injected clock
(in process and over HTTP): no test waits in real time."""

from __future__ import annotations

from typing import Any

import pytest

from opentok_core import (
    Archive,
    Poll,
    Sleep,
    ValidationError,
    WaitFailed,
    WaitTimeout,
    archive_wait,
    wait_flow,
)
from tests.clients.emulated_time import Clock, clients, live_session, served


def test_wait_flow_backs_off_with_jitter_and_polls_once_more_at_the_deadline() -> None:
    now = [0.0]
    flow = wait_flow(
        archive_wait("a1"), monotonic=lambda: now[0], jitter=lambda: 0.0, timeout=10, interval=2
    )
    stopped = Archive.from_json({"id": "a1", "status": "stopped", "sessionId": "s", "createdAt": 0})
    actions: list[Any] = [next(flow)]
    with pytest.raises(WaitTimeout) as timed_out:
        while True:
            action = actions[-1]
            if isinstance(action, Sleep):
                now[0] += action.seconds
                actions.append(flow.send(None))
            else:
                assert isinstance(action, Poll)
                actions.append(flow.send(stopped))
    sleeps = [a.seconds for a in actions if isinstance(a, Sleep)]
    # 2, 3, 4.5 ... each halved by zero jitter; the last one cut to end at the deadline.
    assert sleeps[:3] == [1.0, 1.5, 2.25]
    assert sum(sleeps) == pytest.approx(10)
    assert isinstance(actions[-1], Poll)  # a final poll at the deadline
    assert timed_out.value.last is stopped and timed_out.value.state == "stopped"


def test_bad_wait_options_are_validation_errors() -> None:
    with pytest.raises(ValidationError, match="until"):
        archive_wait("a1", "nearly-there")
    flow = wait_flow(archive_wait("a1"), monotonic=lambda: 0, jitter=lambda: 0, timeout=-1)
    with pytest.raises(ValidationError, match="timeout"):
        next(flow)


@pytest.mark.anyio
@pytest.mark.parametrize("http", [False, True], ids=["in-process", "http"])
async def test_both_clients_wait_for_an_archive_to_become_available(http: bool) -> None:
    clock = Clock()
    emulator = clock.emulator(archive_processing=45)
    with served(emulator) if http else _nothing() as url:
        sync, aio = clients(clock, emulator, url)
        sid = live_session(sync)
        for client in (sync, aio):
            archive = sync.start_archive(sid)
            sync.stop_archive(archive.id)
            seen: list[str] = []

            def progress(a: Archive, seen: list[str] = seen) -> None:
                seen.append(str(a.status.value))

            if client is sync:
                done = sync.wait_for_archive(archive.id, on_progress=progress)
            else:
                done = await aio.wait_for_archive(archive.id, on_progress=progress)
            assert done.status == "available" and done.url
            assert seen[0] == "stopped" and seen[-1] == "available"
        await aio.aclose()
        sync.close()
    assert clock.slept and sum(clock.slept) >= 90  # two waits of 45 s, on the fake clock


@pytest.mark.anyio
async def test_a_deleted_archive_ends_the_wait_at_once() -> None:
    clock = Clock()
    emulator = clock.emulator()
    sync, aio = clients(clock, emulator)
    sid = live_session(sync)
    archive = sync.start_archive(sid)
    sync.stop_archive(archive.id)
    sync.delete_archive(archive.id)  # the emulator keeps it, as deleted
    with pytest.raises(WaitFailed, match="deleted") as failed:
        await aio.wait_for_archive(archive.id)
    assert failed.value.state == "deleted"
    assert clock.slept == []


def test_waiting_for_a_status_that_cannot_come_is_a_wait_failed() -> None:
    clock = Clock()
    emulator = clock.emulator()
    sync, _ = clients(clock, emulator)
    archive = sync.start_archive(live_session(sync))
    sync.stop_archive(archive.id)
    clock.now += 1
    with pytest.raises(WaitFailed, match="available") as failed:
        sync.wait_for_archive(archive.id, until="uploaded")
    assert failed.value.state == "available"


def test_the_timeout_carries_the_last_state() -> None:
    clock = Clock()
    emulator = clock.emulator()
    sync, _ = clients(clock, emulator)
    archive = sync.start_archive(live_session(sync))
    with pytest.raises(WaitTimeout) as timed_out:
        sync.wait_for_archive(archive.id, timeout=60)
    assert timed_out.value.state == "started"
    assert isinstance(timed_out.value.last, Archive)
    assert sum(clock.slept) == pytest.approx(60)


@pytest.mark.anyio
async def test_both_clients_wait_for_a_broadcast_to_go_live() -> None:
    clock = Clock()
    emulator = clock.emulator()
    sync, aio = clients(clock, emulator)
    sid = live_session(sync)
    broadcast = sync.start_broadcast(sid, {"outputs": {"hls": {}}})
    assert sync.wait_for_broadcast(broadcast.id, "live").broadcast_urls.hls_status == "live"
    assert (await aio.wait_for_broadcast(broadcast.id)).status == "started"
    sync.stop_broadcast(broadcast.id)
    with pytest.raises(WaitFailed, match="stopped"):
        await aio.wait_for_broadcast(broadcast.id)


def test_wait_for_render_returns_once_started() -> None:
    clock = Clock()
    emulator = clock.emulator()
    sync, _ = clients(clock, emulator)
    sid = live_session(sync)
    render = sync.start_render(sid, sync.generate_token(sid), "https://example.com/page")
    assert sync.wait_for_render(render.id).status == "started"
    sync.stop_render(render.id)
    with pytest.raises(WaitFailed):
        sync.wait_for_render(render.id)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None
