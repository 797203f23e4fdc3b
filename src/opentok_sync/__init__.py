"""opentok_sync: the blocking client, over a pooled ``urllib3.PoolManager``."""

from __future__ import annotations

from opentok_core import publish

from ._client import Client
from ._deadline import pool_manager, proxy_manager
from ._transport import Transport, Urllib3Transport

#: The official SDK's class name: ``from opentok import OpenTok`` migrates by changing only the
#: import to ``from opentok_sync import OpenTok``.
OpenTok = Client

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "Client",
    "OpenTok",
    "Transport",
    "Urllib3Transport",
    "pool_manager",
    "proxy_manager",
]

# Each name shows opentok_sync as its module (see opentok_core.publish).
publish(__name__, globals(), __all__)
