"""The archive storage the service hands out ``url``s to (a presigned S3 link in reality):
``GET /_storage/{projectId}/{archiveId}/archive.{mp4|zip}`` serves deterministic bytes of
the archive's ``size``, with ``Range`` (RFC 9110 section 14) so that downloads can resume.
No API auth is asked: a presigned URL is its own credential. Faults set for the operation
``storage.archive`` apply, and ``cut`` sends half the body and drops the connection.

An engine route, not the HTTP server's: any transport that hands the engine a Request gets
the same answers.
"""

from __future__ import annotations

import hashlib
import re

from opentok_core import Response

from ._context import Ctx

__all__ = ["STORAGE_OPERATION", "STORAGE_PREFIX", "archive_bytes", "archive_sha256", "serve"]

STORAGE_PREFIX = "_storage"
#: The name faults are set for (``POST /_emulator/faults {"operation": "storage.archive"}``).
STORAGE_OPERATION = "storage.archive"

_BLOCK = 4096
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _block(archive_id: str) -> bytes:
    seed = archive_id.encode()
    return b"".join(hashlib.sha256(seed + i.to_bytes(2, "big")).digest() for i in range(128))


def archive_bytes(archive_id: str, start: int, end: int) -> bytes:
    """Bytes ``start`` to ``end`` (exclusive) of the archive's file: a pattern fixed by its id."""
    if end <= start:
        return b""
    block = _block(archive_id)
    first = start % _BLOCK
    count = (first + end - start) // _BLOCK + 1
    return (block * count)[first : first + end - start]


def archive_sha256(archive_id: str, size: int) -> str:
    """The SHA-256 hex of the whole file (what the archive's ``sha256sum`` says)."""
    digest = hashlib.sha256()
    block = _block(archive_id)
    whole, rest = divmod(size, _BLOCK)
    for _ in range(whole):
        digest.update(block)
    digest.update(block[:rest])
    return digest.hexdigest()


def _not_found() -> Response:
    # What S3 answers for a key it does not have (or no longer has).
    body = b'<?xml version="1.0"?><Error><Code>NoSuchKey</Code></Error>'
    return Response(404, (("content-type", "application/xml"),), body)


def serve(ctx: Ctx, segments: list[str]) -> Response:
    """Answer a GET/HEAD for an archive's file (404 unless it is available)."""
    if ctx.request.method not in ("GET", "HEAD") or len(segments) != 3:
        return _not_found()
    project_id, archive_id, _ = segments
    project = ctx.emulator.projects.get(project_id)
    archive = project.archives.get(archive_id) if project is not None else None
    if archive is None or archive.status != "available" or not archive.url:
        return _not_found()
    size = archive.size
    common = (
        ("content-type", "video/mp4" if archive.output_mode == "composed" else "application/zip"),
        ("accept-ranges", "bytes"),
        ("etag", f'"{archive_sha256(archive_id, size)[:32]}"'),
    )
    wanted = ctx.request.header("range")
    if wanted is None:
        return Response(200, common, archive_bytes(archive_id, 0, size))
    match = _RANGE.match(wanted.strip())
    if match is None or match.groups() == ("", ""):
        return Response(200, common, archive_bytes(archive_id, 0, size))  # ignored, as RFC allows
    first, last = match.groups()
    if first == "":
        start, end = max(0, size - int(last)), size
    else:
        start = int(first)
        end = size if last == "" else min(size, int(last) + 1)
    if start >= size or end <= start:
        return Response(416, (*common, ("content-range", f"bytes */{size}")), b"")
    headers = (*common, ("content-range", f"bytes {start}-{end - 1}/{size}"))
    return Response(206, headers, archive_bytes(archive_id, start, end))
