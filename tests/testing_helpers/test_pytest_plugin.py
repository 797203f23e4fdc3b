"""The pytest fixtures we ship, used as a user's test suite uses them: tests/conftest.py enables
them with ``pytest_plugins = ["opentok_core.testing.pytest_plugin"]``, as the docs say."""

from __future__ import annotations

import subprocess
import sys

import pytest

from opentok_async import AsyncClient
from opentok_core.emulator.control import ConnectClient, GetSessionState
from opentok_core.testing.pytest_plugin import OpenTokEmulator
from opentok_sync import Client


def test_the_client_fixture_talks_to_the_emulator(
    opentok_client: Client, opentok_emulator: OpenTokEmulator
) -> None:
    session = opentok_client.create_session(media_mode="routed")
    token = opentok_client.generate_token(session.session_id)
    opentok_client.send(ConnectClient(session_id=session.session_id, token=token))
    state = opentok_client.send(GetSessionState(session_id=session.session_id))
    assert len(state.connections) == 1
    assert opentok_emulator.emulator.find_session(session.session_id) is not None


@pytest.mark.anyio
async def test_the_async_client_fixture_shares_the_emulator(
    opentok_async_client: AsyncClient, opentok_client: Client
) -> None:
    session = await opentok_async_client.create_session(media_mode="routed")
    assert opentok_client.list_streams(session.session_id).count == 0


def test_the_url_serves_the_same_emulator_over_http(opentok_emulator: OpenTokEmulator) -> None:
    env = opentok_emulator.environ
    assert env["OPENTOK_API_URL"].startswith("http://127.0.0.1:")
    with Client(
        env["OPENTOK_API_KEY"], env["OPENTOK_API_SECRET"], api_url=env["OPENTOK_API_URL"]
    ) as c:
        sid = c.create_session().session_id
    assert opentok_emulator.emulator.find_session(sid) is not None


def test_each_test_gets_a_fresh_emulator(opentok_client: Client) -> None:
    assert opentok_client.list_archives().count == 0
    opentok_client.create_session()


def test_loading_the_plugin_imports_no_client_or_emulator() -> None:
    code = (
        "import sys, opentok_core.testing.pytest_plugin\n"
        "print(sorted(m for m in ('opentok_sync', 'opentok_async', 'opentok_core.emulator', "
        "'urllib3', 'httpx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
