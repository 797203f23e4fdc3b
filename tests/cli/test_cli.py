"""Every `opentok` command against the emulator over loopback, its --json output parsed; and
each class of error as one line on stderr with its own exit code, never a traceback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from opentok_cli._commands import COMMANDS
from opentok_cli._tools import TOOLS, main
from opentok_core import decode_token
from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET
from opentok_emulator.control import (
    ConnectClient,
    GetConnection,
    GetSessionState,
    PublishStream,
    RegisterApplication,
)
from opentok_sync import Client
from tests.cli.conftest import Cli
from tests.conftest import SPEC, rsa_pems


def test_every_command_works_against_the_emulator(
    cli: Cli, control: Client, tmp_path: Path
) -> None:
    session = cli.json("session", "create", "--routed")
    sid = session["session_id"]
    assert session["media_mode"] == "routed"

    # Tokens: mint, decode, verify (JSON for scripts, the bare token as text).
    minted = cli.json("token", "--session-id", sid, "--role", "moderator", "--data", "name=Ann")
    token = minted["token"]
    assert minted["role"] == "moderator" and minted["data"] == "name=Ann"
    assert cli.json("token", "decode", token)["claims"]["session_id"] == sid
    assert cli.json("token", "verify", token)["signature"] == "valid"
    t1, _ = cli("token", "--session-id", sid, "--t1", "--ttl", "600", "--layout-class", "focus")
    assert decode_token(t1.strip()).format == "t1"

    # A simulated participant publishes a stream.
    conn = control.send(ConnectClient(session_id=sid, token=token)).connection_id
    stream = control.send(PublishStream(session_id=sid, connection_id=conn)).stream_id

    # Archives.
    archive = cli.json(
        "archive", "start", "--session-id", sid, "--name", "standup", "--resolution", "1280x720"
    )
    assert archive["status"] == "started" and archive["name"] == "standup"
    assert cli.json("archive", "get", archive["id"])["id"] == archive["id"]
    # Any operation by its name, with no row of its own.
    assert cli.json("call", "archives.get", archive["id"])["id"] == archive["id"]
    listed = cli.json("archive", "list", "--session-id", sid)
    assert [a["id"] for a in listed["items"]] == [archive["id"]] and listed["count"] == 1
    assert cli.json("archive", "layout", archive["id"], "bestFit", "--screenshare-type", "pip")
    out, _ = cli("archive", "list", "--session-id", sid, "--all")
    assert archive["id"] in out and "STATUS" in out
    assert cli.json("archive", "stop", archive["id"])["status"] == "stopped"
    waited = cli.json("archive", "wait", archive["id"], "--wait-timeout", "30")
    assert waited["status"] == "available"
    target = tmp_path / "standup.mp4"
    out, err = cli("archive", "download", archive["id"], "-o", str(target))
    assert target.stat().st_size == waited["size"] and "verified" in out
    assert err == ""  # no progress line on a pipe
    again = cli.json("archive", "download", archive["id"], "-o", str(target))
    assert again["resumed_from"] == waited["size"] and again["verified"]
    assert cli("archive", "download", archive["id"], "-o", str(target), "--quiet") == ("", "")
    manual = cli.json(
        "archive",
        "start",
        "--session-id",
        sid,
        "--stream-mode",
        "manual",
        "--multi-archive-tag",
        "second",
    )
    assert cli.json("archive", "add-stream", manual["id"], stream, "--no-video") == {"ok": True}
    assert cli.json("archive", "remove-stream", manual["id"], stream) == {"ok": True}
    cli("archive", "stop", manual["id"])
    out, _ = cli("archive", "delete", archive["id"])
    assert out.strip() == f"archive {archive['id']} deleted"

    # Broadcasts.
    rtmp = ("--rtmp", "rtmp://live.example.com/app", "stream-key")
    broadcast = cli.json(
        "broadcast", "start", "--session-id", sid, "--hls", *rtmp, "--max-duration", "600"
    )
    assert broadcast["status"] in ("started", "starting") and broadcast["max_duration"] == 600
    assert cli.json("broadcast", "get", broadcast["id"])["broadcast_urls"]["rtmp"]
    assert cli.json("broadcast", "wait", broadcast["id"], "--until", "live")["status"] == "started"
    listed = cli.json("broadcast", "list", "--session-id", sid)
    assert [b["id"] for b in listed["items"]] == [broadcast["id"]]
    cli("broadcast", "list", "--all")
    cli("broadcast", "layout", broadcast["id"], "verticalPresentation")
    assert cli.json("broadcast", "stop", broadcast["id"])["id"] == broadcast["id"]
    manual = cli.json(
        "broadcast",
        "start",
        "--session-id",
        sid,
        "--dvr",
        "--stream-mode",
        "manual",
        "--multi-broadcast-tag",
        "m",
    )
    cli("broadcast", "add-stream", manual["id"], stream, "--no-audio")
    cli("broadcast", "remove-stream", manual["id"], stream)
    cli("broadcast", "stop", manual["id"])

    # Signals, streams, moderation.
    assert cli.json("signal", "--session-id", sid, "--type", "chat", "--data", "hello") == {
        "ok": True
    }
    cli("signal", "--session-id", sid, "--data", "just you", "--connection-id", conn)
    got = control.send(GetConnection(session_id=sid, connection_id=conn)).signals
    assert [(s.type, s.data) for s in got][-2:] == [("chat", "hello"), ("", "just you")]
    assert cli.json("stream", "get", "--session-id", sid, stream)["id"] == stream
    assert [s["id"] for s in cli.json("stream", "list", "--session-id", sid)["items"]] == [stream]
    cli("stream", "classes", "--session-id", sid, f"{stream}=focus,full")
    assert cli.json("stream", "get", "--session-id", sid, stream)["layout_class_list"] == [
        "focus",
        "full",
    ]
    cli("mute", "stream", "--session-id", sid, stream)
    cli("mute", "all", "--session-id", sid, "--exclude", stream)
    assert control.send(GetSessionState(session_id=sid)).force_mute
    cli("mute", "off", "--session-id", sid)
    assert not control.send(GetSessionState(session_id=sid)).force_mute

    # SIP and DTMF (the token is minted for the call when not given).
    call = cli.json(
        "sip", "dial", "--session-id", sid, "sip:alice@sip.example.com", "--header", "X-Room=7"
    )
    cli("dtmf", "--session-id", sid, "1234#")
    cli("dtmf", "--session-id", sid, "9p1", "--connection-id", call["connection_id"])
    assert (
        "9p1"
        in control.send(GetConnection(session_id=sid, connection_id=call["connection_id"])).dtmf
    )
    cli("disconnect", "--session-id", sid, call["connection_id"])

    # Experience Composer, captions, audio connector.
    render = cli.json(
        "render", "start", "--session-id", sid, "https://example.com/board", "--name", "board"
    )
    assert cli.json("render", "get", render["id"])["id"] == render["id"]
    assert render["id"] in [r["id"] for r in cli.json("render", "list")["items"]]
    cli("render", "list", "--all")
    cli("render", "stop", render["id"])
    captions = cli.json("captions", "start", "--session-id", sid, "--language", "en-GB")
    cli("captions", "stop", captions["captions_id"])
    audio = cli.json(
        "audio", "connect", "--session-id", sid, "wss://example.com/audio", "--audio-rate", "16000"
    )
    cli("disconnect", "--session-id", sid, audio["connection_id"])
    # Issue 12: captions status, the Audio Connector's stop, connections, one stream's classes.
    captions = cli.json("captions", "start", "--session-id", sid)
    assert cli.json("captions", "get", captions["captions_id"])["status"] == "started"
    cli("captions", "stop", captions["captions_id"])
    wss = ("wss://example.com/audio", "--audio-rate", "24000", "--transport", "json")
    audio = cli.json("audio", "connect", "--session-id", sid, *wss, "--audio-field", "pcm")
    listed = cli.json("connection", "list", "--session-id", sid)
    assert audio["connection_id"] in [c["id"] for c in listed["items"]]
    assert {c["connection_state"] for c in listed["items"]} == {"Connected"}
    cli("audio", "disconnect", audio["connection_id"])
    assert listed["count"] - 1 == cli.json("connection", "list", "--session-id", sid)["count"]
    cli("stream", "class-list", "--session-id", sid, stream, "solo")
    assert cli.json("stream", "get", "--session-id", sid, stream)["layout_class_list"] == ["solo"]
    cli("disconnect", "--session-id", sid, conn)
    assert not control.send(GetConnection(session_id=sid, connection_id=conn)).connected

    # Webhook bodies, from a file (the spec's fixtures are what the service POSTs).
    fixture = str(SPEC / "fixtures" / "callbacks" / "archive.json")
    event = cli.json("callback", "parse", fixture)
    assert event["type"] == "ArchiveEvent" and event["archive"]["status"] == "uploaded"

    every = {c.words for c in COMMANDS}
    assert every <= cli.ran, f"not exercised: {sorted(every - cli.ran)}"


def test_text_output_is_a_readable_table(cli: Cli) -> None:
    sid = cli.json("session", "create", "--routed")["session_id"]
    out, _ = cli("session", "create", "--routed")
    assert out.splitlines()[0].startswith("session_id ")
    out, _ = cli("archive", "list", "--session-id", sid)
    assert out.splitlines() == ["(none)", "(0-0 of 0)"]
    out, _ = cli("--json", "archive", "list", "--session-id", sid)  # before the command too
    assert json.loads(out) == {"items": [], "count": 0, "offset": 0}


def test_errors_are_one_line_with_an_exit_code_per_class(cli: Cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _, err = cli("archive", "get", "b40ef09b-3811-4726-b508-e41a0f96c68f", code=4)
    assert err.startswith("opentok: not found: archives.get: HTTP 404") and err.count("\n") == 1
    sid = cli.json("session", "create")["session_id"]
    _, err = cli("archive", "start", "--session-id", sid, code=5)  # relayed session
    assert err.startswith("opentok: conflict: ")
    _, err = cli("dtmf", "--session-id", sid, "12x", code=2)
    assert err.startswith("opentok: bad input: digits")
    _, err = cli("session", "create", "--api-secret", "wrong", code=3)
    assert err.startswith("opentok: authentication: ")
    _, err = cli("session", "create", "--api-url", "http://127.0.0.1:9", "--timeout", "2", code=6)
    assert err.startswith("opentok: network: ")
    monkeypatch.delenv("OPENTOK_API_KEY")
    _, err = cli("session", "create", code=3)
    assert "no credentials" in err


def test_bad_flags_give_a_usage_error(cli: Cli) -> None:
    _, err = cli("archive", "start", "--session-id", "1_MX4xfg", "--bogus", code=2)
    assert err.startswith("usage: opentok archive start") and "unrecognized arguments" in err
    _, err = cli("archive", code=2)
    assert "usage: opentok archive" in err
    _, err = cli("session", "create", "--media-mode", "p2p", code=2)
    assert "invalid choice" in err
    out, _ = cli(code=2)
    assert out.startswith("usage: opentok") and "archive" in out and "emulator" in out


def test_every_command_has_help_with_examples(cli: Cli) -> None:
    out, _ = cli("--help")
    assert "exit codes:" in out and "OPENTOK_API_KEY" in out
    for command in [*COMMANDS, *TOOLS]:
        out, _ = cli(*command.words, "--help")
        assert "examples:" in out and command.examples[0] in out, command.words


def test_the_console_script_drives_opentok_emulator(tmp_path: Path) -> None:
    """The installed `opentok` script: `opentok emulator` in one process, commands in others."""
    script = Path(sys.executable).with_name("opentok")
    assert script.exists(), "pip install -e . installs the console script"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [str(script), "emulator", "--port", "0"], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[-1]
        env.update(
            OPENTOK_API_KEY=DEMO_API_KEY, OPENTOK_API_SECRET=DEMO_API_SECRET, OPENTOK_API_URL=url
        )
        done = subprocess.run(
            [str(script), "session", "create", "--routed", "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["media_mode"] == "routed"
        bad = subprocess.run(
            [str(script), "archive", "get", "nope"], capture_output=True, text=True, env=env
        )
        assert bad.returncode == 4 and bad.stderr.startswith("opentok: not found:")
        assert "Traceback" not in bad.stderr
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=10)
        finally:
            if server.poll() is None:
                server.kill()


def test_vonage_application_credentials_from_env_or_flags(
    cli: Cli, control: Client, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pem, public = rsa_pems()
    app_id = "6f1c2a9e-3b7d-4c1e-9a2f-0d8e7c6b5a49"
    control.send(RegisterApplication(application_id=app_id, public_key=public))
    key_file = tmp_path / "private.key"
    key_file.write_text(pem)
    monkeypatch.delenv("OPENTOK_API_KEY")
    monkeypatch.delenv("OPENTOK_API_SECRET")
    # The pair from the environment, the key as a file path...
    monkeypatch.setenv("VONAGE_APPLICATION_ID", app_id)
    monkeypatch.setenv("VONAGE_PRIVATE_KEY", str(key_file))
    sid = cli.json("session", "create", "--routed")["session_id"]
    token = cli.json("token", "--session-id", sid)
    assert token["issuer"] == app_id and cli.json("token", "verify", token["token"])["signature"]
    # ...or as PEM text, or from flags.
    monkeypatch.setenv("VONAGE_PRIVATE_KEY", pem)
    assert cli.json("stream", "list", "--session-id", sid)["count"] == 0
    monkeypatch.delenv("VONAGE_APPLICATION_ID")
    monkeypatch.delenv("VONAGE_PRIVATE_KEY")
    cli("session", "create", "--application-id", app_id, "--private-key", str(key_file))
    _, err = cli("session", "create", "--application-id", app_id, code=3)
    assert "missing --private-key / VONAGE_PRIVATE_KEY" in err
    _, err = cli("session", "create", "--application-id", app_id, "--private-key", "nope", code=2)
    assert "cannot read the private key file" in err


def test_a_closed_pipe_ends_quietly(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["token", "decode", decode_example_token()]) == 141
    assert capsys.readouterr().err == ""


def decode_example_token() -> str:
    from opentok_core import ProjectCredentials, encode_session_id, generate_token

    creds = ProjectCredentials(DEMO_API_KEY, DEMO_API_SECRET)
    sid = encode_session_id(DEMO_API_KEY, "", "now", "1")
    return generate_token(creds, sid, now=1_700_000_000, nonce=1, jti="j")
