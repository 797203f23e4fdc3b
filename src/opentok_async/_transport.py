"""The async transport port and its httpx adapter.

A transport performs one HTTP exchange: ``Request`` in, ``Response`` out. It owns pooling,
timeouts and TLS; it never builds URLs, parses JSON or touches auth. Library exceptions become
ours, chained with ``from`` (httpx's own ``map_httpcore_exceptions`` idea). The default client
neither retries (httpx transports default to ``retries=0``) nor follows redirects: the core's
retry policy alone decides.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeAlias

import anyio
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
from opentok_core._http import MAX_RESPONSE_BODY

__all__ = ["AsyncTransport", "HttpxTransport", "Sleeper"]

#: What ``AsyncClient(sleep=...)`` takes: waits the given seconds (``anyio.sleep`` by default).
Sleeper: TypeAlias = Callable[[float], Awaitable[None]]


class AsyncTransport(Protocol):
    """What AsyncClient needs of a transport. The emulator and test fakes implement it too."""

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response: ...

    async def aclose(self) -> None: ...


class HttpxTransport:
    """Sends requests through an ``httpx.AsyncClient`` (yours, or one tuned for this SDK).

    ``max_body`` bounds how much of a response body is read (the rest is dropped and the
    Response marked ``truncated``). The attempt's ``Timeout.deadline`` bounds the whole exchange
    (a cancel scope), so a server trickling bytes cannot hold a task.
    """

    def __init__(
        self, client: httpx.AsyncClient | None = None, *, max_body: int = MAX_RESPONSE_BODY
    ) -> None:
        self._owned = client is None
        self._client = client or httpx.AsyncClient(
            # Keep-alive for every concurrent task: a small pool makes tasks queue for
            # connections and re-handshake (see benchmarks/README.md).
            limits=httpx.Limits(max_connections=256, max_keepalive_connections=256),
            trust_env=True,
            follow_redirects=False,
        )
        self._max_body = max_body

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response:
        deadline = timeout.deadline
        try:
            with anyio.fail_after(deadline):
                return await self._exchange(request, timeout)
        except TimeoutError as exc:  # the deadline's cancel scope (httpx's own are mapped below)
            raise TransportTimeout(
                f"the response took longer than the {deadline:g} s total timeout"
            ) from exc

    async def _exchange(self, request: Request, timeout: Timeout) -> Response:
        try:
            outgoing = self._client.build_request(
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
            reply = await self._client.send(outgoing, stream=True, follow_redirects=False)
            try:
                body, truncated = await self._read(reply)
            finally:
                await reply.aclose()
        except (httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
            raise ConnectTimeout(f"connect timed out: {exc}") from exc
        except httpx.ConnectError as exc:
            raise ConnectError(f"could not connect: {exc}") from exc
        except httpx.TimeoutException as exc:
            raise TransportTimeout(f"timed out: {type(exc).__name__}") from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        return Response(reply.status_code, reply.headers.multi_items(), body, truncated)

    async def _read(self, reply: httpx.Response) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size = 0
        async for chunk in reply.aiter_bytes():
            size += len(chunk)
            if size > self._max_body:
                chunks.append(chunk[: len(chunk) - (size - self._max_body)])
                return b"".join(chunks), True
            chunks.append(chunk)
        return b"".join(chunks), False

    async def aclose(self) -> None:
        if self._owned:
            await self._client.aclose()
