"""What users' test suites get: the pytest fixtures (entry point ``pytest11: opentok``) and
the ``emulated_client`` context managers, in process and over loopback HTTP."""

from __future__ import annotations

import pytest

from opentok_async import AsyncClient
from opentok_core import ApplicationCredentials, NotFound
from opentok_emulator import Emulator, EmulatorTransport
from opentok_emulator.control import ConnectClient, GetSessionState
from opentok_sync import Client
from opentok_testing.clients import emulated_async_client, emulated_client


def test_fixtures_give_a_client_on_a_fresh_emulator(
    opentok_client: Client, opentok_emulator: Emulator
) -> None:
    session = opentok_client.create_session(media_mode="routed")
    token = opentok_client.generate_token(session.session_id)
    opentok_client.send(ConnectClient(session_id=session.session_id, token=token))
    state = opentok_client.send(GetSessionState(session_id=session.session_id))
    assert len(state.connections) == 1
    assert session.session_id in next(iter(opentok_emulator.projects.values())).sessions


@pytest.mark.anyio
async def test_async_fixture(opentok_async_client: AsyncClient) -> None:
    with pytest.raises(NotFound):
        await opentok_async_client.get_archive("missing")


def test_application_fixture_is_accepted_by_the_emulator(
    opentok_application: ApplicationCredentials, opentok_emulator: Emulator
) -> None:
    transport = EmulatorTransport(opentok_emulator)
    with Client(
        application_id=opentok_application.application_id,
        private_key=opentok_application.private_key,
        api_url="http://emulator.invalid",
        transport=transport,
    ) as client:
        session = client.create_session(media_mode="routed")
    assert opentok_application.application_id in opentok_emulator.projects
    assert (
        session.session_id in opentok_emulator.projects[opentok_application.application_id].sessions
    )


def test_emulator_url_fixture_serves_http(opentok_emulator_url: str) -> None:
    with Client("123456", "demo-secret-0123456789abcdef", api_url=opentok_emulator_url) as c:
        assert c.create_session().session_id.startswith("1_")


@pytest.mark.parametrize("http", [False, True])
def test_emulated_client_context_manager(http: bool) -> None:
    with emulated_client(http=http) as client:
        assert client.config.api_url.startswith("http://")
        assert client.list_archives().count == 0


@pytest.mark.anyio
@pytest.mark.parametrize("http", [False, True])
async def test_emulated_async_client_context_manager(http: bool) -> None:
    async with emulated_async_client(http=http) as client:
        session = await client.create_session(media_mode="routed")
        assert (await client.list_streams(session.session_id)).count == 0
