"""TLS and proxies as requests and httpx users expect, the same on both clients:
``verify=True | False | path | ssl.SSLContext``, ``proxy=url`` and ``trust_env=True`` (which
makes the sync client honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY as the async one does).
Turning verification off logs one warning, and no per-request warning follows (the suite
turns warnings into errors). Archive downloads, on connections of their own, follow the same
settings."""

from __future__ import annotations

import hashlib
import logging
import socket
import socketserver
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from opentok_async import AsyncClient
from opentok_core import NO_RETRY, Archive, ConnectError, TLSError, TransportError, ValidationError
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET
from tests.fakes import FakeTransport
from tests.servers import _pipe, _read_request, _running, full, self_signed, serve_raw

ARCHIVE = b'{"id":"a1","status":"available","name":"n","sessionId":"s","createdAt":0,"size":0}'


async def get_both(url: str, **options: Any) -> list[str]:
    """The archive id each client gets from ``url`` with ``options``."""
    sync = Client(API_KEY, API_SECRET, api_url=url, retry=NO_RETRY, **options)
    asyn = AsyncClient(API_KEY, API_SECRET, api_url=url, retry=NO_RETRY, **options)
    try:
        return [sync.get_archive("a1").id, (await asyn.get_archive("a1")).id]
    finally:
        sync.close()
        await asyn.aclose()


@pytest.mark.anyio
async def test_verify_takes_a_ca_bundle_path_or_an_ssl_context(tmp_path: Path) -> None:
    server_context, cert = self_signed(tmp_path)
    with serve_raw(full(ARCHIVE), tls=server_context) as (url, _):
        assert await get_both(url, verify=str(cert)) == ["a1", "a1"]
        assert await get_both(url, verify=cert) == ["a1", "a1"]  # a PathLike too
        context = ssl.create_default_context(cafile=str(cert))
        assert await get_both(url, verify=context) == ["a1", "a1"]
        for cls in (Client, AsyncClient):
            with pytest.raises(TLSError):  # the default verifies: this certificate is unknown
                client: Any = cls(API_KEY, API_SECRET, api_url=url, retry=NO_RETRY)
                result = client.get_archive("a1")
                if cls is AsyncClient:
                    await result


@pytest.mark.anyio
async def test_verify_false_connects_and_logs_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server_context, _ = self_signed(tmp_path)
    with serve_raw(full(ARCHIVE), tls=server_context) as (url, _):
        with caplog.at_level(logging.WARNING, logger="opentok"):
            sync = Client(API_KEY, API_SECRET, api_url=url, verify=False, retry=NO_RETRY)
            asyn = AsyncClient(API_KEY, API_SECRET, api_url=url, verify=False, retry=NO_RETRY)
            # Two calls each: urllib3's per-request InsecureRequestWarning would be an error.
            ids = [sync.get_archive("a1").id for _ in range(2)]
            ids += [(await asyn.get_archive("a1")).id for _ in range(2)]
            sync.close()
            await asyn.aclose()
    assert ids == ["a1"] * 4
    warned = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 2  # one per client built
    assert all("verification is off" in r.getMessage() for r in warned)


