"""The core does no I/O: importing it pulls in no HTTP library, no asyncio, no socket, and its
source reads no clock or randomness."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import opentok_core

FORBIDDEN = ("urllib3", "httpx", "asyncio", "socket", "anyio", "ssl")
CORE = Path(opentok_core.__file__).parent


def test_importing_the_core_loads_no_io_module() -> None:
    code = (
        "import sys, opentok_core, opentok_core.operations, opentok_core.models\n"
        f"print(sorted(m for m in {FORBIDDEN!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_core_source_never_reads_clock_or_randomness() -> None:
    pattern = re.compile(
        r"\b(time\.time|time\.monotonic|datetime\.now|dt\.datetime\.now|utcnow|"
        r"random\.|uuid\.uuid4|os\.urandom|secrets\.)"
    )
    offenders = [
        f"{path.relative_to(CORE)}:{n}"
        for path in CORE.rglob("*.py")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
