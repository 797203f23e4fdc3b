"""The async transport port and its httpx adapter.

A transport performs one HTTP exchange: ``Request`` in, ``Response`` out. It owns pooling,
timeouts and TLS; it never builds URLs, parses JSON or touches auth. Library exceptions become
ours, chained with ``from`` (httpx's own ``map_httpcore_exceptions`` idea).
"""

from __future__ import annotations

from typing import Protocol

import httpx

from opentok_core import (
    ConnectError,
    ConnectTimeout,
    Request,
    Response,
    Timeout,
    TransportError,
    TransportTimeout,
)

__all__ = ["AsyncTransport", "HttpxTransport"]


class AsyncTransport(Protocol):
    """What AsyncClient needs of a transport. The emulator and test fakes implement it too."""

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response: ...

    async def aclose(self) -> None: ...


class HttpxTransport:
    """Sends requests through an ``httpx.AsyncClient`` (yours, or one tuned for this SDK)."""

    def __init__(self, client: httpx.AsyncClient | None = None) -> None:
        self._owned = client is None
        self._client = client or httpx.AsyncClient(
            # Keep-alive for every concurrent task: a small pool makes tasks queue for
            # connections and re-handshake (see benchmarks/README.md).
            limits=httpx.Limits(max_connections=256, max_keepalive_connections=256),
            trust_env=True,
        )

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response:
        try:
            reply = await self._client.request(
                request.method,
                request.url,
                headers=list(request.headers),
                content=request.body or None,
                timeout=httpx.Timeout(
                    connect=timeout.connect,
                    read=timeout.read,
                    write=timeout.read,
                    pool=timeout.connect,
                ),
            )
        except (httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise ConnectTimeout(f"connect timed out: {exc}") from exc
        except httpx.ConnectError as exc:
            raise ConnectError(f"could not connect: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise TransportTimeout(f"timed out: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        return Response(reply.status_code, reply.headers.multi_items(), reply.content)

    async def aclose(self) -> None:
        if self._owned:
            await self._client.aclose()
