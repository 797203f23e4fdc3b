"""Test helpers for apps built on opentok-py: a client wired to a fresh emulator."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from opentok_core.emulator import DEMO_API_KEY, DEMO_API_SECRET, Emulator

from ._client import Client
from ._emulator import EmulatorTransport, new_emulator

__all__ = ["emulated_client"]


@contextlib.contextmanager
def emulated_client(
    *,
    http: bool = False,
    emulator: Emulator | None = None,
    api_key: str = DEMO_API_KEY,
    api_secret: str = DEMO_API_SECRET,
    **client_options: Any,
) -> Iterator[Client]:
    """A ready ``Client`` talking to an emulator: in process (default, zero sockets) or, with
    ``http=True``, over real HTTP on 127.0.0.1 (the server stops when the block ends).

    The emulator (fresh unless given) knows ``api_key``/``api_secret``; reach it through
    ``client.send(...)`` with the ``opentok_core.emulator.control`` operations.
    """
    emulator = emulator or new_emulator(api_key=api_key, api_secret=api_secret)
    if not http:
        transport = EmulatorTransport(emulator)
        url = "http://emulator.invalid"
        with Client(api_key, api_secret, api_url=url, transport=transport, **client_options) as c:
            yield c
        return
    from opentok_async._emulator_server import EmulatorServer

    with EmulatorServer(emulator) as server:
        with Client(api_key, api_secret, api_url=server.url, **client_options) as client:
            yield client
