"""download_archive on both clients against the emulator over HTTP: the bytes of an archive's
size served with Range, a body cut halfway and resumed, Range ignored and restarted, the size
and hash checked, no API auth sent to storage, no redirect to another host followed."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from opentok_core import (
    NO_RETRY,
    Archive,
    ArchiveNotDownloadable,
    DownloadError,
    DownloadProgress,
    IntegrityError,
    Response,
    RetryPolicy,
    TransportError,
    ValidationError,
)
from opentok_emulator._storage import archive_bytes
from opentok_emulator.control import InjectFault
from tests.clients.emulated_time import Clock, clients, live_session, served
from tests.servers import serve

#: 10 s of recording: 1,251,000 bytes (the emulator's 1000 + 125 kB per second).
SECONDS = 10


def _available(clock: Clock, client) -> Archive:  # type: ignore[no-untyped-def]
    archive = client.start_archive(live_session(client))
    clock.now += SECONDS
    client.stop_archive(archive.id)
    return client.wait_for_archive(archive.id)


def _expected(archive: Archive) -> bytes:
    assert archive.size
    return archive_bytes(archive.id, 0, archive.size)


@pytest.mark.anyio
async def test_both_clients_download_the_archive_bytes_verified(tmp_path: Path) -> None:
    clock = Clock()
    emulator = clock.emulator()
    with served(emulator) as url:
        sync, aio = clients(clock, emulator, url)
        archive = _available(clock, sync)
        assert archive.size == 1000 + SECONDS * 125_000 and archive.sha256sum
        seen: list[DownloadProgress] = []
        got = sync.download_archive(archive, tmp_path / "sync.mp4", on_progress=seen.append)
        other = await aio.download_archive(archive.id, str(tmp_path / "async.mp4"))
        await aio.aclose()
    body = _expected(archive)
    for result, name in ((got, "sync.mp4"), (other, "async.mp4")):
        assert (tmp_path / name).read_bytes() == body
        assert result.verified and result.size == len(body) and result.resumed_from == 0
        assert result.sha256 == hashlib.sha256(body).hexdigest() == archive.sha256sum
    assert seen[-1].done == seen[-1].total == len(body) and len(seen) >= 2


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_body_cut_halfway_is_resumed_with_range(tmp_path: Path, kind: str) -> None:
    clock = Clock()
    emulator = clock.emulator()
    with served(emulator) as url:
        sync, aio = clients(clock, emulator, url)
        archive = _available(clock, sync)
        sync.send(InjectFault(operation="storage.archive", cut=True))
        target = tmp_path / "a.mp4"
        # No retries: the cut raises and leaves the first half on disk ...
        with pytest.raises(TransportError):
            if kind == "sync":
                sync.download_archive(archive, target)
            else:
                await aio.download_archive(archive, target)
        partial = target.stat().st_size
        assert 0 < partial < archive.size  # type: ignore[operator]
        # ... which the next call continues from, with Range.
        if kind == "sync":
            result = sync.download_archive(archive, target)
        else:
            result = await aio.download_archive(archive, target)
        await aio.aclose()
    assert result.resumed_from == partial and result.verified
    assert target.read_bytes() == _expected(archive)


def test_within_one_call_a_cut_is_resumed_under_the_retry_policy(tmp_path: Path) -> None:
    clock = Clock()
    emulator = clock.emulator()
    with served(emulator) as url:
        sync, _ = clients(clock, emulator, url)
        archive = _available(clock, sync)
        sync.send(InjectFault(operation="storage.archive", cut=True, count=2))
        patient = sync.with_options(retry=RetryPolicy(max_attempts=3))
        result = patient.download_archive(archive, tmp_path / "a.mp4")
    assert result.verified and (tmp_path / "a.mp4").read_bytes() == _expected(archive)


def _storage_like(body: bytes, *, honour_range: bool, sha: str | None = None):  # type: ignore[no-untyped-def]
    def answer(request):  # type: ignore[no-untyped-def]
        wanted = request.header("range")
        if honour_range and wanted:
            start = int(wanted.removeprefix("bytes=").rstrip("-"))
            rng = f"bytes {start}-{len(body) - 1}/{len(body)}"
            return Response(206, {"content-range": rng}, body[start:])
        return Response(200, {}, body)

    return answer


def _archive(url: str, body: bytes, sha256: str | None = "auto") -> Archive:
    return Archive.from_json(
        {
            "id": "a1",
            "status": "available",
            "sessionId": "s",
            "createdAt": 0,
            "size": len(body),
            "url": url + "/file.mp4?X-Amz-Signature=secret",
            "sha256sum": hashlib.sha256(body).hexdigest() if sha256 == "auto" else sha256,
        }
    )


def test_a_server_ignoring_range_restarts_the_file(tmp_path: Path) -> None:
    body = bytes(range(256)) * 1000
    target = tmp_path / "a.mp4"
    target.write_bytes(b"stale bytes from another file")
    with serve(_storage_like(body, honour_range=False)) as (url, seen):
        sync, _ = clients(Clock(), Clock().emulator())
        result = sync.download_archive(_archive(url, body), target)
    assert seen[0].header("range") == f"bytes={len(b'stale bytes from another file')}-"
    assert target.read_bytes() == body and result.verified


def test_no_api_auth_goes_to_the_storage(tmp_path: Path) -> None:
    body = b"x" * 5000
    with serve(_storage_like(body, honour_range=True)) as (url, seen):
        sync, _ = clients(Clock(), Clock().emulator())
        sync.download_archive(_archive(url, body), tmp_path / "a.mp4")
    assert seen[0].header("authorization") is None
    assert seen[0].header("x-opentok-auth") is None


def test_a_wrong_hash_is_an_integrity_error_and_the_file_is_removed(tmp_path: Path) -> None:
    body = b"y" * 5000
    with serve(_storage_like(body, honour_range=True)) as (url, _):
        sync, _ = clients(Clock(), Clock().emulator())
        with pytest.raises(IntegrityError, match="SHA-256"):
            sync.download_archive(_archive(url, body, sha256="0" * 64), tmp_path / "a.mp4")
        assert not (tmp_path / "a.mp4").exists()
        unchecked = sync.download_archive(
            _archive(url, body, sha256="0" * 64), tmp_path / "b.mp4", verify=False
        )
    assert not unchecked.verified and (tmp_path / "b.mp4").read_bytes() == body


def test_a_download_into_a_file_object(tmp_path: Path) -> None:
    body = b"z" * 3000
    buffer = io.BytesIO()
    with serve(_storage_like(body, honour_range=True)) as (url, _):
        sync, _ = clients(Clock(), Clock().emulator())
        result = sync.download_archive(_archive(url, body), buffer)
    assert buffer.getvalue() == body and result.path is None


def test_a_redirect_to_another_host_is_refused(tmp_path: Path) -> None:
    def redirect(request):  # type: ignore[no-untyped-def]
        return Response(302, {"location": "http://evil.invalid/steal"}, b"")

    with serve(redirect) as (url, _):
        sync, _ = clients(Clock(), Clock().emulator())
        with pytest.raises(DownloadError, match="another host") as refused:
            sync.download_archive(_archive(url, b"abc"), tmp_path / "a.mp4")
    assert "secret" not in str(refused.value)


@pytest.mark.parametrize(
    ("status", "reason"),
    [("uploaded", "uploaded"), ("stopped", "not_ready"), ("expired", "expired")],
)
def test_an_archive_without_url_says_why(status: str, reason: str, tmp_path: Path) -> None:
    archive = Archive.from_json({"id": "a1", "status": status, "sessionId": "s", "createdAt": 0})
    sync, _ = clients(Clock(), Clock().emulator())
    with pytest.raises(ArchiveNotDownloadable) as refused:
        sync.download_archive(archive, tmp_path / "a.mp4")
    assert refused.value.reason == reason
    assert not (tmp_path / "a.mp4").exists()


def test_bad_arguments_are_validation_errors(tmp_path: Path) -> None:
    sync, _ = clients(Clock(), Clock().emulator())
    archive = _archive("http://127.0.0.1:9", b"abc")
    with pytest.raises(ValidationError, match="path_or_file"):
        sync.download_archive(archive, 42)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="resume"):
        sync.download_archive(archive, tmp_path / "a", resume="yes")  # type: ignore[arg-type]
    assert NO_RETRY.max_attempts == 1


def test_a_file_larger_than_the_archive_is_started_again(tmp_path: Path) -> None:
    body = b"q" * 2000
    target = tmp_path / "a.mp4"
    target.write_bytes(b"an unrelated, longer file" * 200)
    with serve(_storage_like(body, honour_range=True)) as (url, seen):
        sync, _ = clients(Clock(), Clock().emulator())
        result = sync.download_archive(_archive(url, body), target)
    assert seen[0].header("range") is None and result.resumed_from == 0
    assert target.read_bytes() == body
