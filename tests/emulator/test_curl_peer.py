"""curl, a client that shares no code with ours, against ``opentok emulator`` over loopback:
the HTTP it speaks (keep-alive reuse, chunked uploads, ``Expect: 100-continue``, HTTP/1.0,
HEAD) and the API answers it gets must be what the real service gives any client."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from collections.abc import Iterator

import pytest

from opentok_core import ProjectCredentials
from opentok_emulator import new_emulator
from opentok_emulator.control import ConnectClient
from opentok_emulator.server import EmulatorServer
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET

CURL = shutil.which("curl")
pytestmark = pytest.mark.skipif(CURL is None, reason="curl is not installed on this machine")


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(new_emulator(api_key=API_KEY, api_secret=API_SECRET)) as running:
        yield running


def auth() -> str:
    name, value = ProjectCredentials(API_KEY, API_SECRET).auth_header(time.time(), "curl-jti")
    return f"{name}: {value}"


def curl(*args: str) -> subprocess.CompletedProcess[str]:
    """Run curl; stdout and stderr decoded with their CRLFs kept."""
    assert CURL is not None
    done = subprocess.run(
        [CURL, "--silent", "--show-error", "--max-time", "10", *args],
        capture_output=True,
        timeout=20,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )


def test_curl_creates_a_session_and_reuses_the_connection(server: EmulatorServer) -> None:
    # Two URLs in one invocation: curl keeps the connection alive between them.
    create = f"{server.url}/session/create"
    result = curl(
        "-v",
        "-H",
        auth(),
        "-H",
        "Accept: application/json",
        "-d",
        "p2p.preference=disabled",
        create,
        "--next",
        "-H",
        auth(),
        "-H",
        "Accept: application/json",
        "-d",
        "p2p.preference=enabled",
        create,
    )
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(part) for part in result.stdout.replace("][", "]\n[").split("\n"))
    assert first[0]["session_id"] != second[0]["session_id"]
    assert first[0]["project_id"] == second[0]["project_id"] == API_KEY
    assert "Re-using existing connection" in result.stderr


def test_curl_without_auth_gets_the_403_body(server: EmulatorServer) -> None:
    result = curl("-w", "\n%{http_code}", f"{server.url}/v2/project/{API_KEY}/archive")
    body, status = result.stdout.rsplit("\n", 1)
    assert status == "403" and json.loads(body)["code"] == -1


def test_curl_starts_an_archive_with_a_chunked_body_after_100_continue(
    server: EmulatorServer,
) -> None:
    with Client(API_KEY, API_SECRET, api_url=server.url) as client:
        session_id = client.create_session(media_mode="routed").session_id
        client.send(ConnectClient(session_id=session_id, token=client.generate_token(session_id)))
    result = curl(
        "-v",
        "-H",
        auth(),
        "-H",
        "Content-Type: application/json",
        "-H",
        "Transfer-Encoding: chunked",
        "-H",
        "Expect: 100-continue",
        "--data-binary",
        json.dumps({"sessionId": session_id, "name": "from curl"}),
        "-w",
        "\n%{http_code}",
        f"{server.url}/v2/project/{API_KEY}/archive",
    )
    body, status = result.stdout.rsplit("\n", 1)
    assert status == "200", result.stderr
    archive = json.loads(body)
    assert archive["sessionId"] == session_id and archive["status"] == "started"
    assert "HTTP/1.1 100 Continue" in result.stderr


def test_curl_http10_and_head_requests(server: EmulatorServer) -> None:
    url = f"{server.url}/v2/project/{API_KEY}/archive"
    old = curl("--http1.0", "-i", "-H", auth(), url)
    head, _, body = old.stdout.partition("\r\n\r\n")
    assert head.startswith("HTTP/1.") and " 200 " in head.split("\r\n")[0]
    assert json.loads(body)["count"] == 0
    only_head = curl("-I", "-H", auth(), url)
    assert only_head.returncode == 0, only_head.stderr
    lines = only_head.stdout.split("\r\n")
    assert lines[0].startswith("HTTP/1.1 200")
    assert any(line.lower().startswith("content-type: application/json") for line in lines)
