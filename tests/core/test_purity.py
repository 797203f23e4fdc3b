"""The core and the emulator's engine do no I/O: importing every one of their modules, in a
fresh interpreter, loads no HTTP library, event loop, socket or TLS module, and their source
reads no clock or randomness."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import opentok_core
import opentok_emulator

#: Modules that mean I/O. Some standard-library modules pull ``socket`` in (``email.utils``,
#: ``importlib.metadata``), so they are off-limits in pure code too.
IO_MODULES = (
    "urllib3",
    "httpx",
    "httpcore",
    "anyio",
    "asyncio",
    "socket",
    "ssl",
    "select",
    "selectors",
    "http.client",
    "h11",
)
#: The emulator's adapters: its HTTP server and that server's connection protocol (h11).
EMULATOR_ADAPTERS = ("opentok_emulator.server", "opentok_emulator._protocol")

# What the runtime dependencies load by themselves is not ours: on Python 3.10, ``import attrs``
# loads ``platform``, which imports ``subprocess`` and with it ``select`` and ``selectors``.
_PROBE = """
import importlib, pkgutil, sys
import attrs, cryptography
already = set(sys.modules)
package = importlib.import_module({package!r})
names = [m.name for m in pkgutil.walk_packages(package.__path__, {package!r} + ".")]
names = [n for n in names if not n.startswith({skip!r})]
for name in names:
    importlib.import_module(name)
print(len(names))
print(sorted(m for m in {io!r} if m in sys.modules and m not in already))
"""


def _import_all(package: str, skip: tuple[str, ...] = ()) -> tuple[int, str]:
    code = _PROBE.format(package=package, skip=skip, io=IO_MODULES)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, loaded = out.stdout.strip().splitlines()
    return int(count), loaded


@pytest.mark.parametrize(
    ("package", "skip"),
    [("opentok_core", ()), ("opentok_emulator", EMULATOR_ADAPTERS)],
)
def test_importing_every_module_loads_no_io_module(package: str, skip: tuple[str, ...]) -> None:
    count, loaded = _import_all(package, skip)
    assert count >= 10  # the walk really found the modules it means to check
    assert loaded == "[]"


def test_the_probe_sees_an_io_import() -> None:
    # The check above can fail: the emulator's server, skipped there, does load asyncio.
    _, loaded = _import_all("opentok_emulator")
    assert "asyncio" in loaded


@pytest.mark.parametrize("package", [opentok_core, opentok_emulator])
def test_source_never_reads_clock_or_randomness(package: object) -> None:
    root = Path(package.__file__).parent  # type: ignore[attr-defined]
    pattern = re.compile(
        r"\b(time\.time|time\.monotonic|datetime\.now|dt\.datetime\.now|utcnow|"
        r"random\.|uuid\.uuid4|os\.urandom|secrets\.)"
    )
    # The in-process transport is where the real clock and uuid4 ids are plugged in.
    skipped = {"_transport.py"} if package is opentok_emulator else set()
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        if path.name not in skipped
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
