"""The command line's conventions, checked over the whole command tree so commands added later
follow them: one name per concept, only the options a command uses, stable --json shapes,
stdin when no file is given, tables that fit, completion, and error lines that say things once.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import opentok_cli
from opentok_cli._completion import nodes, script
from opentok_cli._kit import error_line
from opentok_cli._output import table
from opentok_cli._tools import TOOLS, main
from opentok_core import Request, Timeout, TransportTimeout
from tests.cli.conftest import Cli
from tests.conftest import SPEC

CREDENTIAL_FLAGS = {"--api-key", "--api-secret", "--application-id", "--private-key"}


def parsers() -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every parser of the full ``opentok`` tree with its words (``opentok call`` included)."""

    def walk(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> Iterator[object]:
        yield words, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, (*words, name))

    from opentok_cli._commands import make_parser

    yield from walk(make_parser(TOOLS), ())  # type: ignore[misc]


def test_the_session_is_always_the_option_session_id() -> None:
    seen = 0
    for words, parser in parsers():
        for action in parser._actions:
            assert "--session" not in action.option_strings, words
            if action.dest == "session_id" or action.metavar == "SESSION_ID":
                assert action.option_strings == ["--session-id"], words
                seen += 1
    assert seen > 20  # archive start, signal, mute, ..., and every session operation of `call`


def test_credential_free_commands_show_no_credential_options_and_run_without_them(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("OPENTOK_API_KEY", "OPENTOK_API_SECRET", "OPENTOK_API_URL"):
        monkeypatch.delenv(name)
    for words in (("token", "decode"), ("callback", "parse")):
        out, _ = cli(*words, "--help")
        assert not any(flag in out for flag in CREDENTIAL_FLAGS), words
        assert "--api-url" not in out and "--timeout" not in out and "--json" in out
    from tests.cli.test_cli import decode_example_token

    assert cli.json("token", "decode", decode_example_token())["format"] == "jwt"
    fixture = str(SPEC / "fixtures" / "callbacks" / "archive.json")
    assert cli.json("callback", "parse", fixture)["type"] == "ArchiveEvent"


def test_local_token_commands_take_credentials_but_no_endpoint_options(cli: Cli) -> None:
    for words in (("token",), ("token", "verify")):
        out, _ = cli(*words, "--help")
        assert "--api-key" in out and "--api-url" not in out and "--timeout" not in out


def test_callback_parse_reads_standard_input_when_no_file_is_given(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (SPEC / "fixtures" / "callbacks" / "archive.json").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
    assert cli.json("callback", "parse")["type"] == "ArchiveEvent"


def test_list_json_has_one_shape_with_or_without_all(cli: Cli) -> None:
    sid = cli.json("session", "create", "--routed")["session_id"]
    for group in ("archive", "broadcast", "render"):
        page = cli.json(group, "list")
        every = cli.json(group, "list", "--all")
        assert set(page) == set(every) == {"items", "count", "offset"}, group
        assert every["count"] == len(every["items"])
    assert set(cli.json("stream", "list", "--session-id", sid)) == {"items", "count"}
    # the unpaged lists of a session: items and count too, beside what identifies the list
    for words in (("connection", "list"), ("emulator", "participants")):
        assert {"items", "count"} <= set(cli.json(*words, "--session-id", sid)), words


def test_version_is_the_packages_own(cli: Cli) -> None:
    out, _ = cli("--version")
    assert out.strip() == f"opentok {opentok_cli.__version__}"


def test_tables_fit_the_width_and_keep_the_first_column_whole() -> None:
    rows = [{"id": "a" * 36, "session_id": "1_" + "x" * 90, "name": "n" * 40, "status": "ok"}]
    lines = table(rows, width=80)
    assert all(len(line) <= 80 for line in lines)
    assert lines[1].startswith("a" * 36 + "  ") and "…" in lines[1]
    assert table(rows, width=500) == [line.replace("…", "") for line in table(rows, width=500)]


def test_completion_scripts_cover_every_command_and_option() -> None:
    from opentok_cli._commands import make_parser

    parser = make_parser(TOOLS)
    tree = list(nodes(parser))
    fish = script(parser, "fish")
    bash = script(parser, "bash")
    for node in tree:
        for name, _ in node.commands:
            assert f"-a {name}" in fish or f"-a '{name}'" in fish, name
            assert name in bash
        for flag, _, _ in node.options:
            assert f"-l {flag[2:]}" in fish and flag in bash
    assert script(parser, "zsh").endswith(bash) and "bashcompinit" in script(parser, "zsh")


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash here")
def test_bash_completion_completes_words_and_choices(tmp_path: Path) -> None:
    from opentok_cli._commands import make_parser

    path = tmp_path / "opentok.bash"
    path.write_text(script(make_parser(TOOLS), "bash"))
    probe = (
        f"source {path}\n"
        't() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _opentok; '
        'echo "${COMPREPLY[*]}"; }\n'
        "t opentok archive st\nt opentok archive start --output-mode ''\n"
        "t opentok --json archive start --sess\n"
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["start stop", "composed individual", "--session-id"]


def test_completion_is_a_command(cli: Cli) -> None:
    assert main(["completion", "fish"]) == 0


def test_a_timeout_line_says_its_attempts_and_limits_once() -> None:
    request = Request("GET", "https://api.example/x", (), b"", operation="archives.get", attempt=3)
    line = error_line(TransportTimeout("read timed out", request=request), Timeout(5, 30))
    assert line == (
        "opentok: network: archives.get: read timed out "
        "(after 3 attempts; limits: connect 5 s, read 30 s per attempt)"
    )
    already = TransportTimeout("timed out after 2.0 s, 3 attempts", request=request)
    assert error_line(already, Timeout(5, 30)).endswith("3 attempts")


def test_json_of_a_command_is_parseable_for_every_listing_group(cli: Cli) -> None:
    # --json before or after the command words gives the same document.
    assert json.loads(cli("--json", "render", "list")[0]) == cli.json("render", "list")


def test_token_decode_shows_the_nonce_as_one_type(cli: Cli) -> None:
    from tests.cli.test_cli import decode_example_token

    decoded = cli.json("token", "decode", decode_example_token())
    assert decoded["nonce"] == decoded["claims"]["nonce"] == 1
