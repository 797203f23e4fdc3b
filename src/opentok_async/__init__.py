"""opentok_async: the asyncio/trio client, over ``httpx.AsyncClient``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._client import AsyncClient
from ._transport import AsyncTransport, HttpxTransport

if TYPE_CHECKING:
    # One in-process emulator transport serves both clients (it has both handle methods).
    from opentok_sync._emulator import EmulatorTransport, new_emulator

    from ._testing import emulated_async_client
else:
    # The emulator loads when first used, not with every client (see opentok_core._lazy).
    from opentok_core._lazy import lazy_exports

    __getattr__ = lazy_exports(
        __name__,
        {
            "opentok_sync._emulator": ("EmulatorTransport", "new_emulator"),
            "._testing": ("emulated_async_client",),
        },
    )

__all__ = [
    "emulated_async_client",
    "AsyncClient",
    "AsyncTransport",
    "EmulatorTransport",
    "HttpxTransport",
    "new_emulator",
]
