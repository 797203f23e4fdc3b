"""AsyncClient: configuration, a transport, and the one generic ``send``.

This file is the source of truth for ``opentok_sync/_client.py``, which ``tools/unasync.py``
generates from it. Only the transports are written twice.
"""

from __future__ import annotations

import random
import uuid
from time import monotonic, time
from types import TracebackType
from typing import Any, TypeVar

from anyio import sleep as _sleep

from opentok_core import (
    Config,
    Credentials,
    Operation,
    RetryPolicy,
    Runtime,
    Sleep,
    Timeout,
    TransportError,
    make_config,
    run,
)

from ._api import AsyncApi
from ._transport import AsyncTransport, HttpxTransport

__all__ = ["AsyncClient"]

T = TypeVar("T")


def default_runtime() -> Runtime:
    """The real clocks and entropy: wall time for JWTs, monotonic time for budgets."""
    return Runtime(
        clock=time,
        monotonic=monotonic,
        entropy=lambda: uuid.uuid4().hex,
        jitter=random.random,
        nonce=lambda: random.randrange(1_000_000),
    )


class AsyncClient(AsyncApi):
    """An OpenTok / Vonage Video client.

    Give one credential type: ``AsyncClient(api_key, api_secret)`` for an OpenTok project or
    ``AsyncClient(application_id=..., private_key=pem)`` for a Vonage application.

    Args:
        api_key, api_secret: OpenTok project credentials.
        api_url: base URL (a local emulator, a proxy); defaults per credential type.
        timeout: seconds, ``(connect, read)`` or a Timeout; default 5 s connect / 30 s read.
        app_version: appended to the User-Agent.
        application_id, private_key: Vonage application credentials (PEM text).
        credentials: a ready ProjectCredentials or ApplicationCredentials instead.
        retry: a RetryPolicy (default: 3 attempts, only when no side effect can repeat).
        transport: anything with the AsyncTransport methods (default: pooled, keep-alive).
        runtime: clocks and entropy, for deterministic tests.
    """

    def __init__(
        self,
        api_key: str | int | None = None,
        api_secret: str | None = None,
        api_url: str | None = None,
        timeout: Timeout | float | tuple[float, float] | None = None,
        app_version: str | None = None,
        *,
        application_id: str | None = None,
        private_key: str | bytes | None = None,
        credentials: Credentials | None = None,
        retry: RetryPolicy | None = None,
        transport: AsyncTransport | None = None,
        runtime: Runtime | None = None,
    ) -> None:
        self._config: Config = make_config(
            api_key,
            api_secret,
            application_id=application_id,
            private_key=private_key,
            credentials=credentials,
            api_url=api_url,
            user_agent=app_version,
        )
        self._timeout = Timeout.coerce(timeout)
        self._retry = RetryPolicy() if retry is None else retry
        self._runtime = runtime or default_runtime()
        self._transport: AsyncTransport = transport or HttpxTransport()

    @property
    def config(self) -> Config:
        """The validated configuration (credentials are redacted in its repr)."""
        return self._config

    async def send(self, operation: Operation[T], *, timeout: Any = None) -> T:
        """Run any operation (e.g. ``GetArchive(archive_id=...)``) and return its result.

        Raises ApiError subclasses for error statuses, TransportError/TransportTimeout when the
        exchange fails. ``timeout`` overrides the client's for this call.
        """
        limit = self._timeout if timeout is None else Timeout.coerce(timeout)
        flow = run(operation, self._config, self._runtime, self._retry, limit)
        outcome: Any = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:
                result: T = done.value
                return result
            if isinstance(action, Sleep):
                await _sleep(action.seconds)
                outcome = None
                continue
            try:
                outcome = await self._transport.handle_async_request(action.request, action.timeout)
            except TransportError as exc:
                outcome = exc

    async def aclose(self) -> None:
        """Close the transport's connection pool (if this client created it)."""
        await self._transport.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncClient({self._config.credentials!r}, api_url={self._config.api_url!r})"
