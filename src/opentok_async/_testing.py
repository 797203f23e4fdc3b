"""Test helpers for async apps built on opentok-py: an AsyncClient wired to a fresh emulator."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from opentok_core.emulator import DEMO_API_KEY, DEMO_API_SECRET, Emulator
from opentok_sync._emulator import EmulatorTransport, new_emulator

from ._client import AsyncClient
from ._emulator_server import EmulatorServer

__all__ = ["emulated_async_client"]


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
    emulator = emulator or new_emulator(api_key=api_key, api_secret=api_secret)
    if not http:
        transport = EmulatorTransport(emulator)
        url = "http://emulator.invalid"
        async with AsyncClient(
            api_key, api_secret, api_url=url, transport=transport, **client_options
        ) as client:
            yield client
        return
    server = EmulatorServer(emulator).start_in_thread()
    try:
        async with AsyncClient(api_key, api_secret, api_url=server.url, **client_options) as c:
            yield c
    finally:
        server.stop()
