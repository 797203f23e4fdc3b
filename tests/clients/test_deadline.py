"""The sync transport's deadline device: the watchdog, the pools ``pool_manager()`` and
``proxy_manager()`` build, and pools you pass in, used as given (the timing behaviour of whole
calls is in ``test_faults_http``)."""

from __future__ import annotations

import copy
import io
import os
import pickle
import subprocess
import sys
import time

import pytest
import urllib3
from urllib3 import connection, connectionpool, poolmanager

from opentok_core import Request, Response, Timeout, TransportTimeout
from opentok_sync import Urllib3Transport, _deadline, pool_manager, proxy_manager
from opentok_sync._deadline import (
    WATCHDOG,
    AttemptTimeout,
    DeadlineConnection,
    DeadlinePassed,
    Watchdog,
)
from tests.conftest import ROOT
from tests.servers import full, serve, serve_keep_alive, serve_raw, trickle, trickle_head


def _get(url: str) -> Request:
    return Request("GET", url + "/v2/project/k/archive/a", [], b"")


def _until(condition: object, tries: int = 500) -> bool:
    """Poll ``condition()`` every 10 ms, at most ``tries`` times; whether it came true."""
    for _ in range(tries):
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


# The watchdog. ---------------------------------------------------------------------------


def test_an_alarm_shoots_once_due_and_a_disarmed_one_never() -> None:
    watchdog = Watchdog()
    shots: list[str] = []
    due, disarmed = watchdog.arm(0.05), watchdog.arm(0.05)
    assert not watchdog.aim(due, lambda: shots.append("due"))
    assert not watchdog.aim(disarmed, lambda: shots.append("disarmed"))
    assert not watchdog.disarm(disarmed)
    assert _until(lambda: len(watchdog) == 0)  # both due by now: fired or dropped
    assert shots == ["due"] and due.fired and not disarmed.fired
    assert watchdog.disarm(due)  # too late: the attempt is told it ran out of time
    assert watchdog.aim(due, lambda: shots.append("again")) and shots == ["due"]


def test_the_first_shot_aimed_is_kept() -> None:
    # The connection aims first (its socket covers the headers too); the transport's later
    # aim at HTTPResponse.shutdown must not replace it.
    watchdog = Watchdog()
    shots: list[str] = []
    alarm = watchdog.arm(0.05)
    watchdog.aim(alarm, lambda: shots.append("connection"))
    watchdog.aim(alarm, lambda: shots.append("response"))
    assert _until(lambda: alarm.fired) and shots == ["connection"]


def test_an_earlier_alarm_wakes_a_watchdog_waiting_for_a_later_one() -> None:
    watchdog = Watchdog()
    later = watchdog.arm(600)
    assert _until(lambda: watchdog._until == later.at)  # the thread now waits for it
    soon = watchdog.arm(0.05)
    assert _until(lambda: soon.fired) and not later.fired
    watchdog.disarm(later)


def test_a_shot_that_fails_does_not_stop_the_watchdog() -> None:
    watchdog = Watchdog()

    def closed_already() -> None:
        raise OSError("bad file descriptor")

    failing = watchdog.arm(0.01)
    watchdog.aim(failing, closed_already)
    assert _until(lambda: failing.fired)
    after = watchdog.arm(0.01)
    assert _until(lambda: after.fired)


