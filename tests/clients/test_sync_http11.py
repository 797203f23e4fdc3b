"""The sync transport's own connections (``opentok_sync._http11``: urllib3 connects, h11 frames):
an answer reads as urllib3's ``urlopen`` path reads it (status, headers, body, truncation), a
broken one fails as it fails, and a connection is reused only after an answer read to its end
that may be followed by another. (Correctness only, never speed.)"""

from __future__ import annotations

import gzip
import re
import socket
import ssl
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opentok_core import Request, Timeout, TLSError, TransportError
from opentok_sync import Urllib3Transport, pool_manager
from opentok_sync._deadline import WATCHDOG
from opentok_sync._free_list import FreeLists
from tests.servers import ANSWER_BODY as BODY
from tests.servers import KEEP, answer, chunked, full, seen, self_signed, serve_raw, serve_script


def get_all(base: str, calls: int, **options: Any) -> list[bytes]:
    """The bodies of ``calls`` GETs in a row on one transport of its own pool."""
    transport = Urllib3Transport(**options)
    assert transport._free is not None  # the own connections' path
    try:
        return [
            transport.handle_request(Request("GET", base + "/a"), Timeout(2, 2)).body
            for _ in range(calls)
        ]
    finally:
        transport.close()


def test_a_chunked_answer_read_to_its_end_leaves_the_connection_reused() -> None:
    with serve_script((chunked(), KEEP), (answer(), KEEP)) as (base, counts):
        assert get_all(base, 2) == [BODY, BODY]
    assert seen(counts) == (1, 2)


def test_an_answer_saying_connection_close_is_not_reused() -> None:
    close = answer(extra=b"connection: close\r\n")
    with serve_script((close, KEEP), (answer(), KEEP)) as (base, counts):
        assert get_all(base, 2) == [BODY, BODY]
    assert seen(counts) == (2, 2)


def test_an_http_1_0_answer_is_not_reused() -> None:
    old = answer(head=b"HTTP/1.0 200 OK")
    with serve_script((old, KEEP), (answer(), KEEP)) as (base, counts):
        assert get_all(base, 2) == [BODY, BODY]
    assert seen(counts) == (2, 2)


def test_informational_answers_before_the_answer_are_skipped() -> None:
    early = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n"
    with serve_script((early + answer(), KEEP), (answer(), KEEP)) as (base, counts):
        assert get_all(base, 2) == [BODY, BODY]
    assert seen(counts) == (1, 2)


def test_a_connection_is_put_back_only_between_answers_read_whole() -> None:
    with serve_script((answer(), KEEP), (answer(), KEEP)) as (base, counts):
        transport = Urllib3Transport(max_body=10)
        try:
            for _ in range(2):
                reply = transport.handle_request(Request("GET", base + "/a"), Timeout(2, 2))
                assert reply.truncated
                assert transport._free is not None and not transport._free.origin(base).free
        finally:
            transport.close()
    assert seen(counts) == (2, 2)


def _read_both(wire: bytes, **options: Any) -> list[tuple[Any, ...]]:
    """What the own connections' path and the urlopen path (a pool of the same connection
    class) each make of an answer sent as ``wire``: the Response's status, headers, body and
    truncation, or the error's class and words (seconds and port aside)."""
    outcomes = []
    with serve_raw(lambda sock, request: sock.sendall(wire)) as (url, _):
        for pool in (None, pool_manager(retries=False)):
            transport = Urllib3Transport(pool, **options)
            try:
                reply = transport.handle_request(Request("GET", url + "/a"), Timeout(2, 2))
                outcomes.append((reply.status, reply.headers, reply.body, reply.truncated))
            except TransportError as exc:
                words = re.sub(r"after \d+\.\d\d s", "after N s", str(exc))
                outcomes.append((type(exc), re.sub(r":\d+", ":PORT", words)))
            finally:
                transport.close()
    return outcomes


LATIN = "caf\u00e9".encode("latin-1")
BIG = b'{"items": "' + b"y" * 200_000 + b'"}'

