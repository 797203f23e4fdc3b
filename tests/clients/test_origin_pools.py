"""The sync transport's own pool (``opentok_sync._free_list``): per origin, kept-alive
connections driven without ``urlopen``. It reuses one connection for back-to-back answers read
to the end and never one whose answer was cut, capped or failed; its connections are the
manager's (host, port, class, TLS settings); it fails exactly as ``urlopen`` fails on the same
connections; and a pool you pass in is always asked through its own ``urlopen``. (Correctness
only, never speed.)"""

from __future__ import annotations

import contextlib
import gc
import json
import re
import socket
import ssl
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import urllib3

from opentok_core import Request, Response, Timeout, TransportError
from opentok_sync import Urllib3Transport, pool_manager
from opentok_sync._deadline import DeadlineConnection
from tests.servers import (
    RawBehaviour,
    cut,
    full,
    self_signed,
    serve,
    serve_keep_alive,
    serve_raw,
    stall,
    trickle_head,
)

BODY = json.dumps({"id": "x" * 64}).encode()


def _get(url: str) -> Request:
    return Request("GET", url, (("x-opentok-auth", "a.b.c"),))


def test_back_to_back_requests_to_an_origin_share_one_connection_of_the_managers_pool() -> None:
    with serve_keep_alive(BODY) as (base, counts):
        transport = Urllib3Transport()
        try:
            for path in ("/a", "/b?q=1", "/c"):
                reply = transport.handle_request(Request("GET", base + path), Timeout())
                assert reply.body == BODY
            assert transport._free is not None
            origin = transport._free.origin(base)
            assert origin.pool is transport._pool.connection_from_url(base)
            assert [type(c.conn) for c in origin.free] == [DeadlineConnection]
        finally:
            transport.close()
    assert counts == {"connections": 1, "requests": 3}


def test_a_body_capped_at_max_body_leaves_its_connection_closed_not_reused() -> None:
    with serve_keep_alive(BODY) as (base, counts):
        transport = Urllib3Transport(max_body=10)
        try:
            for _ in range(2):
                reply = transport.handle_request(_get(base + "/a"), Timeout(2, 2))
                assert reply.truncated and reply.body == BODY[:10]
        finally:
            transport.close()
    assert counts == {"connections": 2, "requests": 2}


def test_a_failed_answer_leaves_its_connection_closed_and_the_next_connects_afresh() -> None:
    with serve_raw(cut(BODY, keep=5), full(BODY)) as (base, seen):
        transport = Urllib3Transport()
        try:
            with pytest.raises(TransportError):
                transport.handle_request(_get(base + "/a"), Timeout(2, 2))
            assert transport._free is not None and not transport._free.origin(base).free
            assert transport.handle_request(_get(base + "/b"), Timeout(2, 2)).body == BODY
        finally:
            transport.close()
    assert len(seen) == 2


def test_close_and_garbage_collection_close_the_idle_connections() -> None:
    with serve_keep_alive(BODY) as (base, _):
        for ending in ("close", "collect"):
            transport = Urllib3Transport()
            transport.handle_request(_get(base + "/a"), Timeout(2, 2))
            assert transport._free is not None
            (kept,) = transport._free.origin(base).free
            conn = kept.conn
            with warnings.catch_warnings():
                warnings.simplefilter("error", ResourceWarning)
                if ending == "close":
                    transport.close()
                else:
                    del transport
                    gc.collect()
            assert conn.sock is None, ending


def test_a_pool_you_pass_in_is_asked_through_its_own_urlopen() -> None:
    asked: list[str] = []

    class Mine(urllib3.PoolManager):
        def urlopen(self, method: str, url: str, redirect: bool = True, **kw: Any) -> Any:
            asked.append(url)
            return super().urlopen(method, url, redirect=redirect, **kw)

    with serve(lambda request: Response(200, {}, BODY)) as (base, _):
        for pool in (Mine(), pool_manager()):
            transport = Urllib3Transport(pool)
            assert transport._free is None
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
            with pytest.raises(TransportError, match="certificate verify failed"):
                transport.handle_request(Request("GET", url + "/a"), Timeout())
        finally:
            transport.close()
    assert seen == []