def test_disarmed_alarms_do_not_pile_up() -> None:
    watchdog = Watchdog()
    for _ in range(10_000):  # each far from due: only the rebuilding drops them
        watchdog.disarm(watchdog.arm(600))
    assert len(watchdog) <= 130 and watchdog.armed() == 0


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_has_a_working_watchdog() -> None:
    # The child of a fork has the watchdog's state but not its thread: it starts its own.
    script = """
import os, sys, time, warnings
warnings.simplefilter("ignore", DeprecationWarning)  # forking with a thread running
from opentok_sync._deadline import WATCHDOG

def fired(alarm):
    for _ in range(500):
        if alarm.fired:
            return True
        time.sleep(0.01)
    return False

assert fired(WATCHDOG.arm(0.01))  # the parent's thread is running
pid = os.fork()
if pid == 0:
    os._exit(0 if fired(WATCHDOG.arm(0.01)) else 1)
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, timeout=60)
    assert done.returncode == 0


def test_the_deadline_error_survives_copy_and_pickle() -> None:
    error = DeadlinePassed(0.5)
    for clone in (copy.copy(error), pickle.loads(pickle.dumps(error))):
        assert str(clone) == str(error) and clone.seconds == 0.5


# The pools we build, and pools you pass in. ------------------------------------------------


def test_pool_manager_and_proxy_manager_build_deadline_connections() -> None:
    built = [pool_manager(), proxy_manager("http://127.0.0.1:9")]
    assert isinstance(built[1], urllib3.ProxyManager)
    for pool in built:
        for scheme in ("http", "https"):
            host_pool = pool.connection_from_url(f"{scheme}://127.0.0.1:1/")  # no connect
            assert issubclass(host_pool.ConnectionCls, DeadlineConnection)
    https = built[0].connection_from_url("https://127.0.0.1:1/").ConnectionCls
    assert issubclass(https, connection.HTTPSConnection)
    # The module-wide default urllib3 gives every other pool is untouched.
    assert urllib3.PoolManager().pool_classes_by_scheme is poolmanager.pool_classes_by_scheme


def test_a_pool_you_pass_in_is_used_as_given() -> None:
    plain = urllib3.PoolManager()
    own = urllib3.PoolManager()
    classes = dict(poolmanager.pool_classes_by_scheme)
    own.pool_classes_by_scheme = classes
    for pool in (plain, own):
        assert Urllib3Transport(pool)._pool is pool
    assert plain.pool_classes_by_scheme is poolmanager.pool_classes_by_scheme
    assert own.pool_classes_by_scheme is classes and classes == poolmanager.pool_classes_by_scheme


def test_with_urllib3_http2_injected_a_pool_you_pass_in_keeps_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # urllib3.http2.inject_into_urllib3() swaps the stock HTTPS connection class: a pool you
    # pass in keeps HTTP/2; pool_manager() still builds its HTTP/1.1 deadline connections.
    class Injected(connectionpool.HTTPSConnectionPool.ConnectionCls):  # type: ignore[misc,name-defined]
        pass

    monkeypatch.setattr(connectionpool.HTTPSConnectionPool, "ConnectionCls", Injected)
    pool = urllib3.PoolManager()
    Urllib3Transport(pool)
    assert pool.connection_from_url("https://127.0.0.1:1/").ConnectionCls is Injected
    ours = pool_manager().connection_from_url("https://127.0.0.1:1/").ConnectionCls
    assert issubclass(ours, DeadlineConnection) and not issubclass(ours, Injected)


def test_outside_a_transport_call_pool_manager_reads_like_urllib3() -> None:
    pool = pool_manager(retries=False)
    with serve(lambda request: Response(200, [], b'{"ok": true}')) as (url, _):
        reply = pool.request("GET", url + "/x", preload_content=False)
        assert isinstance(reply.connection, DeadlineConnection)
        fp = reply._fp.fp  # type: ignore[union-attr]
        assert isinstance(fp, io.BufferedReader) and type(fp.raw).__name__ == "SocketIO"
        assert reply.read() == b'{"ok": true}'
        reply.release_conn()
    pool.clear()


def test_urllib3_hands_our_connection_the_attempts_alarm() -> None:
    # The guard against urllib3 one day no longer giving the connection its read timeout from
    # Timeout.read_timeout (urllib3 v3 plans to leave http.client): then this fails, rather
    # than the header phase quietly going unbounded.
    pool = pool_manager(retries=False)
    with serve(lambda request: Response(200, [], b"{}")) as (url, _):
        alarm = WATCHDOG.arm(5)
        try:
            reply = pool.urlopen(
                "GET", url + "/x", timeout=AttemptTimeout(2, 2, 5, alarm), preload_content=False
            )
            assert alarm.shot is not None
            assert reply.read() == b"{}"
            reply.release_conn()
        finally:
            WATCHDOG.disarm(alarm)
    pool.clear()


# Whole transport calls. --------------------------------------------------------------------


def test_the_deadline_covers_the_header_phase_of_one_transport_call() -> None:
    transport = Urllib3Transport()
    with serve_raw(trickle_head(b"{}", every=0.05)) as (url, _):
        started = time.monotonic()
        with pytest.raises(TransportTimeout, match="0.4 s total"):
            transport.handle_request(_get(url), Timeout(2, 1.0, total=0.4))
        took = time.monotonic() - started
    assert 0.4 <= took < 1.9
    assert WATCHDOG.armed() == 0  # disarmed after the call, even when it failed
    transport.close()


def test_a_plain_pool_you_pass_in_still_has_a_trickled_body_cut_at_the_deadline() -> None:
    # Used as given, yet its body reads are stopped at the deadline (HTTPResponse.shutdown),
    # not after the trickle's 5 s.
    pool = urllib3.PoolManager(retries=False)
    transport = Urllib3Transport(pool)
    body = b"{" + b" " * 100 + b"}"
    with serve_raw(full(b"{}"), trickle(body, every=0.05)) as (url, _):
        assert transport.handle_request(_get(url), Timeout(2, 5, total=0.6)).body == b"{}"
        started = time.monotonic()
        with pytest.raises(TransportTimeout, match="total"):
            transport.handle_request(_get(url), Timeout(2, 5, total=0.6))
        took = time.monotonic() - started
    assert 0.6 <= took < 0.6 + 1.5
    pool.clear()


def test_a_plain_pool_you_pass_in_times_out_trickled_headers_once_they_end() -> None:
    # The documented limit: its header reads are bounded one at a time only, so the call runs
    # until the headers end, and is then reported as past its deadline, not answered.
    pool = urllib3.PoolManager(retries=False)
    transport = Urllib3Transport(pool)
    with serve_raw(trickle_head(b"{}", every=0.002)) as (url, seen):
        with pytest.raises(TransportTimeout, match="0.1 s total"):
            transport.handle_request(_get(url), Timeout(2, 1.0, total=0.1))
    assert len(seen) == 1 and WATCHDOG.armed() == 0
    pool.clear()


def test_a_connection_shut_at_the_deadline_is_never_reused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No race with the wall clock: the watchdog's clock jumps past the deadline once the server
    # has sent the first answer's headers and half its body, and the server sends nothing more
    # until the shot connection is dropped. The socket timeouts (from the same total) are far
    # beyond anything that happens here.
    # The clock runs with the real one but for a jump: a clock standing still would leave the
    # process's one watchdog waiting on its time after the test (and miss others' deadlines).
    real, jump = _deadline.monotonic, [0.0]
    monkeypatch.setattr(_deadline, "monotonic", lambda: real() + jump[0])

    def past_the_deadline() -> None:
        with WATCHDOG._lock:  # wake the watchdog: its wait was timed before the jump
            jump[0] = 100.0
            WATCHDOG._wake.notify()

    transport = Urllib3Transport()
    with serve_keep_alive(b'{"answer": 42}', cut_first=past_the_deadline) as (url, counts):
        with pytest.raises(TransportTimeout, match="60 s total"):
            transport.handle_request(_get(url), Timeout(30, 30, total=60))
        assert transport.handle_request(_get(url), Timeout(30, 30)).body == b'{"answer": 42}'
        assert counts == {"connections": 2, "requests": 2}
    transport.close()


@pytest.mark.parametrize("timeout", [Timeout(2, 2), Timeout(None, None)], ids=["timed", "untimed"])
def test_a_connection_idle_past_the_expiry_is_not_reused(
    monkeypatch: pytest.MonkeyPatch, timeout: Timeout
) -> None:
    # A server may close an idle kept-alive connection just as a request goes out on it; the
    # request may have arrived, so a POST would not be retried. Stale connections are replaced.
    monkeypatch.setattr(_deadline, "IDLE_EXPIRY", 0.2)
    transport = Urllib3Transport()
    with serve_keep_alive(b"{}") as (url, counts):
        for _ in range(3):  # back to back: one connection
            transport.handle_request(_get(url), timeout)
        assert counts == {"connections": 1, "requests": 3}
        time.sleep(0.3)
        transport.handle_request(_get(url), timeout)
        assert counts == {"connections": 2, "requests": 4}
        # It is the pool's own behaviour (pool_manager() documents it), whoever sends.
        time.sleep(0.3)
        transport._pool.request("GET", url + "/x").read()
        assert counts == {"connections": 3, "requests": 5}
    transport.close()


def test_a_plain_pool_you_pass_in_keeps_urllib3s_connection_reuse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_deadline, "IDLE_EXPIRY", 0.2)
    pool = urllib3.PoolManager(retries=False)
    transport = Urllib3Transport(pool)
    with serve_keep_alive(b"{}") as (url, counts):
        transport.handle_request(_get(url), Timeout(2, 2))
        time.sleep(0.3)
        transport.handle_request(_get(url), Timeout(2, 2))
        assert counts == {"connections": 1, "requests": 2}
    pool.clear()


def test_an_attempt_timeout_resolves_like_urllib3s_own_timeout() -> None:
    # The device (a Timeout that is its own clone, its read timeout carrying the alarm) must
    # give urllib3 the very numbers the plain Timeout would, once started.
    watchdog = Watchdog()
    for connect, read, total in ((2.0, 30.0, 5.0), (5.0, 1.0, 60.0), (None, None, 3.0)):
        alarm = watchdog.arm(total)
        ours = AttemptTimeout(connect, read, total, alarm)
        plain = urllib3.Timeout(connect=connect, read=read, total=total).clone()
        assert ours.clone() is ours
        ours.start_connect()
        plain.start_connect()
        assert ours.connect_timeout == plain.connect_timeout
        assert isinstance(ours.read_timeout, float) and isinstance(plain.read_timeout, float)
        assert ours.read_timeout == pytest.approx(plain.read_timeout, abs=0.05)
        watchdog.disarm(alarm)


def test_a_pool_of_your_own_is_used_as_given_and_its_limit_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    plain = urllib3.PoolManager()
    classes = dict(plain.pool_classes_by_scheme)
    with caplog.at_level("DEBUG", logger="opentok"):
        Urllib3Transport(plain)
        Urllib3Transport(pool_manager())
    assert plain.pool_classes_by_scheme == classes  # never rewritten
    notes = [r.getMessage() for r in caplog.records if "pool_manager" in r.getMessage()]
    assert len(notes) == 1 and notes[0].startswith("PoolManager:")
