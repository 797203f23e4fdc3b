"""The download progress line: bytes, rate and ETA rewritten in place, at most ten a second."""

from __future__ import annotations

import io

from opentok_cli._longrun_commands import ProgressLine
from opentok_core import DownloadProgress


def test_the_line_shows_bytes_rate_and_eta_then_ends_with_a_newline() -> None:
    now = [0.0]
    out = io.StringIO()
    line = ProgressLine(out, clock=lambda: now[0])
    now[0] = 2.0
    line(DownloadProgress("a1", 4 * 1024 * 1024, 8 * 1024 * 1024))
    now[0] = 2.05  # too soon: not redrawn
    line(DownloadProgress("a1", 5 * 1024 * 1024, 8 * 1024 * 1024))
    now[0] = 4.0
    line(DownloadProgress("a1", 8 * 1024 * 1024, 8 * 1024 * 1024))
    line.end()
    frames = out.getvalue().split("\r\x1b[K")[1:]
    assert frames[0] == "4.0 MiB of 8.0 MiB (50%)  2.0 MiB/s  ETA 2 s"
    assert frames[1] == "8.0 MiB of 8.0 MiB (100%)  2.0 MiB/s\n"


def test_the_rate_counts_only_the_bytes_of_this_run() -> None:
    now = [0.0]
    out = io.StringIO()
    line = ProgressLine(out, clock=lambda: now[0])
    now[0] = 1.0
    line(DownloadProgress("a1", 3000, 4000, resumed_from=2000))
    assert out.getvalue().endswith("1000 B/s  ETA 1 s")
