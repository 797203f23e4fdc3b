"""``AiohttpTransport``: the async transport over an ``aiohttp.ClientSession`` (asyncio only).

For applications that run aiohttp already: ``pip install "opentok-py[aiohttp]"``. It talks to
aiohttp directly, our ``Request`` in and our ``Response`` out, rather than through httpx (the
``httpx-aiohttp`` package, which openai-python's ``DefaultAioHttpClient`` uses, keeps httpx's
request and response objects on every call; measured slower, benchmarks/README.md). The
failure semantics are the other transports': typed errors, no redirects, no retries (see
``_no_hidden_retry``), a bounded body (decoded by the core's ``BodyReader`` from the raw
bytes, aiohttp's own decompression off, as the other transports do) and the attempt's
deadline over the whole exchange (aiohttp's own ``total`` timeout, which covers the body's
reads: no anyio cancel scope, whose backend lookups cost more than aiohttp's timer on this
asyncio-only path).
"""

from __future__ import annotations

import asyncio
import os
import ssl
import urllib.request
from time import monotonic
from typing import Any

import aiohttp
import httpx

from opentok_core import (
    MAX_RESPONSE_BODY,
    BodyReader,
    Failure,
    Request,
    Response,
    Timeout,
    TransportError,
    ValidationError,
    causes,
    forget_secrets,
    transport_failure,
)

from ._transport import past_deadline, read_body, with_accept_encoding

__all__ = ["AiohttpTransport"]


class AiohttpTransport:
    """Sends requests through an ``aiohttp.ClientSession``: yours, used as given, or its own.

    Its own session is made on first use, inside the running event loop (aiohttp sessions
    belong to one loop), with at most ``max_connections`` connections kept alive 5 s, the TLS
    context httpx would build (certificates verified), environment proxy settings honoured,
    and no cookies. A call from another event loop, or in a forked child, gets a fresh session
    there (the old one's connections are forgotten, not closed: they belong to the other loop
    or process). asyncio only: under trio use ``HttpxTransport``.

    A session you pass in keeps its own settings (closing it is yours); aiohttp's own retry of
    an idempotent request on a dropped kept-alive connection is then its to decide.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession | None = None,
        *,
        max_body: int = MAX_RESPONSE_BODY,
        max_connections: int = 16,
    ) -> None:
        self._given = session
        self._session: aiohttp.ClientSession | None = session
        self._owner: tuple[int, object] | None = None
        self._max_body = max_body
        self._max_connections = max_connections
        self._timeouts: dict[Timeout, aiohttp.ClientTimeout] = {}

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response:
        session = self._session
        if session is None or (self._given is None and self._owner != _owner()):
            session = self._open()
        return await self._exchange(session, request, timeout)

    def _open(self) -> aiohttp.ClientSession:
        """A session of our own for the running loop (see the class docstring)."""
        owner = _owner()
        if owner[1] is None:
            raise ValidationError(
                "transport", "AiohttpTransport runs on asyncio only: under trio use HttpxTransport"
            )
        connector = aiohttp.TCPConnector(
            limit=self._max_connections,
            keepalive_timeout=5.0,
            ssl=httpx.create_ssl_context(verify=True, trust_env=True),
        )
        session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            # Read per request when set: only when a proxy setting may apply.
            trust_env=any(scheme != "no" for scheme in urllib.request.getproxies()),
        )
        _no_hidden_retry(session)
        self._session, self._owner = session, owner
        return session

    async def _exchange(
        self, session: aiohttp.ClientSession, request: Request, timeout: Timeout
    ) -> Response:
        limits = self._timeouts.get(timeout) or self._aiohttp_timeout(timeout)
        started = monotonic()
        try:
            reply = await session.request(
                request.method,
                request.url,
                headers=with_accept_encoding(request),
                data=request.body or None,
                allow_redirects=False,
                timeout=limits,
                auto_decompress=False,  # the raw bytes, yours too: BodyReader decodes, bounded
            )
            clean = False
            try:
                body = BodyReader(reply.headers.get("content-encoding"), self._max_body)
                clean = await read_body(reply.content.iter_any(), body)
            finally:
                if clean:
                    reply.release()  # read to its end: the connection goes back to the pool
                else:
                    reply.close()  # cut, failed or cancelled: never reused half-read
        except aiohttp.ClientError as exc:  # its timeouts of one phase included
            forget_secrets(exc, request.headers)  # what aiohttp made of them
            raise _mapped(exc, request, timeout, started) from exc
        # aiohttp's ``total``: the attempt's deadline. On Python 3.10 asyncio raises its own
        # TimeoutError, not yet the builtin one (they are one class from 3.11).
        except (TimeoutError, asyncio.TimeoutError) as exc:
            forget_secrets(exc, request.headers)
            raise past_deadline(request, timeout, started) from exc
        return body.response(reply.status, reply.headers.items())

    def _aiohttp_timeout(self, timeout: Timeout) -> aiohttp.ClientTimeout:
        if len(self._timeouts) >= 64:  # per-call timeouts vary rarely; never grow unbounded
            self._timeouts.clear()
        # aiohttp's ``connect`` covers the wait for a pooled connection too, as httpx's pool
        # timeout does; its ``total`` bounds the whole attempt, the body's reads included.
        value = aiohttp.ClientTimeout(
            total=timeout.deadline,
            connect=timeout.connect,
            sock_connect=timeout.connect,
            sock_read=timeout.read,
        )
        self._timeouts[timeout] = value
        return value

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is None or self._given is not None:
            return
        if self._owner == _owner():
            await session.close()
        else:
            session.detach()  # another loop's or process's: forgotten, not closed


def _owner() -> tuple[int, object]:
    """This process and its running asyncio loop (None when none runs, e.g. under trio)."""
    try:
        loop: object = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    return os.getpid(), loop


def _no_hidden_retry(session: aiohttp.ClientSession) -> None:
    """Turn off aiohttp's silent second send of an idempotent request whose kept-alive
    connection dropped (3.10 on; the switch exists from 3.11, our floor): the core's retry
    policy alone decides what is sent again. The switch is an attribute of the session, set
    before its first request."""
    session_attributes: Any = session
    if hasattr(session_attributes, "_retry_connection"):
        session_attributes._retry_connection = False


def _mapped(
    exc: BaseException, request: Request, timeout: Timeout, started: float
) -> TransportError:
    """Ours for an aiohttp error, worded by the core's one function as the other transports'."""
    kind: Failure = "exchange"
    limit: float | None = None
    if isinstance(exc, aiohttp.ClientProxyConnectionError):
        kind = "proxy"
    elif isinstance(exc, aiohttp.ClientSSLError) or any(
        isinstance(cause, ssl.SSLError) for cause in causes(exc)
    ):
        kind = "tls"
    elif isinstance(exc, aiohttp.ConnectionTimeoutError):
        kind, limit = "connect_timeout", timeout.connect
    elif isinstance(exc, aiohttp.ClientConnectorError):
        kind = "connect"
    elif isinstance(exc, aiohttp.ServerTimeoutError):
        kind, limit = "read_timeout", timeout.read
    elif isinstance(exc, aiohttp.ServerDisconnectedError):
        return transport_failure(
            kind,
            request,
            seconds=monotonic() - started,
            reason="the server closed the connection without answering",
        )
    return transport_failure(kind, request, seconds=monotonic() - started, cause=exc, limit=limit)
