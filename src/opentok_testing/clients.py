"""Clients wired to a fresh emulator, for the tests of apps built on opentok-py."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

from opentok_async import AsyncClient
from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET, Emulator, EmulatorTransport
from opentok_emulator import new_emulator as _new_emulator
from opentok_emulator.server import EmulatorServer
from opentok_sync import Client

__all__ = ["IN_PROCESS_URL", "emulated_async_client", "emulated_client"]

#: The base URL of an in-process emulator: never resolved, since no socket is opened.
IN_PROCESS_URL = "http://emulator.invalid"


@contextlib.contextmanager
def emulated_client(
    *,
    http: bool = False,
    emulator: Emulator | None = None,
    api_key: str = DEMO_API_KEY,
    api_secret: str = DEMO_API_SECRET,
    **client_options: Any,
) -> Iterator[Client]:
    """A ready ``Client`` talking to an emulator: in process (default, zero sockets) or, with
    ``http=True``, over real HTTP on 127.0.0.1 (the server stops when the block ends).

    The emulator (fresh unless given) knows ``api_key``/``api_secret``; reach it through
    ``client.send(...)`` with the ``opentok_emulator.control`` operations.
    """
    emulator = emulator or _new_emulator(api_key=api_key, api_secret=api_secret)
    if not http:
        transport = EmulatorTransport(emulator)
        with Client(
            api_key, api_secret, api_url=IN_PROCESS_URL, transport=transport, **client_options
        ) as client:
            yield client
        return
    with EmulatorServer(emulator) as server:
        with Client(api_key, api_secret, api_url=server.url, **client_options) as client:
            yield client


@contextlib.asynccontextmanager
async def emulated_async_client(
    *,
    http: bool = False,
    emulator: Emulator | None = None,
    api_key: str = DEMO_API_KEY,
    api_secret: str = DEMO_API_SECRET,
    **client_options: Any,
) -> AsyncIterator[AsyncClient]:
    """A ready ``AsyncClient`` talking to an emulator: in process (default, zero sockets) or,
    with ``http=True``, over real HTTP on 127.0.0.1 (served from a background thread, so it
    works under asyncio and trio alike)."""
    emulator = emulator or _new_emulator(api_key=api_key, api_secret=api_secret)
    if not http:
        transport = EmulatorTransport(emulator)
        async with AsyncClient(
            api_key, api_secret, api_url=IN_PROCESS_URL, transport=transport, **client_options
        ) as client:
            yield client
        return
    server = EmulatorServer(emulator).start_in_thread()
    try:
        async with AsyncClient(api_key, api_secret, api_url=server.url, **client_options) as c:
            yield c
    finally:
        server.stop()
