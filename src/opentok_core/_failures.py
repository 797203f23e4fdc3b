"""One wording per transport failure, for every transport: what happened, to which
host:port, after how many seconds, in how many attempts; never an HTTP library's class name.

A transport maps its library's exception to a ``Failure`` kind and calls
``transport_failure``; the class and the words come from here, so the sync and async clients
(and any transport built later) say the same thing for the same failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Literal, TypeAlias
from urllib.parse import urlsplit

from ._errors import ConnectError, ConnectTimeout, TLSError, TransportError, TransportTimeout
from ._http import Request

__all__ = ["Failure", "causes", "failure_reason", "origin", "transport_failure"]

#: What went wrong, as a transport tells it.
Failure: TypeAlias = Literal[
    "connect",  # the connection was refused, unreachable, or the host is unknown
    "connect_timeout",  # no connection within the connect timeout
    "pool_full",  # no pooled connection came free in time (nothing was sent)
    "proxy",  # the proxy could not be reached, or refused to tunnel
    "tls",  # the TLS handshake failed: certificate, host name, protocol
    "read_timeout",  # no byte of the answer within the read timeout
    "deadline",  # the answer took longer than the attempt's total timeout
    "exchange",  # the connection broke mid-exchange, or the answer was not HTTP
]

_CLASSES: dict[str, type[TransportError]] = {
    "connect": ConnectError,
    "connect_timeout": ConnectTimeout,
    "pool_full": ConnectTimeout,
    "proxy": ConnectError,
    "tls": TLSError,
    "read_timeout": TransportTimeout,
    "deadline": TransportTimeout,
    "exchange": TransportError,
}

_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> str:
    """``host:port`` of ``url``, the port made explicit (IPv6 hosts in brackets)."""
    parts = urlsplit(url)
    host = parts.hostname or "?"
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{host}:{port or _PORTS.get(parts.scheme, 0)}"


def causes(exc: BaseException | None) -> Iterator[BaseException]:
    """``exc`` and what it came from, breadth first: causes, contexts, urllib3's
    ``reason``/``original_error``, the members of exception groups (at most 32, each once)."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc] if exc is not None else []
    while todo and len(seen) < 32:
        error = todo.pop(0)
        if id(error) in seen:
            continue
        seen.add(id(error))
        yield error
        for name in ("__cause__", "__context__", "reason", "original_error"):
            linked = getattr(error, name, None)
            if isinstance(linked, BaseException):
                todo.append(linked)
        group = getattr(error, "exceptions", None)  # an exception group (3.11+, or anyio's)
        if isinstance(group, tuple):
            todo.extend(e for e in group if isinstance(e, BaseException))


def failure_reason(exc: BaseException | None) -> str | None:
    """The operating system's or TLS library's words for ``exc``, found down its chain
    (``causes``): e.g. "connection refused", "certificate verify failed: self-signed
    certificate"."""
    for error in causes(exc):
        verify = getattr(error, "verify_message", None)
        if isinstance(verify, str) and verify:
            return f"certificate verify failed: {verify}"
        library_reason = getattr(error, "reason", None)
        if isinstance(library_reason, str) and hasattr(error, "library"):  # ssl.SSLError
            return library_reason.replace("_", " ").lower()
        if isinstance(error, OSError) and error.errno is not None:
            words = os.strerror(error.errno) if error.errno > 0 else error.strerror
            if words and not words.startswith("Unknown error"):
                return words[0].lower() + words[1:]
    return None


def _what(kind: Failure, where: str, limit: float | None, proxy: str | None) -> str:
    seconds = f"{limit:g} s" if limit is not None else "the"
    if kind == "connect":
        return f"could not connect to {where}"
    if kind == "connect_timeout":
        return f"could not connect to {where} within the {seconds} connect timeout"
    if kind == "pool_full":
        return f"no connection to {where} came free within {seconds}: all are in use"
    if kind == "proxy":
        return f"could not reach {where} through the proxy {proxy or '?'}"
    if kind == "tls":
        return f"the TLS handshake with {where} failed"
    if kind == "read_timeout":
        return f"no answer from {where} within the {seconds} read timeout"
    if kind == "deadline":
        return f"the answer from {where} took longer than the {seconds} total timeout"
    return f"the exchange with {where} failed"


def transport_failure(
    kind: Failure,
    request: Request,
    *,
    seconds: float,
    cause: BaseException | None = None,
    reason: str | None = None,
    limit: float | None = None,
    proxy: str | None = None,
) -> TransportError:
    """The error for a failed attempt of ``request``, worded once for every transport.

    ``seconds`` is how long the attempt ran; ``limit`` the timeout that ran out (for the
    timeout kinds); ``reason`` what the transport knows of the cause, else the OS's or TLS
    library's words found in ``cause``; ``proxy`` the proxy's URL (kind ``proxy``).
    """
    words = _what(kind, origin(request.url), limit, None if proxy is None else origin(proxy))
    why = reason or failure_reason(cause)
    if why:
        words += f": {why}"
    attempts = request.attempt
    counted = f", in {attempts} attempt{'' if attempts == 1 else 's'}" if attempts else ""
    return _CLASSES[kind](f"{words} (after {seconds:.2f} s{counted})", request=request)