#: Answers, each read alike by both paths.
ANSWERS = {
    "sized": answer(),
    "chunked": chunked(size=7),
    "gzip": answer(gzip.compress(BODY), extra=b"content-encoding: gzip\r\n"),
    "two codings": answer(
        gzip.compress(gzip.compress(BODY)),
        extra=b"content-encoding: gzip\r\ncontent-encoding: gzip\r\n",
    ),
    "repeated and latin-1 headers": answer(
        extra=b"Set-Cookie: a=1\r\nset-cookie: b=2\r\nX-Name: " + LATIN + b"\r\n"
    ),
    "until close": b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n" + BODY,
    "no content": b"HTTP/1.1 204 No Content\r\n\r\n",
    "large": answer(BIG),
    "an error status": answer(b'{"message": "no"}', head=b"HTTP/1.1 404 Not Found"),
}


@pytest.mark.parametrize("name", list(ANSWERS))
def test_an_answer_reads_as_on_the_urlopen_path(name: str) -> None:
    ours, urlopens = _read_both(ANSWERS[name])
    assert ours == urlopens
    assert ours[0] in (200, 204, 404)


def test_a_capped_body_reads_as_on_the_urlopen_path() -> None:
    ours, urlopens = _read_both(answer(BIG), max_body=1000)
    assert ours == urlopens and ours[3] is True and len(ours[2]) == 1000


#: Why an answer cut at a byte fails, by where: nothing sent, the head, the body.
CUT_WORDS = {
    "nothing": "the server closed the connection without answering",
    "head": "the answer is not HTTP/1.1",
    "body": "the connection closed before the whole answer arrived",
}


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=60, deadline=None)
@given(st.sampled_from([answer(), chunked(size=50)]), st.data())
def test_an_answer_cut_anywhere_fails_with_the_words_for_where_it_was_cut(
    wire: bytes, data: st.DataObject
) -> None:
    at = data.draw(st.integers(min_value=0, max_value=len(wire) - 1))
    ours, urlopens = _read_both(wire[:at])
    head_end = wire.index(b"\r\n\r\n") + 4
    where = "nothing" if at == 0 else "head" if at < head_end else "body"
    assert ours[0] is TransportError and ours[1].endswith(
        f"failed: {CUT_WORDS[where]} (after N s)"
    ), (at, ours)
    # http.client takes a head cut anywhere after its status code as a whole head, and a
    # chunked body cut after its last chunk's "0" as whole (such an answer then reads as
    # complete, or as cut in its body); h11 sees both cut. Elsewhere both paths say the same.
    status_code_end = len(b"HTTP/1.1 200")
    last_chunk = wire.rfind(b"\r\n0\r\n\r\n") + 2 if b"chunked" in wire else len(wire)
    if at < status_code_end or head_end <= at <= last_chunk:
        assert ours == urlopens, at


def test_a_request_on_a_kept_connection_the_server_drops_is_not_resent() -> None:
    # The server reads the second request and closes unanswered: that is a failure, and the
    # request went out once (it may have been acted on).
    with serve_script((answer(), KEEP)) as (base, counts):
        transport = Urllib3Transport()
        try:
            transport.handle_request(Request("GET", base + "/a"), Timeout(2, 2))
            post = Request("POST", base + "/b", (), b"{}")
            with pytest.raises(TransportError, match="without answering"):
                transport.handle_request(post, Timeout(2, 2))
        finally:
            transport.close()
    assert seen(counts) == (1, 2)


def test_what_goes_on_the_wire_is_what_urlopen_sends() -> None:
    sent: list[bytes] = []

    def record(sock: socket.socket, request: bytes) -> None:
        sent.append(request)
        sock.sendall(answer(extra=b"connection: close\r\n"))

    headers = (("accept", "application/json"), ("x-opentok-auth", "a.b.c"))
    with serve_raw(record) as (url, _):
        for pool in (None, pool_manager(retries=False)):
            transport = Urllib3Transport(pool)
            try:
                for method, body in (("GET", b""), ("POST", b'{"a": 1}'), ("DELETE", b"")):
                    transport.handle_request(
                        Request(method, url + "/p?q=1", headers, body), Timeout()
                    )
            finally:
                transport.close()

    def fields(raw: bytes) -> tuple[bytes, set[bytes], bytes]:
        head, _, body = raw.partition(b"\r\n\r\n")
        line, *lines = head.split(b"\r\n")
        return line, {field.lower() for field in lines}, body

    assert len(sent) == 6
    assert [fields(raw) for raw in sent[:3]] == [fields(raw) for raw in sent[3:]]


