"""Bound results are typed exactly for user code: ``mypy --strict`` checks
tests/typing/user_code.py, whose ``assert_type`` calls pin what each method returns from each
client, and whose ``type: ignore`` lines (an unused one is an error under --strict) pin that an
unbound value's methods are refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USER_CODE = Path(__file__).with_name("user_code.py")


def test_user_code_type_checks_under_strict_with_the_revealed_overloads() -> None:
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "mypy", "--strict", "--config-file", "", str(USER_CODE)]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    lines = done.stdout.splitlines()
    errors = [line for line in lines if ": error:" in line]
    assert errors == [], done.stdout
    revealed = [line for line in lines if "Revealed type is" in line]
    assert len(revealed) == 1, done.stdout
    assert revealed[0].endswith(
        '"def () -> opentok_core.models.archives.Archive[opentok_core._binding.Bound]"'
    )
    assert done.returncode == 0, done.stdout + done.stderr
