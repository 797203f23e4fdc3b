"""A faithful, stateful emulator of the OpenTok / Vonage Video REST API.

``Emulator(clock=..., ids=..., projects=[...])`` is a pure ``Request -> Reply`` function over
in-memory state (the clock and ids are injected; it does no I/O). Serve it in process with
``opentok_sync.EmulatorTransport`` or over HTTP with ``opentok emulator``. The control API
(``/_emulator/...``) drives simulated participants and fault injection; its typed operations
are in ``opentok_core.emulator.control``.
"""

from __future__ import annotations

from ._core import Callback, Emulator, Reply
from ._exchange import exchange

__all__ = ["Callback", "Emulator", "Reply", "exchange"]

#: Credentials the emulator accepts out of the box (``make demo``, ``opentok emulator``).
DEMO_API_KEY = "123456"
DEMO_API_SECRET = "demo-secret-0123456789abcdef"  # noqa: S105 - a public demo value
__all__ += ["DEMO_API_KEY", "DEMO_API_SECRET"]
