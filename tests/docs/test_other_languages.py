"""docs/other-languages.md names only what opentok-py has: every name in its first column is a
method of Client (or, written ``archive.stop()``, of the result it returns), and the facade
method of every operation in spec/operations.toml is in it."""

from __future__ import annotations

import re

from opentok_core import Archive, Broadcast, Captions, Render, Session
from opentok_sync import Client
from tests.conftest import ROOT, load_spec

PAGE = (ROOT / "docs" / "other-languages.md").read_text(encoding="utf-8")
RESULTS = {
    "archive": Archive,
    "broadcast": Broadcast,
    "captions": Captions,
    "render": Render,
    "session": Session,
}


def _first_column_names() -> list[str]:
    rows = [line for line in PAGE.splitlines() if line.startswith("| `")]
    return [name for row in rows for name in re.findall(r"`([^`]+)`", row.split("|")[1])]


def test_every_name_of_the_first_column_exists() -> None:
    names = _first_column_names()
    assert len(names) > 50
    for name in names:
        owner, _, method = name.removesuffix("()").rpartition(".")
        assert hasattr(RESULTS[owner] if owner else Client, method), name


def test_every_operations_facade_method_has_a_row() -> None:
    listed = {name.removesuffix("()") for name in _first_column_names()}
    facades = {row["facade"] for row in load_spec().values()}
    assert sorted(facades - listed) == []