def test_a_trusted_certificate_is_verified_and_an_unverified_context_warns(
    tmp_path: Path,
) -> None:
    context, cert = self_signed(tmp_path)
    trusting = ssl.create_default_context(cafile=str(cert))
    blind = ssl.create_default_context()
    blind.check_hostname, blind.verify_mode = False, ssl.CERT_NONE
    with serve_raw(full(BODY), tls=context) as (url, seen):
        for verify, warns in ((trusting, False), (blind, True), (False, False)):
            transport = Urllib3Transport(verify=verify)
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    reply = transport.handle_request(Request("GET", url + "/a"), Timeout(2, 2))
            finally:
                transport.close()
            assert reply.body == BODY
            insecure = urllib3.exceptions.InsecureRequestWarning
            assert any(w.category is insecure for w in caught) is warns, verify
    assert len(seen) == 3


def _closes_unanswered(sock: socket.socket, request: bytes) -> None:
    pass


def _silent(sock: socket.socket, request: bytes) -> None:
    time.sleep(1.5)


def _not_http(sock: socket.socket, request: bytes) -> None:
    sock.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")


#: Answers each path must fail on (or take) alike: (behaviour, timeout, request body size).
CASES: dict[str, tuple[RawBehaviour, Timeout, int]] = {
    "closes without answering": (_closes_unanswered, Timeout(2, 2), 0),
    "not HTTP": (_not_http, Timeout(2, 2), 0),
    "body cut": (cut(BODY, keep=5), Timeout(2, 2), 0),
    "read timeout before the headers": (_silent, Timeout(2, 0.3, total=10), 0),
    "read timeout in the body": (stall(BODY, after=0, pause=1.5), Timeout(2, 0.3, total=10), 0),
    "deadline in the headers": (trickle_head(BODY, every=0.05), Timeout(2, 1, total=0.5), 0),
}


def _outcome(
    transport: Urllib3Transport, url: str, timeout: Timeout, size: int = 0
) -> tuple[Any, ...]:
    """What an attempt came to, seconds aside: the answer's status and body, or the error's
    class, words, and the classes down its cause chain."""
    request = Request("POST" if size else "GET", url + "/a", (), b"x" * size)
    try:
        reply = transport.handle_request(request, timeout)
    except TransportError as exc:
        words = re.sub(r"after \d+\.\d\d s", "after N s", str(exc))
        words = re.sub(r"127\.0\.0\.1:\d+", "HOST", words)
        chain = []
        cause: BaseException | None = exc.__cause__
        while cause is not None and len(chain) < 5:
            chain.append(type(cause).__name__)
            cause = cause.__cause__ or cause.__context__
        return type(exc).__name__, words, chain[:2]
    return reply.status, reply.body


@pytest.mark.parametrize("case", list(CASES))
def test_the_fast_path_fails_as_urlopen_fails_on_the_same_connections(case: str) -> None:
    behaviour, timeout, size = CASES[case]
    outcomes = []
    for transport in (Urllib3Transport(), Urllib3Transport(pool_manager(retries=False))):
        with serve_raw(behaviour) as (url, _):
            try:
                outcomes.append(_outcome(transport, url, timeout, size))
            finally:
                transport.close()
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == "TransportError" or "Timeout" in outcomes[0][0]


@contextlib.contextmanager
def _answers_before_the_body_is_sent() -> Iterator[str]:
    """A server that answers 413 to the first request as soon as its head is in, and closes
    without reading the body (one connection; yields its base URL)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def answer() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            with conn:
                conn.settimeout(10)
                data = b""
                while b"\r\n\r\n" not in data:
                    data += conn.recv(65536)
                conn.sendall(b"HTTP/1.1 413 X\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}")
                time.sleep(0.05)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        thread.join(10)
        listener.close()


def test_an_answer_sent_before_a_large_upload_is_taken_is_still_read_as_urlopen_reads_it() -> None:
    outcomes = []
    for transport in (Urllib3Transport(), Urllib3Transport(pool_manager(retries=False))):
        with _answers_before_the_body_is_sent() as url:
            try:
                outcomes.append(_outcome(transport, url, Timeout(2, 2), size=8_000_000))
            finally:
                transport.close()
    assert outcomes[0] == outcomes[1] == (413, b"{}")


def _kept_then_closed(sock: socket.socket, request: bytes) -> None:
    """Answer without ``connection: close``, as a kept-alive answer, then (serve_raw) close."""
    sock.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n%s" % (len(BODY), BODY))


def test_an_idle_connection_the_server_closed_is_replaced_not_written_to() -> None:
    with serve_raw(_kept_then_closed) as (url, seen):
        transport = Urllib3Transport()
        try:
            for _ in range(3):
                assert transport.handle_request(_get(url + "/a"), Timeout(2, 2)).body == BODY
                time.sleep(0.05)  # the server's FIN arrives
        finally:
            transport.close()
    assert len(seen) == 3
