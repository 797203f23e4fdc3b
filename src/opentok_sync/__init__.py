"""opentok_sync: the blocking client, over a pooled ``urllib3.PoolManager``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._client import Client
from ._transport import Transport, Urllib3Transport

if TYPE_CHECKING:
    from ._emulator import EmulatorTransport, new_emulator
    from ._testing import emulated_client
else:
    # The emulator loads when first used, not with every client (see opentok_core._lazy).
    from opentok_core._lazy import lazy_exports

    __getattr__ = lazy_exports(
        __name__,
        {
            "._emulator": ("EmulatorTransport", "new_emulator"),
            "._testing": ("emulated_client",),
        },
    )

__all__ = [
    "emulated_client",
    "Client",
    "EmulatorTransport",
    "new_emulator",
    "Transport",
    "Urllib3Transport",
]
