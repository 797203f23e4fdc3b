"""pytest fixtures for apps built on opentok-py (loaded automatically: entry point
``pytest11: opentok``). Each test gets a fresh emulator with the demo credentials.

* ``opentok_emulator``: the ``Emulator`` itself (state, ``reset()``, ``add_project()``).
* ``opentok_signature_secret``: None; override it (a fixture of the same name in your
  ``conftest.py``) to have the emulator sign its callbacks with that secret.
* ``opentok_max_sessions``: 10,000; override it the same way to change how many sessions the
  emulator keeps before forgetting the oldest ended ones.
* ``opentok_client`` / ``opentok_async_client``: clients on the in-process transport.
* ``opentok_emulator_url``: the same emulator served over HTTP on 127.0.0.1 (its base URL),
  for code that builds its own client (or the official SDK) from a URL.
* ``opentok_application``: Vonage application credentials (a fresh id and RSA key) that
  ``opentok_emulator`` accepts, for code that authenticates as an application.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from opentok_core import ApplicationCredentials
    from opentok_emulator import Emulator
    from opentok_sync import Client

# Nothing of the SDK is imported until a fixture runs: pytest loads this module for every run
# of every project where opentok-py is installed (tests/emulator/test_pytest_integration.py
# checks that loading it imports no client, transport or emulator).

__all__ = [
    "opentok_application",
    "opentok_async_client",
    "opentok_client",
    "opentok_emulator",
    "opentok_emulator_url",
    "opentok_max_sessions",
    "opentok_signature_secret",
]


@pytest.fixture
def opentok_signature_secret() -> str | None:
    """The secret the emulator signs its callbacks with: None (unsigned) unless overridden."""
    return None


@pytest.fixture
def opentok_max_sessions() -> int:
    """How many sessions the emulator keeps: past it the oldest ended ones are forgotten."""
    return 10_000


@pytest.fixture
def opentok_emulator(opentok_signature_secret: str | None, opentok_max_sessions: int) -> Emulator:
    """A fresh emulator accepting the demo api key and secret (signing its callbacks with
    ``opentok_signature_secret`` when that is set, keeping ``opentok_max_sessions``)."""
    from opentok_emulator import new_emulator

    return new_emulator(
        signature_secret=opentok_signature_secret, max_sessions=opentok_max_sessions
    )


@pytest.fixture
def opentok_client(opentok_emulator: Emulator) -> Iterator[Client]:
    """A ``Client`` answered in process by ``opentok_emulator`` (no sockets)."""
    from .clients import emulated_client

    with emulated_client(emulator=opentok_emulator) as client:
        yield client


@pytest.fixture
def opentok_async_client(opentok_emulator: Emulator) -> object:
    """An ``AsyncClient`` answered in process by ``opentok_emulator``. The in-process
    transport holds no connection, so the client is tied to no event loop: await it from any
    asyncio or trio test (pytest-asyncio, anyio), or hand it to an ASGI app under test."""
    from opentok_async import AsyncClient
    from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET, EmulatorTransport

    from .clients import IN_PROCESS_URL

    transport = EmulatorTransport(opentok_emulator)
    return AsyncClient(DEMO_API_KEY, DEMO_API_SECRET, api_url=IN_PROCESS_URL, transport=transport)


@pytest.fixture
def opentok_emulator_url(opentok_emulator: Emulator) -> Iterator[str]:
    """``opentok_emulator`` served over HTTP on 127.0.0.1: its base URL (``api_url``)."""
    from opentok_emulator.server import EmulatorServer

    with EmulatorServer(opentok_emulator) as server:
        yield server.url


@pytest.fixture
def opentok_application(opentok_emulator: Emulator) -> ApplicationCredentials:
    """Vonage application credentials ``opentok_emulator`` accepts: pass them to ``Client``
    (``application_id=app.application_id, private_key=app.private_key``) with the emulator's
    transport or ``opentok_emulator_url``."""
    from opentok_emulator import new_application

    application = new_application()
    opentok_emulator.add_application(application.application_id, application)
    return application
