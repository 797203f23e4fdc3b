"""Archive downloads: the pure decisions. Whether an archive can be downloaded (and why not),
what a storage server's answer to a ranged GET means, where a redirect may go, and whether
the bytes that arrived are the archive's. The clients do the streaming (``download_archive``).

The archive's ``url`` is a storage URL (a presigned S3 link, valid 10 minutes:
spec/service.md#archive-object), not the API: no API auth header goes to it, no redirect to
another host is followed, and its body is not held to the API's 16 MiB cap.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

import attrs

from ._errors import ArchiveNotDownloadable, DownloadError, IntegrityError, ValidationError
from ._model import Model

__all__ = [
    "CHUNK_SIZE",
    "MAX_REDIRECTS",
    "Digest",
    "DownloadAnswer",
    "DownloadProgress",
    "DownloadResult",
    "DownloadSource",
    "check_download",
    "check_target",
    "download_answer",
    "download_source",
    "redirect_target",
    "range_headers",
    "safe_url",
]

#: Redirects a download follows at most (same host only).
MAX_REDIRECTS = 5
#: Bytes read and written at a time: memory stays bounded whatever the archive's size.
CHUNK_SIZE = 1024 * 1024


@attrs.frozen
class DownloadSource:
    """Where an archive's bytes are and what they must be: ``size`` and ``sha256`` when the
    archive says."""

    archive_id: str
    url: str
    size: int | None
    sha256: str | None


@attrs.frozen
class DownloadProgress(Model):
    """``done`` of ``total`` bytes (None when unknown), ``resumed_from`` the bytes that were
    already on disk."""

    archive_id: str
    done: int
    total: int | None
    resumed_from: int = 0


@attrs.frozen
class DownloadResult(Model):
    """A finished download: ``path`` (None for a file object), ``size``, ``sha256`` (hex, of
    the whole file), ``resumed_from`` and whether the size and hash were ``verified``."""

    archive_id: str
    path: str | None
    size: int
    sha256: str
    resumed_from: int
    verified: bool


_WHY = {
    "uploaded": (
        "uploaded",
        "it was uploaded to your own storage (S3 or Azure), which has the file: fetch it there",
    ),
    "expired": ("expired", "it expired: archives are kept on the service 72 hours"),
    "deleted": ("deleted", "it was deleted"),
    "failed": ("failed", "it failed: there is no file"),
}


def _status(value: object) -> str:
    return str(getattr(value, "value", value))


def download_source(archive: Any) -> DownloadSource:
    """The source of ``archive`` (an Archive), or ArchiveNotDownloadable naming the reason."""
    status = _status(archive.status)
    url = archive.url
    if not url:
        reason, why = _WHY.get(
            status,
            (
                "not_ready",
                f"it is {status}, not available yet: wait for it (wait_for_archive) first",
            ),
        )
        if status == "available":
            reason, why = "no_url", "it is available but the service gave no url"
        raise ArchiveNotDownloadable(
            f"has no url to download: {why}", archive_id=archive.id, reason=reason
        )
    if urlsplit(url).scheme not in ("http", "https"):
        raise DownloadError(f"its url is not http(s): {safe_url(url)}", archive_id=archive.id)
    size = archive.size if isinstance(archive.size, int) and archive.size > 0 else None
    digest = archive.sha256sum if isinstance(archive.sha256sum, str) else None
    return DownloadSource(archive.id, url, size, digest.lower() if digest else None)


def safe_url(url: str) -> str:
    """``url`` without its query and fragment (a presigned URL's query is its credential)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


#: A download asks for the file's own bytes: they are written as they come, never decoded
#: (httpx, the async download's client, would otherwise ask for gzip and brotli).
_IDENTITY = ("accept-encoding", "identity")


def range_headers(offset: int) -> tuple[tuple[str, str], ...]:
    """The request headers of a GET from ``offset`` on (no ``range`` from the start)."""
    return (_IDENTITY, ("range", f"bytes={offset}-")) if offset > 0 else (_IDENTITY,)


def redirect_target(current: str, location: str | None, *, archive_id: str = "") -> str:
    """Where a 3xx from ``current`` may go: the same scheme, host and port only."""
    if not location:
        raise DownloadError("the storage redirected without a Location", archive_id=archive_id)
    target = urljoin(current, location)
    here, there = urlsplit(current), urlsplit(target)
    if (here.scheme, here.hostname, here.port) != (there.scheme, there.hostname, there.port):
        raise DownloadError(
            f"refused a redirect from {here.hostname} to another host ({there.hostname})",
            archive_id=archive_id,
        )
    return target


@attrs.frozen
class DownloadAnswer:
    """What a storage answer means: ``append`` (206 from our offset), ``restart`` (200: the
    server ignored Range, the file starts again) or ``complete`` (416: nothing left); and
    the whole file's ``total`` size when the answer says."""

    kind: str
    total: int | None


_CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+|\*)$")
_UNSATISFIED = re.compile(r"^bytes \*/(\d+)$")


