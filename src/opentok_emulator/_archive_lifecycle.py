"""An archive's life: started, stopped, available, expired. The session lifecycle (the first
client joining an ``always`` session, the last one leaving) drives it as well as the archive
routes, so it lives apart from both, and neither imports the other."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ._context import Ctx
from ._media import Archive
from ._state import Session
from ._storage import STORAGE_PREFIX, archive_sha256

__all__ = ["RETENTION", "archive_event", "auto_archive", "finish_archive", "new_archive"]

#: An archive kept on the service's cloud stays downloadable for 72 hours
#: (spec/service.md#archive-object).
RETENTION = 72 * 3600


def archive_event(ctx: Ctx, archive: Archive) -> None:
    ctx.emit("archive", archive.to_wire(), archive.callback_url)


def new_archive(ctx: Ctx, session: Session, **fields: Any) -> Archive:
    archive = Archive(
        id=ctx.new_id(),
        session_id=session.id,
        project_id=session.project_id,
        status="started",
        created_at=ctx.now_ms,
        updated_at=ctx.now_ms,
        **fields,
    )
    ctx.emulator.projects[session.project_id].archives[archive.id] = archive
    archive_event(ctx, archive)
    return archive


def auto_archive(ctx: Ctx, session: Session) -> None:
    """``archiveMode=always``: recording starts when the first client connects."""
    new_archive(
        ctx,
        session,
        name=session.archive_name,
        output_mode="composed",
        stream_mode="auto",
        resolution=session.archive_resolution or "640x480",
        has_audio=True,
        has_video=True,
        layout=None,
        multi_archive_tag=None,
        max_bitrate=None,
        quantization_parameter=None,
        has_transcription=False,
        transcription_properties=None,
    )


def finish_archive(ctx: Ctx, archive: Archive, reason: str) -> None:
    """Stop recording; the file becomes available ``archive_processing`` seconds later."""
    archive.status, archive.reason = "stopped", reason
    archive.stopped_at = archive.updated_at = ctx.now_ms
    archive.duration = max(0, (ctx.now_ms - archive.created_at) // 1000)
    archive_event(ctx, archive)
    project_id, archive_id = archive.project_id, archive.id

    def make_available(later: Ctx) -> None:
        project = later.emulator.projects.get(project_id)
        current = project.archives.get(archive_id) if project else None
        if current is None or current.status != "stopped":
            return
        extension = "zip" if current.output_mode == "individual" else "mp4"
        current.status, current.updated_at = "available", later.now_ms
        current.size = 1_000 + current.duration * 125_000
        current.sha256sum = archive_sha256(archive_id, current.size)
        # Served by this emulator (_storage.py), at the origin the request came to; the query
        # stands for a presigned URL's signature (never sent back as API auth).
        parts = urlsplit(later.request.url)
        current.url = (
            f"{parts.scheme}://{parts.netloc}/{STORAGE_PREFIX}/{project_id}/{archive_id}/"
            f"archive.{extension}?X-Amz-Expires=600&X-Amz-Signature=emulated"
        )
        archive_event(later, current)
        later.schedule(RETENTION, expire)

    def expire(later: Ctx) -> None:
        project = later.emulator.projects.get(project_id)
        current = project.archives.get(archive_id) if project else None
        if current is not None and current.status == "available":
            current.status, current.url, current.updated_at = "expired", None, later.now_ms
            current.sha256sum = ""
            archive_event(later, current)

    ctx.schedule(ctx.emulator.archive_processing, make_available)
