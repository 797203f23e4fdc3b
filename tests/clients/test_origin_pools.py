"""The sync transport's per-origin ``HTTPConnectionPool`` shortcut: it is the pool its own
manager would pick, a closed one is asked for again, TLS is verified as before, and a pool you
pass in is always asked through its own ``urlopen``. (Correctness only, never speed.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import urllib3

from opentok_core import Request, Response, Timeout, TransportError
from opentok_sync import Urllib3Transport, pool_manager
from tests.servers import full, self_signed, serve, serve_keep_alive, serve_raw

BODY = json.dumps({"id": "x" * 64}).encode()


def test_requests_go_to_the_managers_own_pool_for_the_origin_on_one_connection() -> None:
    with serve_keep_alive(BODY) as (base, counts):
        transport = Urllib3Transport()
        try:
            for path in ("/a", "/b?q=1", "/c"):
                reply = transport.handle_request(Request("GET", base + path), Timeout())
                assert reply.body == BODY
            assert transport._origins == {base: transport._pool.connection_from_url(base)}
        finally:
            transport.close()
    assert counts == {"connections": 1, "requests": 3}


def test_a_pool_closed_under_it_is_asked_for_again() -> None:
    with serve(lambda request: Response(200, {}, BODY)) as (base, seen):
        transport = Urllib3Transport()
        try:
            transport.handle_request(Request("GET", base + "/a"), Timeout())
            transport._pool.clear()  # closes every pool the manager made (as a fork handler may)
            reply = transport.handle_request(Request("GET", base + "/b"), Timeout())
        finally:
            transport.close()
    assert reply.body == BODY
    assert [request.url.rsplit("/", 1)[1] for request in seen] == ["a", "b"]


def test_a_pool_you_pass_in_is_asked_through_its_own_urlopen() -> None:
    asked: list[str] = []

    class Mine(urllib3.PoolManager):
        def urlopen(self, method: str, url: str, redirect: bool = True, **kw: Any) -> Any:
            asked.append(url)
            return super().urlopen(method, url, redirect=redirect, **kw)

    with serve(lambda request: Response(200, {}, BODY)) as (base, _):
        for pool in (Mine(), pool_manager()):
            transport = Urllib3Transport(pool)
            assert transport._origins is None
            try:
                transport.handle_request(Request("GET", base + "/a"), Timeout())
            finally:
                pool.clear()
    assert asked == [base + "/a"]


def test_the_default_pool_still_refuses_an_unknown_certificate(tmp_path: Path) -> None:
    context, _ = self_signed(tmp_path)
    with serve_raw(full(BODY), tls=context) as (url, seen):
        transport = Urllib3Transport()
        try:
            with pytest.raises(TransportError):
                transport.handle_request(Request("GET", url + "/a"), Timeout())
        finally:
            transport.close()
    assert seen == []
