"""``opentok`` commands for long-running work: ``archive wait``, ``broadcast wait`` and
``archive download`` (with a progress line on a terminal).

The progress line is written here (about 30 lines) rather than taken from ``rich`` or
``tqdm`` under a ``cli`` extra: one line of bytes, rate and ETA on stderr is all a download
needs, a dependency would be one more install for every CLI user for that line, and a pipe
or ``--json``/``--quiet`` must get no progress at all, which is one ``isatty()`` test.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from opentok_core import DownloadProgress
from opentok_core import operations as ops

from ._kit import Command, Context, arg, op_args
from ._output import render

__all__ = ["LONGRUN_COMMANDS", "ProgressLine"]


def _size(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


class ProgressLine:
    """Bytes, rate and ETA rewritten in place on ``stream`` (a terminal), at most 10 per s."""

    def __init__(self, stream: TextIO, clock: Any = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._started = clock()
        self._shown = -1.0

    def __call__(self, progress: DownloadProgress) -> None:
        now = self._clock()
        final = progress.total is not None and progress.done >= progress.total
        if now - self._shown < 0.1 and not final:
            return
        self._shown = now
        elapsed = max(now - self._started, 1e-6)
        rate = (progress.done - progress.resumed_from) / elapsed
        parts = [_size(progress.done)]
        if progress.total:
            parts[0] += f" of {_size(progress.total)} ({100 * progress.done // progress.total}%)"
        parts.append(f"{_size(rate)}/s")
        if progress.total and rate > 0 and not final:
            parts.append(f"ETA {(progress.total - progress.done) / rate:.0f} s")
        self._stream.write("\r\x1b[K" + "  ".join(parts))
        self._stream.flush()

    def end(self) -> None:
        if self._shown >= 0:
            self._stream.write("\n")
            self._stream.flush()


def _download(x: Context) -> int:
    a = x.args
    quiet = bool(a.quiet) or bool(a.json)
    line = ProgressLine(sys.stderr) if not quiet and sys.stderr.isatty() else None
    target = a.output or f"{a.archive_id}.mp4"
    try:
        result = x.client.download_archive(
            a.archive_id, target, resume=not a.no_resume, on_progress=line
        )
    finally:
        if line is not None:
            line.end()
    if not a.quiet:
        render(result, as_json=bool(a.json), done="downloaded", out=sys.stdout)
    return 0


def _until(*names: str) -> Any:
    # The SDK refuses any other status (exit code 2); its default is the method's.
    return arg("--until", metavar="STATUS", help=f"the status to wait for: {', '.join(names)}")


def _wait_args() -> tuple[Any, ...]:
    return (
        arg("--wait-timeout", type=float, metavar="SECONDS", help="give up after this long"),
        arg("--interval", type=float, metavar="SECONDS", help="the first pause between polls"),
    )


def _wait_options(a: Any) -> dict[str, Any]:
    """The keyword arguments given; the others keep the method's defaults."""
    given = {"until": a.until, "timeout": a.wait_timeout, "interval": a.interval}
    return {k: v for k, v in given.items() if v is not None}


def _wait_archive(x: Context) -> object:
    return x.client.wait_for_archive(x.args.archive_id, **_wait_options(x.args))


def _wait_broadcast(x: Context) -> object:
    return x.client.wait_for_broadcast(x.args.broadcast_id, **_wait_options(x.args))


LONGRUN_COMMANDS: list[Command] = [
    Command(
        ("archive", "wait"),
        "wait until an archive is available (or uploaded); print it",
        _wait_archive,
        (
            *op_args(ops.GetArchive, "archive_id"),
            _until("available", "uploaded", "stopped", "started"),
            *_wait_args(),
        ),
        examples=(
            "opentok archive wait $ARCHIVE",
            "opentok archive wait $ARCHIVE --wait-timeout 600 --json",
        ),
    ),
    Command(
        ("broadcast", "wait"),
        "wait until a broadcast is started (or live); print it",
        _wait_broadcast,
        (*op_args(ops.GetBroadcast, "broadcast_id"), _until("started", "live"), *_wait_args()),
        examples=("opentok broadcast wait $BROADCAST --until live",),
    ),
    Command(
        ("archive", "download"),
        "download an archive's file (resumes a partial one; progress on a terminal)",
        _download,
        (
            *op_args(ops.GetArchive, "archive_id"),
            arg("-o", "--output", metavar="FILE", help="where to write (default ARCHIVE_ID.mp4)"),
            arg("--no-resume", action="store_true", help="start again even if FILE is partial"),
            arg("--quiet", action="store_true", help="print nothing on success"),
        ),
        examples=(
            "opentok archive download $ARCHIVE -o meeting.mp4",
            "opentok archive download $ARCHIVE --json",
        ),
        prints=True,
    ),
]
