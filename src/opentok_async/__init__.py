"""opentok_async: the asyncio/trio client, over ``httpx.AsyncClient``."""

from __future__ import annotations

# One in-process emulator transport serves both clients (it has both handle methods).
from opentok_sync._emulator import EmulatorTransport, new_emulator

from ._client import AsyncClient
from ._testing import emulated_async_client
from ._transport import AsyncTransport, HttpxTransport

__all__ = [
    "emulated_async_client",
    "AsyncClient",
    "AsyncTransport",
    "EmulatorTransport",
    "HttpxTransport",
    "new_emulator",
]
