"""Every `opentok` command line shown to people parses: the examples in each command's --help,
and the command lines in the README and the docs' shell blocks. (The CLI tests run them.)"""

from __future__ import annotations

import re
import shlex

import pytest

from opentok_cli._commands import COMMANDS, EXAMPLES, make_parser
from opentok_cli._tools import TOOLS
from tests.conftest import ROOT

# A command line inside a shell block: at a line start or inside $( ... ), up to a pipe,
# a separator, the end of the substitution, or a comment.
_COMMAND = re.compile(r"(?:^|\$\()\s*(?:[A-Z_]+=\S+\s+)*(opentok\s[^|;)&#\n]*)", re.M)
_SHELL = re.compile(r"^```(?:sh|bash|shell)\n(.*?)^```", re.M | re.S)
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
PARSER = make_parser(TOOLS)  # built once: parsing does not change it


def documented() -> list[str]:
    lines = [e for c in [*COMMANDS, *TOOLS] for e in c.examples] + list(EXAMPLES)
    for page in PAGES:
        for block in _SHELL.findall(page.read_text(encoding="utf-8")):
            lines += [m.strip() for m in _COMMAND.findall(block) if "[" not in m]
    return [line for line in lines if line.startswith("opentok ")]


def test_the_documentation_shows_many_command_lines() -> None:
    assert len(documented()) > 60


@pytest.mark.parametrize("line", documented())
def test_a_documented_command_line_parses(line: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = shlex.split(line)[1:]
    if "--help" in argv:
        with pytest.raises(SystemExit) as exit_:
            PARSER.parse_args(argv)
        assert exit_.value.code == 0
        return
    args = PARSER.parse_args(argv)
    assert getattr(args, "_command", None) is not None, line
