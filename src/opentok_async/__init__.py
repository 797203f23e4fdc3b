"""opentok_async: the asyncio/trio client, over ``httpx.AsyncClient``."""

from __future__ import annotations

from ._client import AsyncClient
from ._transport import AsyncTransport, HttpxTransport

__all__ = ["AsyncClient", "AsyncTransport", "HttpxTransport"]
