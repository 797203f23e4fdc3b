"""opentok_cli: the ``opentok`` command line, and the offline demo (``opentok demo``).

An application of the clients and the emulator: every API command calls one public ``Client``
method; ``opentok emulator`` serves ``opentok_emulator`` over HTTP. ``main`` is the console
script (``opentok = "opentok_cli:main"``); ``python -m opentok_cli`` runs it too.
"""

from __future__ import annotations

from ._tools import main

__version__ = "0.1.0"

__all__ = ["__version__", "main"]
