"""opentok_async: the asyncio/trio client, over ``httpx.AsyncClient``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opentok_core import publish

from ._client import AsyncClient
from ._transport import AsyncTransport, HttpxTransport

__version__ = "0.1.0"

__all__ = ["__version__", "AiohttpTransport", "AsyncClient", "AsyncTransport", "HttpxTransport"]

if TYPE_CHECKING:
    from ._aiohttp import AiohttpTransport


def __getattr__(name: str) -> Any:
    # aiohttp is an optional extra (``pip install "opentok-py[aiohttp]"``), so its transport is
    # imported on first use of the name: the package imports without it.
    if name == "AiohttpTransport":
        from ._aiohttp import AiohttpTransport

        globals()[name] = AiohttpTransport
        publish(__name__, globals(), [name])
        return AiohttpTransport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


# Each name shows opentok_async as its module (see opentok_core.publish).
publish(__name__, globals(), __all__)
