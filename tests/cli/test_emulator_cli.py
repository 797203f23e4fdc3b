"""`opentok emulator` with Vonage application credentials, its simulated participants from the
command line, and the shell walkthrough of docs/cli.md run against a live emulator."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET, new_emulator
from opentok_emulator.server import EmulatorServer
from tests.cli.conftest import Cli
from tests.conftest import ROOT, rsa_pems
from tests.emulator_process import SCRIPT, emulator_process


def test_participants_connect_list_and_disconnect_from_the_command_line(cli: Cli) -> None:
    sid = cli.json("session", "create", "--routed")["session_id"]
    _, err = cli("archive", "start", "--session-id", sid, code=4)  # nobody ever joined: 404
    host = cli.json(
        "emulator", "connect", "--session-id", sid, "--role", "moderator", "--publish", "camera"
    )
    assert host["role"] == "moderator" and host["stream_id"] and host["session_id"] == sid
    token = cli.json("token", "--session-id", sid, "--data", "name=Bo")["token"]
    guest = cli.json("emulator", "connect", "--session-id", sid, "--token", token)
    assert (guest["data"], guest["stream_id"]) == ("name=Bo", None)
    listed = cli.json("emulator", "participants", "--session-id", sid)
    assert listed["count"] == 2
    assert {c["connection_id"] for c in listed["items"]} == {
        host["connection_id"],
        guest["connection_id"],
    }
    assert (
        cli.json("archive", "start", "--session-id", sid)["status"] == "started"
    )  # now it records
    out, _ = cli("emulator", "disconnect", "--session-id", sid, guest["connection_id"])
    assert "disconnected" in out
    left = cli.json("emulator", "participants", "--session-id", sid)["items"]
    assert [c["connection_id"] for c in left] == [host["connection_id"]]
    _, err = cli("emulator", "connect", "--session-id", sid, "--token", "T1==forged", code=3)
    assert err.startswith("opentok: authentication: ")


def test_emulator_application_flags_go_together(cli: Cli) -> None:
    _, err = cli("emulator", "--application-id", "a1b2", "--port", "0", code=2)
    assert "--application-id and --public-key together" in err


def _opentok(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *argv], capture_output=True, text=True, env=env, timeout=60)


def test_emulator_accepts_a_given_application_and_makes_a_new_one(tmp_path: Path) -> None:
    private, public = rsa_pems()
    (tmp_path / "app.pub.pem").write_text(public)
    (tmp_path / "app.key").write_text(private)
    given = "5b7e2c1a-3d4f-4a6b-9c8d-7e6f5a4b3c2d"
    public_file = str(tmp_path / "app.pub.pem")
    flags = ("--application-id", given, "--public-key", public_file, "--new-application")
    with emulator_process(*flags) as started:
        apps = started.printed["application_id"]
        assert given in apps and len(apps) == 2
        made = next(a for a in apps if a != given)
        key_file = Path(started.printed["private_key"][0])
        assert key_file.name == f"{made}.key" and key_file.stat().st_mode & 0o077 == 0
        base = {k: v for k, v in os.environ.items() if not k.startswith(("OPENTOK_", "VONAGE_"))}
        base["OPENTOK_API_URL"] = started.url
        for app_id, key in ((given, str(tmp_path / "app.key")), (made, str(key_file))):
            env = {**base, "VONAGE_APPLICATION_ID": app_id, "VONAGE_PRIVATE_KEY": key}
            done = _opentok(env, "session", "create", "--routed", "--json")
            assert done.returncode == 0, done.stderr
            assert app_id in done.stdout  # the session belongs to the application
    assert not key_file.exists()  # the generated key goes with the emulator


# docs/cli.md, its shell blocks run in order against a live emulator ---------------------------

_SHELL = re.compile(r"^```(?:sh|bash|shell)\n(.*?)^```", re.M | re.S)


@pytest.fixture
def live_emulator() -> Iterator[str]:
    with EmulatorServer(new_emulator(), port=0) as server:
        yield server.url


@pytest.mark.skipif(shutil.which("jq") is None, reason="the walkthrough pipes JSON through jq")
def test_the_shell_blocks_of_the_cli_page_run_against_a_live_emulator(
    live_emulator: str, tmp_path: Path
) -> None:
    found = _SHELL.findall((ROOT / "docs" / "cli.md").read_text(encoding="utf-8"))
    # Every block but the completion set-up, which is for the reader's bash, zsh and fish
    # start-up files, not one script (its script is tested in tests/cli).
    blocks = [b for b in found if "opentok completion" not in b]
    assert len(blocks) == len(found) - 1 and any("archive start" in b for b in blocks)
    script = tmp_path / "cli-page.sh"
    script.write_text("set -euo pipefail\n" + "\n".join(blocks), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENTOK_", "VONAGE_"))}
    env.update(
        PATH=f"{SCRIPT.parent}{os.pathsep}{env.get('PATH', '')}",
        OPENTOK_API_KEY=DEMO_API_KEY,
        OPENTOK_API_SECRET=DEMO_API_SECRET,
        OPENTOK_API_URL=live_emulator,
    )
    done = subprocess.run(
        ["bash", str(script)], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stderr
