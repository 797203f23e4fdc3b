"""opentok_sync: the blocking client, over a pooled ``urllib3.PoolManager``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._client import Client
    from ._client import Client as OpenTok
    from ._deadline import pool_manager, proxy_manager
    from ._emulator import EmulatorTransport, new_emulator
    from ._testing import emulated_client
    from ._transport import Transport, Urllib3Transport
else:
    # Everything loads when first used, as opentok_core._lazy does, written out here so that
    # importing this package imports nothing: the pytest plugin (opentok_sync.pytest_plugin,
    # registered for every pytest run where opentok-py is installed) then costs nothing until
    # a fixture runs, and the emulator is not loaded with every client.
    import importlib

    _WHERE = {
        "Client": "._client",
        # The official SDK's class name: `from opentok import OpenTok` migrates by changing
        # only the import to `from opentok_sync import OpenTok`.
        "OpenTok": "._client",
        "Transport": "._transport",
        "Urllib3Transport": "._transport",
        # Pools whose connections the transport holds to its whole deadline (proxies too).
        "pool_manager": "._deadline",
        "proxy_manager": "._deadline",
        "EmulatorTransport": "._emulator",
        "new_emulator": "._emulator",
        "emulated_client": "._testing",
    }

    _ALIASES = {"OpenTok": "Client"}

    def __getattr__(name: str) -> object:
        module = _WHERE.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, __name__), _ALIASES.get(name, name))
        globals()[name] = value
        return value


__all__ = [
    "emulated_client",
    "Client",
    "EmulatorTransport",
    "new_emulator",
    "OpenTok",
    "pool_manager",
    "proxy_manager",
    "Transport",
    "Urllib3Transport",
]
