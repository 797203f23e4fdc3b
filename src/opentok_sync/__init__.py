"""opentok_sync: the blocking client, over a pooled ``urllib3.PoolManager``."""

from __future__ import annotations

from ._client import Client
from ._emulator import EmulatorTransport, new_emulator
from ._testing import emulated_client
from ._transport import Transport, Urllib3Transport

__all__ = [
    "emulated_client",
    "Client",
    "EmulatorTransport",
    "new_emulator",
    "Transport",
    "Urllib3Transport",
]