@pytest.mark.parametrize("cls", [Client, AsyncClient])
@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"verify": "/nonexistent/ca.pem"}, "verify"),
        ({"verify": 42}, "verify"),
        ({"proxy": "socks5://127.0.0.1:1080"}, "proxy"),
        ({"proxy": "http://127.0.0.1:99999"}, "proxy"),
        ({"proxy": 8080}, "proxy"),
        ({"trust_env": "yes"}, "trust_env"),
        ({"verify": False, "transport": FakeTransport(lambda r: None)}, "transport"),  # type: ignore[arg-type, return-value]
    ],
)
def test_bad_tls_or_proxy_options_are_validation_errors(
    cls: Any, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        cls(API_KEY, API_SECRET, **options)
    assert info.value.field == field


@contextmanager
def forward_proxy() -> Iterator[tuple[str, list[bytes]]]:
    """A plain-HTTP proxy on 127.0.0.1:0 answering every forwarded request itself (the
    target need not exist); yield its URL and the raw requests it got."""
    with serve_raw(full(ARCHIVE)) as (url, seen):
        yield url, seen


@contextmanager
def tunnel_proxy() -> Iterator[tuple[str, list[bytes]]]:
    """A plain-HTTP proxy on 127.0.0.1:0 that only tunnels (``CONNECT``); yield its URL and
    the CONNECT requests it got."""
    seen: list[bytes] = []

    class _H(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            sock.settimeout(10)
            try:
                head = _read_request(sock)
                seen.append(head)
                host, port = head.split(b" ", 2)[1].decode().rsplit(":", 1)
                with socket.create_connection((host, int(port)), timeout=10) as upstream:
                    sock.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    _pipe(sock, upstream)
            except (OSError, ValueError, IndexError):
                pass

    with _running(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _H)) as port:
        yield f"http://127.0.0.1:{port}", seen


@pytest.mark.anyio
async def test_proxy_sends_every_request_through_the_proxy() -> None:
    with forward_proxy() as (proxy, seen):
        ids = await get_both("http://api.opentok.invalid:8080", proxy=proxy)
    assert ids == ["a1", "a1"]
    assert all(r.startswith(b"GET http://api.opentok.invalid:8080/v2/") for r in seen)
    assert len(seen) == 2


def clean_proxy_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.mark.anyio
async def test_both_clients_honour_https_proxy_and_no_proxy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_proxy_environment(monkeypatch)
    server_context, cert = self_signed(tmp_path)
    with (
        tunnel_proxy() as (proxy, tunnels),
        serve_raw(full(ARCHIVE), tls=server_context) as (
            url,
            served,
        ),
    ):
        monkeypatch.setenv("HTTPS_PROXY", proxy)
        assert await get_both(url, verify=str(cert)) == ["a1", "a1"]
        connect = f"CONNECT {url.split('://')[1]} HTTP/1.".encode()
        assert [t[: len(connect)] for t in tunnels] == [connect] * 2
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        assert await get_both(url, verify=str(cert)) == ["a1", "a1"]
        assert len(tunnels) == 2 and len(served) == 4  # straight to the server this time
        monkeypatch.delenv("NO_PROXY")
        assert await get_both(url, verify=str(cert), trust_env=False) == ["a1", "a1"]
        assert len(tunnels) == 2 and len(served) == 6  # the environment ignored


@pytest.mark.anyio
async def test_http_proxy_routes_plain_http_in_both_clients(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clean_proxy_environment(monkeypatch)
    with forward_proxy() as (proxy, seen):
        monkeypatch.setenv("HTTP_PROXY", proxy)
        assert await get_both("http://api.opentok.invalid") == ["a1", "a1"]
    assert len(seen) == 2


@pytest.mark.anyio
async def test_an_unreachable_proxy_is_a_connect_error_naming_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clean_proxy_environment(monkeypatch)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for cls in (Client, AsyncClient):
        client: Any = cls(
            API_KEY,
            API_SECRET,
            api_url="http://api.opentok.invalid",
            proxy=f"http://127.0.0.1:{port}",
            retry=NO_RETRY,
        )
        with pytest.raises(ConnectError) as info:
            result = client.get_archive("a1")
            if cls is AsyncClient:
                await result
        assert f"127.0.0.1:{port}" in str(info.value)


# The archive download path: its own connections, with the same settings as the API path. ---

STORAGE_BODY = bytes(range(256)) * 40


def _archive_at(url: str) -> Archive:
    return Archive.from_json(
        {
            "id": "a1",
            "status": "available",
            "sessionId": "s",
            "createdAt": 0,
            "size": len(STORAGE_BODY),
            "url": url + "/a1/archive.mp4?X-Amz-Signature=presigned",
            "sha256sum": hashlib.sha256(STORAGE_BODY).hexdigest(),
        }
    )


async def download_both(archive: Archive, folder: Path, **options: Any) -> list[bytes]:
    """What each client downloads of ``archive`` into ``folder`` with ``options``."""
    sync = Client(API_KEY, API_SECRET, api_url="http://127.0.0.1:9", retry=NO_RETRY, **options)
    asyn = AsyncClient(API_KEY, API_SECRET, api_url="http://127.0.0.1:9", retry=NO_RETRY, **options)
    try:
        sync.download_archive(archive, folder / "sync.mp4", resume=False)
        await asyn.download_archive(archive, folder / "async.mp4", resume=False)
    finally:
        sync.close()
        await asyn.aclose()
    return [(folder / "sync.mp4").read_bytes(), (folder / "async.mp4").read_bytes()]


@pytest.mark.anyio
async def test_downloads_verify_with_the_clients_ca_bundle_or_context(tmp_path: Path) -> None:
    server_context, cert = self_signed(tmp_path)
    with serve_raw(full(STORAGE_BODY), tls=server_context) as (url, seen):
        archive = _archive_at(url)
        assert await download_both(archive, tmp_path, verify=str(cert)) == [STORAGE_BODY] * 2
        context = ssl.create_default_context(cafile=str(cert))
        assert await download_both(archive, tmp_path, verify=context) == [STORAGE_BODY] * 2
        assert len(seen) == 4
        for cls in (Client, AsyncClient):  # the default verifies: this certificate is unknown
            client: Any = cls(API_KEY, API_SECRET, api_url="http://127.0.0.1:9", retry=NO_RETRY)
            with pytest.raises(TransportError):
                result = client.download_archive(archive, tmp_path / "refused.mp4")
                if cls is AsyncClient:
                    await result
    assert len(seen) == 4  # the handshakes failed: no request reached the storage


@pytest.mark.anyio
async def test_downloads_go_through_the_clients_proxy(tmp_path: Path) -> None:
    with serve_raw(full(STORAGE_BODY)) as (proxy, seen):
        archive = _archive_at("http://storage.opentok.invalid:8080")
        assert await download_both(archive, tmp_path, proxy=proxy) == [STORAGE_BODY] * 2
    target = b"GET http://storage.opentok.invalid:8080/a1/archive.mp4?X-Amz-Signature="
    assert [r[: len(target)] for r in seen] == [target] * 2


@pytest.mark.anyio
async def test_downloads_honour_http_proxy_and_no_proxy_in_both_clients(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean_proxy_environment(monkeypatch)
    with (
        serve_raw(full(STORAGE_BODY)) as (proxy, proxied),
        serve_raw(full(STORAGE_BODY)) as (storage, served),
    ):
        monkeypatch.setenv("HTTP_PROXY", proxy)
        assert await download_both(_archive_at(storage), tmp_path) == [STORAGE_BODY] * 2
        assert (len(proxied), len(served)) == (2, 0)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
        assert await download_both(_archive_at(storage), tmp_path) == [STORAGE_BODY] * 2
        assert (len(proxied), len(served)) == (2, 2)  # straight to the storage
        monkeypatch.delenv("NO_PROXY")
        archive = _archive_at(storage)
        assert await download_both(archive, tmp_path, trust_env=False) == [STORAGE_BODY] * 2
        assert (len(proxied), len(served)) == (2, 4)  # the environment ignored


@pytest.mark.anyio
async def test_https_downloads_tunnel_through_https_proxy_with_the_clients_ca(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The usual deployment: a presigned https:// storage URL, reached through a CONNECT proxy."""
    clean_proxy_environment(monkeypatch)
    server_context, cert = self_signed(tmp_path)
    with (
        tunnel_proxy() as (proxy, tunnels),
        serve_raw(full(STORAGE_BODY), tls=server_context) as (storage, served),
    ):
        monkeypatch.setenv("HTTPS_PROXY", proxy)
        archive = _archive_at(storage)
        assert await download_both(archive, tmp_path, verify=cert) == [STORAGE_BODY] * 2
    connect = f"CONNECT {storage.split('://')[1]} HTTP/1.".encode()
    assert [t[: len(connect)] for t in tunnels] == [connect] * 2 and len(served) == 2
