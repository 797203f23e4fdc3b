"""Comparison 4: cold import time, ms, each sample a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

from harness import Section, interleave

_PROBE = "import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"


def _importer(module: str) -> object:
    def run(n: int) -> float:
        total = 0.0
        for _ in range(n):
            out = subprocess.run(
                [sys.executable, "-c", _PROBE.format(module=module)],
                check=True,
                capture_output=True,
                text=True,
            )
            total += float(out.stdout)
        return total

    return run


def section(rounds: int, n: int = 1) -> Section:
    modules = {
        "import opentok_sync": "opentok_sync",
        "import opentok_async": "opentok_async",
        "import opentok (official 3.15)": "opentok",
        "import vonage_video": "vonage_video",
        "anchor: import urllib3": "urllib3",
        "anchor: import httpx": "httpx",
    }
    results = interleave(
        {name: _importer(module) for name, module in modules.items()},  # type: ignore[misc]
        n,
        rounds,
        unit="ms",
    )
    return Section(
        "4. cold import (fresh interpreter each sample, .pyc cached): ms",
        list(results.values()),
        "import opentok_sync",
    )
