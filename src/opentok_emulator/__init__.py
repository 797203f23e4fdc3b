"""opentok_emulator: a faithful, stateful model of the OpenTok / Vonage Video REST service.

``Emulator(clock=..., ids=..., projects=[...])`` is a pure ``Request -> Reply`` function over
in-memory state: the clock and ids are injected and it does no I/O. Serve it in process with
``EmulatorTransport`` (both clients take it as ``transport=``), or over HTTP with
``opentok_emulator.server.EmulatorServer`` or ``opentok emulator``. The control API
(``/_emulator/...``) drives simulated participants and fault injection; its typed operations
are in ``opentok_emulator.control``.

It models the service, not our clients: it imports the core's public API and the standard
library, never ``opentok_sync`` or ``opentok_async``.
"""

from __future__ import annotations

from opentok_core import publish

from ._context import Callback, Reply
from ._core import Emulator
from ._demo import DEMO_API_KEY, DEMO_API_SECRET
from ._exchange import exchange
from ._transport import EmulatorTransport, new_application, new_emulator

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "DEMO_API_KEY",
    "DEMO_API_SECRET",
    "Callback",
    "Emulator",
    "EmulatorTransport",
    "Reply",
    "exchange",
    "new_application",
    "new_emulator",
]

# Each name shows opentok_emulator as its module (see opentok_core.publish).
publish(__name__, globals(), __all__)
