"""One wording per failure, in both clients: what happened, to which host:port, after how many
seconds, in how many attempts, and no HTTP library's class names. A certificate or handshake
failure is a TLSError, and it is not retried."""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Any

import pytest

from opentok_async import AsyncClient
from opentok_core import (
    ConnectError,
    RetryPolicy,
    Timeout,
    TLSError,
    TransportError,
    TransportTimeout,
)
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET
from tests.servers import RawBehaviour, full, self_signed, serve_raw, stall, trickle

ARCHIVE = b'{"id":"a1","status":"available","name":"n","sessionId":"s","createdAt":0,"size":0}'

#: What no message may show: the HTTP libraries' names and their classes' reprs.
INTERNALS = re.compile(
    r"urllib3|httpx|httpcore|anyio|h11|HTTPConnection|Error\(|Exception\(|Timeout\(|"
    r"NewConnection|MaxRetry|ReadTimeoutError|ConnectTimeoutError|SSLError|_ssl\.c|object at 0x"
)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def no_wait(seconds: float) -> None:
    pass


async def no_async_wait(seconds: float) -> None:
    pass


def both(url: str, **options: Any) -> tuple[Client, AsyncClient]:
    return (
        Client(API_KEY, API_SECRET, api_url=url, sleep=no_wait, **options),
        AsyncClient(API_KEY, API_SECRET, api_url=url, sleep=no_async_wait, **options),
    )


async def failures(url: str, **options: Any) -> list[TransportError]:
    """The error each client raises for ``get_archive`` against ``url``."""
    sync, asyn = both(url, **options)
    errors = []
    with pytest.raises(TransportError) as sync_info:
        sync.get_archive("a1")
    errors.append(sync_info.value)
    with pytest.raises(TransportError) as async_info:
        await asyn.get_archive("a1")
    errors.append(async_info.value)
    sync.close()
    await asyn.aclose()
    return errors


def same_words(errors: list[TransportError]) -> str:
    """The one message both clients gave (their seconds aside), checked for internals."""
    texts = [re.sub(r"after \d+\.\d\d s", "after N s", str(e)) for e in errors]
    assert texts[0] == texts[1], texts
    assert not INTERNALS.search(texts[0]), texts[0]
    assert type(errors[0]) is type(errors[1])
    return texts[0]


async def worded(behaviour: RawBehaviour) -> tuple[str, str]:
    """The one message both clients give, in one attempt, for a server answering as
    ``behaviour`` does, and that server's port."""
    with serve_raw(behaviour) as (url, _):
        errors = await failures(url, retry=RetryPolicy(1))
    return same_words(errors), url.rsplit(":", 1)[1]


@pytest.mark.anyio
async def test_a_refused_connection_names_the_host_port_the_time_and_the_attempts() -> None:
    port = closed_port()
    errors = await failures(f"http://127.0.0.1:{port}")  # the default policy: 3 attempts
    text = same_words(errors)
    assert isinstance(errors[0], ConnectError)
    assert text == (
        f"archives.get: could not connect to 127.0.0.1:{port}: connection refused "
        "(after N s, in 3 attempts)"
    )
    assert [e.attempts for e in errors] == [3, 3]


@pytest.mark.anyio
async def test_a_read_timeout_names_its_seconds() -> None:
    with serve_raw(stall(ARCHIVE, after=0, pause=3)) as (url, _):
        errors = await failures(url, timeout=Timeout(2, 0.3, total=10), retry=RetryPolicy(1))
    text = same_words(errors)
    assert isinstance(errors[0], TransportTimeout)
    port = url.rsplit(":", 1)[1]
    assert text == (
        f"archives.get: no answer from 127.0.0.1:{port} within the 0.3 s read timeout "
        "(after N s, in 1 attempt)"
    )


@pytest.mark.anyio
async def test_the_total_deadline_names_its_seconds() -> None:
    with serve_raw(trickle(ARCHIVE, every=0.05)) as (url, _):
        errors = await failures(url, timeout=Timeout(2, 1, total=0.5), retry=RetryPolicy(1))
    text = same_words(errors)
    assert isinstance(errors[0], TransportTimeout)
    port = url.rsplit(":", 1)[1]
    assert text == (
        f"archives.get: the answer from 127.0.0.1:{port} took longer than the 0.5 s total "
        "timeout (after N s, in 1 attempt)"
    )


@pytest.mark.anyio
async def test_an_untrusted_certificate_is_a_tls_error_and_is_not_retried(tmp_path: Path) -> None:
    context, _ = self_signed(tmp_path)
    with serve_raw(full(ARCHIVE), tls=context) as (url, seen):
        errors = await failures(url)  # the default policy would retry a ConnectError
    text = same_words(errors)
    assert all(isinstance(e, TLSError) and isinstance(e, ConnectError) for e in errors)
    port = url.rsplit(":", 1)[1]
    assert text == (
        f"archives.get: the TLS handshake with 127.0.0.1:{port} failed: certificate verify "
        "failed: self-signed certificate (after N s, in 1 attempt)"
    )
    assert [e.attempts for e in errors] == [1, 1] and seen == []


@pytest.mark.anyio
@pytest.mark.parametrize("framing", ["content-length", "chunked", "chunk-size"])
async def test_an_answer_cut_mid_body_is_worded_as_cut_not_as_unanswered(framing: str) -> None:
    # h11's words for it ("peer closed connection without sending complete message body")
    # once read as a server that sent nothing.
    def cut(sock: socket.socket, request: bytes) -> None:
        chunked = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
        if framing == "chunked":
            sock.sendall(chunked + b"%x\r\n" % len(ARCHIVE) + ARCHIVE[:10])
        elif framing == "chunk-size":  # cut inside the line giving the next chunk's size
            sock.sendall(chunked + b"%x\r\n" % len(ARCHIVE) + ARCHIVE + b"\r\n1")
        else:
            head = b"HTTP/1.1 200 OK\r\ncontent-length: %d\r\n\r\n" % len(ARCHIVE)
            sock.sendall(head + ARCHIVE[:10])

    text, port = await worded(cut)
    assert text == (
        f"archives.get: the exchange with 127.0.0.1:{port} failed: the connection closed "
        "before the whole answer arrived (after N s, in 1 attempt)"
    )


@pytest.mark.anyio
async def test_a_server_that_hangs_up_is_worded_the_same() -> None:
    def hang_up(sock: socket.socket, request: bytes) -> None:
        pass  # closes without a byte of answer

    text, port = await worded(hang_up)
    assert text == (
        f"archives.get: the exchange with 127.0.0.1:{port} failed: the server closed the "
        "connection without answering (after N s, in 1 attempt)"
    )