def _header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.strip()
    return None


def download_answer(
    status: int, headers: Iterable[tuple[str, str]], offset: int, *, archive_id: str = ""
) -> DownloadAnswer:
    """Read the status and headers of a storage answer to a GET sent from ``offset``."""
    headers = list(headers)
    if status == 200:
        length = _header(headers, "content-length")
        return DownloadAnswer("restart", int(length) if length and length.isdigit() else None)
    if status == 206:
        match = _CONTENT_RANGE.match(_header(headers, "content-range") or "")
        if match is None or int(match.group(1)) != offset:
            raise DownloadError(
                f"the storage answered 206 with a Content-Range not from byte {offset}",
                archive_id=archive_id,
            )
        total = match.group(3)
        return DownloadAnswer("append", None if total == "*" else int(total))
    if status == 416 and offset > 0:
        match = _UNSATISFIED.match(_header(headers, "content-range") or "")
        return DownloadAnswer("complete", int(match.group(1)) if match else None)
    hint = " (a storage URL is valid 10 minutes: fetch the archive again)" if status == 403 else ""
    raise DownloadError(f"the storage answered HTTP {status}{hint}", archive_id=archive_id)


class Digest:
    """The running SHA-256 and size of what is on disk (the part resumed from, then the rest)."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()
        self.size = 0

    def update(self, data: bytes) -> None:
        self._hash.update(data)
        self.size += len(data)

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def check_download(source: DownloadSource, digest: Digest, total: int | None) -> bool:
    """Raise IntegrityError unless the bytes are the archive's; True when size and hash (both
    where known) were checked."""
    expected = source.size if source.size is not None else total
    if expected is not None and digest.size != expected:
        raise IntegrityError(
            f"downloaded {digest.size} bytes, the archive has {expected}",
            archive_id=source.archive_id,
            expected=str(expected),
            got=str(digest.size),
        )
    if source.sha256 is not None and digest.hexdigest() != source.sha256:
        raise IntegrityError(
            "the SHA-256 of the bytes downloaded is not the archive's sha256sum",
            archive_id=source.archive_id,
            expected=source.sha256,
            got=digest.hexdigest(),
        )
    return expected is not None


def check_target(path_or_file: object) -> None:
    """Refuse a download target that cannot be written to, before any I/O: a path (str or
    PathLike, non-empty, no NUL) or an object with ``write``."""
    if isinstance(path_or_file, (str, os.PathLike)):
        path = os.fspath(path_or_file)
        if not isinstance(path, str) or not path or len(path) > 4096 or "\0" in path:
            raise ValidationError("path_or_file", "must be a non-empty path without NUL")
    elif not callable(getattr(path_or_file, "write", None)):
        raise ValidationError("path_or_file", "must be a path or a writable binary file object")
