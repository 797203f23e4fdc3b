"""Comparison 4: cold import time, CPU ms, each sample a fresh interpreter."""

from __future__ import annotations

import compileall
import subprocess
import sys
from pathlib import Path

from harness import Section, interleave

# CPU time of the import in a fresh interpreter: on a shared machine it is far steadier than
# wall time, and an import with a warm file cache is CPU-bound anyway.
_PROBE = "import time; t = time.process_time(); {statement}; print(time.process_time() - t)"


def _importer(statement: str) -> object:
    def run(n: int) -> float:
        total = 0.0
        for _ in range(n):
            out = subprocess.run(
                [sys.executable, "-c", _PROBE.format(statement=statement)],
                check=True,
                capture_output=True,
                text=True,
            )
            total += float(out.stdout)
        return total

    return run


SRC = Path(__file__).resolve().parent.parent / "src"


def section(rounds: int, n: int = 1) -> Section:
    # Every contender must load from bytecode: pip compiles an installed wheel (and compiled the
    # official SDKs and urllib3 here), but our editable install under PYTHONDONTWRITEBYTECODE=1
    # would otherwise compile its sources again in every sample (about 40 ms of the figure).
    compileall.compile_dir(SRC, quiet=1)
    # What an app runs to get a client (the packages themselves load lazily).
    statements = [
        "from opentok_sync import Client",
        "from opentok_async import AsyncClient",
        "from opentok import OpenTok",
        "from vonage_video import Video",
        "import urllib3",
        "import httpx",
    ]
    results = interleave(
        {statement: _importer(statement) for statement in statements},  # type: ignore[misc]
        n,
        rounds,
        unit="ms",
    )
    return Section(
        "4. cold import (fresh interpreter each sample, .pyc cached): CPU ms",
        list(results.values()),
        "from opentok_sync import Client",
    )
