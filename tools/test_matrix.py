"""``make test-matrix``: the test suite on the oldest and newest supported Pythons found on this
machine, and once more on the oldest with the minimum declared version of every runtime
dependency, each in its own venv under ``.matrix/``.

The supported Pythons are the ``Programming Language :: Python :: 3.X`` classifiers; an
interpreter is found as ``python3.X`` on the PATH or under pyenv's versions, and counts only if
it runs and says it is 3.X. The minimum versions are the ``>=`` floors of
``[project].dependencies``, pinned with a pip constraints file. It is outside ``make test``
(three full runs take a while): run it before a release, and when a floor changes.

    python tools/test_matrix.py [--only NAME ...] [--pytest-args "..."]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
MATRIX = ROOT / ".matrix"


def project() -> dict[str, Any]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        meta: dict[str, Any] = tomllib.load(f)["project"]
    return meta


def supported(meta: dict[str, Any]) -> list[str]:
    found = [
        c.rsplit(" ", 1)[1]
        for c in meta["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    return sorted(found, key=lambda v: tuple(map(int, v.split("."))))


def version_of(python: str) -> str | None:
    try:
        done = subprocess.run(
            [python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def find(version: str) -> str | None:
    """A working interpreter for ``version``: on the PATH, else among pyenv's versions."""
    candidates = []
    if found := shutil.which(f"python{version}"):
        candidates.append(found)
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(str(p) for p in pyenv.glob(f"{version}.*/bin/python{version}"))
    for python in candidates:
        if version_of(python) == version:
            return python
    return None


# Extras that users install to run with (opentok_async.AiohttpTransport): their floors are pinned
# too. The test-only packages of the dev extra are not: they resolve to what fits the floors.
RUNTIME_EXTRAS = ("aiohttp",)


def floors(meta: dict[str, Any]) -> list[str]:
    """``name==minimum`` for each runtime dependency (and runtime extra) with a ``>=`` floor."""
    pins = []
    extras = [r for extra in RUNTIME_EXTRAS for r in meta["optional-dependencies"][extra]]
    for requirement in [*meta["dependencies"], *extras]:
        match = re.match(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)", requirement)
        if match:
            pins.append(f"{match.group(1)}=={match.group(2)}")
    return pins


def run(name: str, python: str, pins: list[str], pytest_args: list[str]) -> tuple[bool, str]:
    venv = MATRIX / name
    if venv.exists():
        shutil.rmtree(venv)
    bin_python = str(venv / "bin" / "python")
    steps = [[python, "-m", "venv", str(venv)]]
    install = [bin_python, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"]
    if pins:
        constraints = MATRIX / f"{name}-constraints.txt"
        constraints.write_text("\n".join(pins) + "\n")
        install += ["-c", str(constraints)]
    steps.append(install)
    # The versions the row ran with, in its log (the note quotes them).
    steps.append([bin_python, "-m", "pip", "freeze", "--exclude-editable"])
    # addopts reset so that -q is said once: the run ends with its "N passed" line.
    suite = [bin_python, "-m", "pytest", "-q", "-o", "addopts=-ra", "-p", "no:cacheprovider"]
    steps.append([*suite, *pytest_args])
    log = MATRIX / f"{name}.log"
    with open(log, "w") as out:
        for step in steps:
            out.write(f"$ {shlex.join(step)}\n")
            out.flush()
            done = subprocess.run(step, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
            if done.returncode != 0:
                if step is steps[-1]:  # the suite ran: its own summary line says what failed
                    return False, f"{_last_line(log)} (see {log.relative_to(ROOT)})"
                return False, f"failed at: {shlex.join(step[:4])} ... (see {log})"
    return True, _last_line(log)


def _last_line(log: Path) -> str:
    return log.read_text().strip().splitlines()[-1].strip("= ")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", help="run only these rows (by name)")
    parser.add_argument("--pytest-args", default="", help="extra pytest arguments")
    parser.add_argument("--dry-run", action="store_true", help="say what would run, run nothing")
    args = parser.parse_args(argv)
    meta = project()
    versions = supported(meta)
    found = {v: p for v in versions if (p := find(v))}
    print(f"supported: {', '.join(versions)}; found: {', '.join(found) or 'none'}")
    if not found:
        return 2
    lowest, highest = min(found, key=versions.index), max(found, key=versions.index)
    rows = [
        (f"py{lowest}", found[lowest], []),
        (f"py{highest}", found[highest], []),
        (f"py{lowest}-min-deps", found[lowest], floors(meta)),
    ]
    if lowest == highest:
        rows.pop(1)
    MATRIX.mkdir(exist_ok=True)
    results = []
    for name, python, pins in rows:
        if args.only and name not in args.only:
            continue
        started = time.monotonic()
        print(f"== {name}: {python}" + (f" with {', '.join(pins)}" if pins else ""), flush=True)
        if args.dry_run:
            continue
        ok, summary = run(name, python, pins, shlex.split(args.pytest_args))
        results.append((name, ok, summary, time.monotonic() - started))
        print(f"   {'ok' if ok else 'FAILED'}: {summary}", flush=True)
    print("\n| run | result | summary | minutes |\n| --- | --- | --- | --- |")
    for name, ok, summary, seconds in results:
        print(f"| {name} | {'ok' if ok else 'FAILED'} | {summary} | {seconds / 60:.1f} |")
    return 0 if all(ok for _, ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
