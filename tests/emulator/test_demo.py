"""``make demo`` runs its whole walkthrough against an emulator it starts itself."""

from __future__ import annotations

import pytest

from opentok_cli._tools import main


def test_the_demo_walkthrough_runs_offline(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for expected in (
        "Bob received           [('chat', 'Hello from the server')]",
        "status=available",
        "index.m3u8",
        "Bob's screen muted     True",
        "(reason: forceDisconnected)",
    ):
        assert expected in out


def test_the_command_without_a_subcommand_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "emulator" in capsys.readouterr().out
