"""The sync transport's deadline-bound connections: installed only where they fit, inert
outside the transport's own calls (the timing behaviour is in ``test_faults_http``)."""

from __future__ import annotations

import copy
import io
import pickle
import time

import pytest
import urllib3
from urllib3 import connectionpool, poolmanager

from opentok_core import Request, Response, Timeout, TransportTimeout
from opentok_sync import Urllib3Transport, _deadline
from opentok_sync._deadline import (
    DEADLINE,
    DeadlineConnection,
    DeadlinePassed,
    install,
    pool_manager,
)
from tests.servers import full, serve, serve_keep_alive, serve_raw, trickle, trickle_head


def test_a_stock_pool_gets_the_deadline_classes_once() -> None:
    pool = urllib3.PoolManager()
    assert install(pool) and install(pool)
    assert pool.pool_classes_by_scheme is not poolmanager.pool_classes_by_scheme
    assert issubclass(pool.pool_classes_by_scheme["https"].ConnectionCls, DeadlineConnection)
    # The module-wide default urllib3 gives every other pool is untouched.
    assert urllib3.PoolManager().pool_classes_by_scheme is poolmanager.pool_classes_by_scheme


def test_a_pool_with_its_own_connection_classes_keeps_them() -> None:
    pool = urllib3.PoolManager()
    own = dict(poolmanager.pool_classes_by_scheme)
    pool.pool_classes_by_scheme = own
    assert not install(pool)
    Urllib3Transport(pool)
    assert pool.pool_classes_by_scheme is own


def test_outside_a_transport_call_the_classes_read_like_urllib3s() -> None:
    pool = pool_manager(retries=False)
    with serve(lambda request: Response(200, [], b'{"ok": true}')) as (url, _):
        assert DEADLINE.get() is None
        reply = pool.request("GET", url + "/x", preload_content=False)
        assert isinstance(reply.connection, DeadlineConnection)
        fp = reply._fp.fp  # type: ignore[union-attr]
        assert isinstance(fp, io.BufferedReader) and type(fp.raw).__name__ == "SocketIO"
        assert reply.read() == b'{"ok": true}'
        reply.release_conn()
    pool.clear()


def test_a_pool_with_its_own_classes_still_has_a_trickled_body_cut_at_the_deadline() -> None:
    # Its reads are bounded one at a time only (documented), but the transport checks the
    # clock after each body read, so a trickle ends just past the deadline, not after 5 s.
    pool = urllib3.PoolManager(retries=False)
    pool.pool_classes_by_scheme = dict(poolmanager.pool_classes_by_scheme)
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


def test_the_deadline_covers_the_header_phase_of_one_transport_call() -> None:
    transport = Urllib3Transport()
    with serve_raw(trickle_head(b"{}", every=0.05)) as (url, _):
        started = time.monotonic()
        with pytest.raises(TransportTimeout, match="0.4 s total"):
            transport.handle_request(_get(url), Timeout(2, 1.0, total=0.4))
        took = time.monotonic() - started
    assert 0.4 <= took < 1.9
    assert DEADLINE.get() is None  # reset after the call, even when it failed
    transport.close()


def _get(url: str) -> Request:
    return Request("GET", url + "/v2/project/k/archive/a", [], b"")


def test_inside_a_transport_call_answers_read_through_the_deadline_file() -> None:
    # The guard against urllib3 reading answers some other way one day (urllib3 v3 plans to
    # leave http.client): then this fails, rather than the deadline quietly not holding.
    pool = pool_manager(retries=False)
    with serve(lambda request: Response(200, [], b"{}")) as (url, _):
        token = DEADLINE.set((time.monotonic() + 5, 5.0))
        try:
            reply = pool.request("GET", url + "/x", preload_content=False)
        finally:
            DEADLINE.reset(token)
        fp = reply._fp.fp  # type: ignore[union-attr]
        assert type(fp.raw).__name__ == "_DeadlineIO"
        assert reply.read() == b"{}"
        reply.release_conn()
    pool.clear()


def test_a_pool_is_left_alone_when_urllib3_http2_was_injected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # urllib3.http2.inject_into_urllib3() swaps the stock HTTPS connection class; pinning ours
    # would quietly take HTTP/2 away from the user's pool.
    class Injected(connectionpool.HTTPSConnectionPool.ConnectionCls):  # type: ignore[misc,name-defined]
        pass

    monkeypatch.setattr(connectionpool.HTTPSConnectionPool, "ConnectionCls", Injected)
    pool = urllib3.PoolManager()
    assert not install(pool)
    assert pool.pool_classes_by_scheme is poolmanager.pool_classes_by_scheme


def test_the_deadline_error_survives_copy_and_pickle() -> None:
    error = DeadlinePassed(0.5)
    for clone in (copy.copy(error), pickle.loads(pickle.dumps(error))):
        assert str(clone) == str(error) and clone.seconds == 0.5


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
        # Outside the transport's calls the pool reuses as urllib3 does.
        time.sleep(0.3)
        transport._pool.request("GET", url + "/x").read()
        assert counts == {"connections": 2, "requests": 5}
    transport.close()
