"""Extract the Python code samples of the README and docs/ pages, to run them as tests.

The convention, documented in docs/index.md: every fenced block tagged ``python`` runs, the
blocks of one page in order in one namespace (like a script), with the credentials in the
environment (``OPENTOK_API_KEY``, ``OPENTOK_API_SECRET``, ``OPENTOK_API_URL`` pointing at a local
emulator, and ``VONAGE_APPLICATION_ID`` / ``VONAGE_PRIVATE_KEY``). Other tags (``sh``,
``text``) are not run.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from tests.conftest import ROOT

_FENCE = re.compile(r"^(?P<fence>```+|~~~+)\s*(?P<lang>[\w+-]*)")
RUN = {"python", "py"}


@attrs.frozen
class Sample:
    path: Path
    line: int  # 1-based line of the first line of code
    code: str

    def compiled(self) -> object:
        # Pad so a traceback names the page and the line in it.
        source = "\n" * (self.line - 1) + self.code
        return compile(source, str(self.path.relative_to(ROOT)), "exec")


def pages() -> list[Path]:
    """The README and every page under docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def samples(path: Path) -> list[Sample]:
    """The runnable fenced blocks of ``path``, in order."""
    found: list[Sample] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, lang = match["fence"], match["lang"].lower()
        start = i + 1
        i = start
        while i < len(lines) and not lines[i].startswith(fence):
            i += 1
        if i >= len(lines):
            raise ValueError(f"{path}:{start}: unclosed code fence")
        if lang in RUN:
            found.append(Sample(path, start + 1, "\n".join(lines[start:i]) + "\n"))
        i += 1
    return found
