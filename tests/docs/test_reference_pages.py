"""The reference pages cannot fall behind the code: every client method is in the migration
table, every CLI command and exit code in the CLI page, every error class in the error page."""

from __future__ import annotations

import inspect
import re

import opentok_core
from opentok_cli._commands import COMMANDS
from opentok_cli._kit import EXIT_CODES
from opentok_cli._tools import TOOLS
from opentok_sync import Client
from tests.conftest import ROOT

DOCS = ROOT / "docs"


def test_every_client_method_is_in_the_migration_table() -> None:
    page = (DOCS / "migration.md").read_text(encoding="utf-8")
    methods = {n for n, m in inspect.getmembers(Client) if callable(m) and not n.startswith("_")}
    plumbing = {"send", "close", "with_options"}
    missing = sorted(m for m in methods - plumbing if f"`{m}(" not in page and f" {m}(" not in page)
    assert missing == []


def test_every_command_and_exit_code_is_in_the_cli_page() -> None:
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    missing = [c.words for c in [*COMMANDS, *TOOLS] if f"`opentok {' '.join(c.words)}`" not in page]
    assert missing == []
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", page, flags=re.M)}
    assert documented == {code for code, _ in EXIT_CODES}


def test_every_error_class_is_in_the_error_reference() -> None:
    page = (DOCS / "errors.md").read_text(encoding="utf-8")
    classes = [
        name
        for name in opentok_core.__all__
        if isinstance(getattr(opentok_core, name), type)
        and issubclass(getattr(opentok_core, name), opentok_core.OpenTokError)
    ]
    assert len(classes) >= 17
    assert [c for c in classes if f"`{c}`" not in page] == []


def test_the_migration_table_names_the_official_sdk_methods_as_they_are() -> None:
    """Checked against the official opentok 3.15 package itself (a dev dependency)."""
    import opentok  # the official package, a dev dependency

    official = opentok.OpenTok
    page = (DOCS / "migration.md").read_text(encoding="utf-8")
    first_column = [row.split("|")[1] for row in page.splitlines() if row.startswith("| `")]
    shown = dict(re.findall(r"`(\w+)\(([^)]*)\)`", "\n".join(first_column)))
    public = {n for n, m in inspect.getmembers(official) if callable(m) and not n.startswith("_")}
    headers = {"get_headers", "get_json_headers", "headers", "json_headers"}
    assert sorted(public - headers - set(shown)) == []
    for name, args in shown.items():
        if name not in public or args.strip() in ("", "..."):
            continue
        params = [p for p in inspect.signature(getattr(official, name)).parameters if p != "self"]
        assert [a.strip() for a in args.split(",")] == params, name


def _table_rows(text: str, header: str, columns: int) -> list[list[str]]:
    start = text.index(header)
    rows = []
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split(" | ")][:columns])
    return rows


def test_the_readme_migration_table_is_the_guide_table_without_notes() -> None:
    guide = (DOCS / "migration.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert _table_rows(readme, "| official `opentok` 3.15 | opentok-py |\n", 2) == _table_rows(
        guide, "| official `opentok` 3.15 | opentok-py | notes |", 2
    )