STALE = b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nSTALE"


@pytest.mark.parametrize(
    "first",
    [
        answer(b"first") + STALE,  # a second answer behind the first
        b"HTTP/1.1 204 No Content\r\ncontent-length: 2\r\n\r\n{}",  # a body on a 204
        answer(b"first")[:-5] + b"first!!",  # more body than its content-length
    ],
    ids=["an answer too many", "a body on a 204", "a body too long"],
)
@pytest.mark.parametrize("own", [True, False], ids=["own", "urlopen"])
def test_bytes_past_an_answers_end_never_reach_the_next_request(first: bytes, own: bool) -> None:
    with serve_script((first, KEEP), (answer(b"second"), KEEP)) as (base, counts):
        transport = Urllib3Transport(None if own else pool_manager(retries=False))
        try:
            transport.handle_request(Request("GET", base + "/a"), Timeout(2, 2))
            reply = transport.handle_request(Request("POST", base + "/b", (), b"{}"), Timeout(2, 2))
        finally:
            transport.close()
    # http.client drops what its buffer read past the answer; h11 keeps it, so the own path
    # closes that connection rather than read it as the next answer.
    assert reply.body == b"second"
    assert seen(counts) == ((2, 2) if own else (1, 2))


@pytest.mark.parametrize(
    ("url", "env"),
    [("http://127.0.0.1:99999/a", {}), ("http://127.0.0.1:1/a", {"ALL_PROXY": "socks5://h:1"})],
    ids=["a bad port", "an unusable proxy setting"],
)
def test_a_url_or_route_urllib3_refuses_is_a_transport_error_and_leaves_no_alarm(
    url: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    armed = WATCHDOG.armed()
    transport = Urllib3Transport()
    try:
        for _ in range(3):
            with pytest.raises(TransportError):
                transport.handle_request(Request("GET", url), Timeout(1, 1))
    finally:
        transport.close()
    assert WATCHDOG.armed() == armed


def test_a_certificate_for_another_name_is_a_tls_error_on_both_paths(tmp_path: Path) -> None:
    # With the context's own hostname check off, urllib3 matches the name itself, and says so
    # with its own CertificateError (a ValueError).
    context, cert = self_signed(tmp_path)  # for 127.0.0.1
    trusting = ssl.create_default_context(cafile=str(cert))
    trusting.check_hostname = False
    errors = []
    with serve_raw(full(BODY), tls=context) as (url, seen):
        url = url.replace("127.0.0.1", "localhost")
        for transport in (
            Urllib3Transport(verify=trusting),
            Urllib3Transport(pool_manager(ssl_context=trusting, retries=False)),
        ):
            try:
                with pytest.raises(TLSError) as info:
                    transport.handle_request(Request("GET", url + "/a"), Timeout(2, 2))
                errors.append(re.sub(r"after \d+\.\d\d s", "", str(info.value)))
            finally:
                transport.close()
    assert errors[0] == errors[1] and seen == []


def test_a_target_is_sent_encoded_as_urlopen_encodes_it() -> None:
    sent: list[bytes] = []

    def record(sock: socket.socket, request: bytes) -> None:
        sent.append(request.split(b"\r\n", 1)[0])
        sock.sendall(answer(extra=b"connection: close\r\n"))

    paths = ["/a b", "/caf\u00e9?x=\u00e9", "/a/../b/./c", "/p#fragment", "/q?a=%2f&b=c"]
    with serve_raw(record) as (url, _):
        for pool in (None, pool_manager(retries=False)):
            transport = Urllib3Transport(pool)
            try:
                for path in paths:
                    transport.handle_request(Request("GET", url + path), Timeout(2, 2))
            finally:
                transport.close()
    assert sent[: len(paths)] == sent[len(paths) :]
    assert sent[0] == b"GET /a%20b HTTP/1.1"


def test_past_ten_origins_only_the_one_remembered_first_is_forgotten() -> None:
    free = FreeLists(pool_manager(), keep=32)
    origins = [free.origin(f"http://host{i}:80") for i in range(11)]
    assert [o.pool.host for o in free._origins.values()] == [f"host{i}" for i in range(1, 11)]
    assert not origins[0].close.alive and all(o.close.alive for o in origins[1:])
