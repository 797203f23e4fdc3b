"""pytest fixtures for testing an application built on opentok-py, offline.

Enable them in your root ``conftest.py``::

    pytest_plugins = ["opentok_core.testing.pytest_plugin"]

(or run ``pytest -p opentok_core.testing.pytest_plugin``). They are not registered
automatically: loading the SDK costs every pytest run of every project that merely has
opentok-py installed, and fixture names should only appear where you asked for them.

* ``opentok_emulator``: a fresh emulator of the service for the test (``OpenTokEmulator``):
  its credentials, its state, and ``url`` for code that builds its own client (the loopback
  HTTP server starts on first use of ``url`` or ``environ``).
* ``opentok_client``: a ``Client`` talking to that emulator in process (no socket).
* ``opentok_async_client``: an ``AsyncClient`` talking to it in process, with no event loop
  tied to it: use it from asyncio or trio tests (pytest-asyncio, anyio).

This module imports nothing but pytest when it loads; the clients, the emulator and its server
are imported when a fixture first runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from opentok_async import AsyncClient
    from opentok_core.emulator import Emulator
    from opentok_sync import Client, EmulatorTransport

__all__ = ["OpenTokEmulator", "opentok_async_client", "opentok_client", "opentok_emulator"]


class OpenTokEmulator:
    """A running emulator: ``api_key``/``api_secret`` it accepts, ``emulator`` (its state, for
    assertions and the control API), and ``url``/``environ`` for code that makes its own client.
    """

    def __init__(self, emulator: Emulator, api_key: str, api_secret: str) -> None:
        self.emulator = emulator
        self.api_key = api_key
        self.api_secret = api_secret
        self._server: Any = None

    @property
    def url(self) -> str:
        """The base URL of the emulator on a loopback port (started on first use)."""
        if self._server is None:
            from opentok_async._emulator_server import EmulatorServer

            self._server = EmulatorServer(self.emulator, port=0).start_in_thread()
        url: str = self._server.url
        return url

    @property
    def environ(self) -> dict[str, str]:
        """``OPENTOK_API_KEY``, ``OPENTOK_API_SECRET`` and ``OPENTOK_API_URL`` for this emulator
        (e.g. ``for k, v in opentok_emulator.environ.items(): monkeypatch.setenv(k, v)``)."""
        return {
            "OPENTOK_API_KEY": self.api_key,
            "OPENTOK_API_SECRET": self.api_secret,
            "OPENTOK_API_URL": self.url,
        }

    def transport(self) -> EmulatorTransport:
        """An in-process transport to this emulator, for ``Client``/``AsyncClient(transport=)``."""
        from opentok_sync import EmulatorTransport

        return EmulatorTransport(self.emulator)

    def close(self) -> None:
        """Stop the loopback server, if it was started."""
        if self._server is not None:
            self._server.stop()
            self._server = None


@pytest.fixture
def opentok_emulator() -> Iterator[OpenTokEmulator]:
    """A fresh emulator for this test (demo credentials ``123456`` / its demo secret)."""
    from opentok_core.emulator import DEMO_API_KEY, DEMO_API_SECRET
    from opentok_sync import new_emulator

    running = OpenTokEmulator(new_emulator(), DEMO_API_KEY, DEMO_API_SECRET)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def opentok_client(opentok_emulator: OpenTokEmulator) -> Iterator[Client]:
    """A ``Client`` for ``opentok_emulator``, in process."""
    from opentok_sync import Client

    with Client(
        opentok_emulator.api_key,
        opentok_emulator.api_secret,
        transport=opentok_emulator.transport(),
    ) as client:
        yield client


@pytest.fixture
def opentok_async_client(opentok_emulator: OpenTokEmulator) -> AsyncClient:
    """An ``AsyncClient`` for ``opentok_emulator``, in process (no sockets, so nothing to
    close on the test's event loop)."""
    from opentok_async import AsyncClient

    return AsyncClient(
        opentok_emulator.api_key,
        opentok_emulator.api_secret,
        transport=opentok_emulator.transport(),
    )
