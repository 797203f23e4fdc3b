"""``opentok emulator`` as a user runs it: the installed console script in a process of its
own, on a free loopback port, stopped with Ctrl-C (bounded waits)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

SCRIPT = Path(sys.executable).with_name("opentok")


@attrs.frozen
class Started:
    """The emulator's URL and its startup lines, ``name value`` pairs by name."""

    url: str
    printed: dict[str, list[str]]


@contextmanager
def emulator_process(*flags: str) -> Iterator[Started]:
    """``opentok emulator --port 0 FLAGS``, until the block ends."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [str(SCRIPT), "emulator", "--port", "0", *flags],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        url, printed = "", {}
        for _ in range(30):  # the startup lines, bounded
            line = server.stdout.readline()
            if not line or "Ctrl-C" in line:
                break
            if line.startswith("OpenTok emulator listening on "):
                url = line.split()[-1]
            name, _, value = line.strip().partition(" ")
            printed.setdefault(name, []).append(value.strip())
        assert url, printed
        yield Started(url, printed)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=20)
        finally:
            if server.poll() is None:
                server.kill()
