"""Plain HTTP values: the request the core describes and the response an adapter hands back.

No I/O here. Headers are a tuple of ``(name, value)`` pairs with lower-case names, so requests
are hashable, comparable and deterministic (golden tests, hypothesis).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeAlias

import attrs

__all__ = [
    "MAX_RESPONSE_BODY",
    "DeferredHeaders",
    "Headers",
    "Request",
    "Response",
    "decode_json",
    "encode_json",
    "normalize_headers",
]

#: The most response body bytes a transport reads (after decompression). The largest documented
#: answer (a page of 1000 archives) is about a megabyte; past this a body is garbage or hostile,
#: and the transport stops reading and marks the Response ``truncated``.
MAX_RESPONSE_BODY = 16 * 1024 * 1024

Headers: TypeAlias = tuple[tuple[str, str], ...]

_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
_REDACTED_HEADERS = frozenset({"x-opentok-auth", "authorization"})


def normalize_headers(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> Headers:
    """Turn a mapping or pairs into a tuple of pairs with lower-case names."""
    items = value.items() if isinstance(value, Mapping) else value
    return tuple([(str(k).lower(), str(v)) for k, v in items])


class DeferredHeaders:
    """A response's headers as its HTTP library holds them, turned into ``Headers`` the first
    time they are read: a successful call seldom reads them, and iterating a library's header
    object costs a small call more than everything else its Response does."""

    __slots__ = ("_read",)

    def __init__(self, read: Callable[[], Iterable[tuple[str, str]]]) -> None:
        self._read = read  # gives the (name, value) pairs, e.g. a bound ``headers.items``

    def pairs(self) -> Headers:
        return normalize_headers(self._read())

    def __reduce__(self) -> tuple[type[tuple[tuple[str, str], ...]], tuple[Headers]]:
        return tuple, (self.pairs(),)  # pickled and copied as the plain pairs


def _response_headers(value: Any) -> Headers | DeferredHeaders:
    return value if type(value) is DeferredHeaders else normalize_headers(value)


def _pairs(value: Headers | DeferredHeaders) -> Headers:
    return value.pairs() if isinstance(value, DeferredHeaders) else value


def _find(headers: Headers, name: str) -> str | None:
    name = name.lower()
    for key, value in headers:
        if key == name:
            return value
    return None


def _redacted(headers: Headers) -> Headers:
    return tuple((k, "<redacted>" if k in _REDACTED_HEADERS else v) for k, v in headers)


@attrs.frozen(repr=False)
class Request:
    """An HTTP request description: what to send, never how.

    ``operation`` and ``attempt`` say which call this request is part of and which try it is
    (``prepare`` sets them; a request built by hand has ``""`` and 0). They are not sent and
    not compared: they are what a transport's ``TransportError(message, request=request)``
    takes, so the error names the call and counts its tries from the start.
    """

    method: str = attrs.field(validator=attrs.validators.in_(_METHODS))
    url: str
    headers: Headers = attrs.field(default=(), converter=normalize_headers)
    body: bytes = b""
    #: The ``Operation.name`` this request performs.
    operation: str = attrs.field(default="", eq=False, kw_only=True)
    #: Which try of that operation this is: 1 for the first.
    attempt: int = attrs.field(default=0, eq=False, kw_only=True)

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        return _find(self.headers, name)

    def __repr__(self) -> str:
        # Auth headers carry a bearer credential: never show them.
        return (
            f"Request(method={self.method!r}, url={self.url!r}, "
            f"headers={_redacted(self.headers)!r}, body=<{len(self.body)} bytes>)"
        )


@attrs.frozen(repr=False)
class Response:
    """An HTTP response as the core sees it: status, lower-case headers, the whole body.

    A transport may hand ``headers`` over as ``DeferredHeaders``: they are read from its HTTP
    library only when first asked for, and are then the same lower-case pairs.
    """

    __match_args__ = ("status", "headers", "body", "truncated")

    status: int
    _headers: Headers | DeferredHeaders = attrs.field(
        default=(), converter=_response_headers, eq=_pairs, alias="headers"
    )
    body: bytes = b""
    #: Set by a transport that stopped reading at its size limit: ``body`` is only a prefix.
    truncated: bool = False
    #: Why the body could not be decoded (its content-encoding unknown, its compressed data
    #: corrupt or cut short), or "": ``body`` is then what was decoded before that.
    undecodable: str = ""

    @property
    def headers(self) -> Headers:
        """The ``(name, value)`` pairs, names in lower case."""
        headers = self._headers
        if type(headers) is DeferredHeaders:
            headers = headers.pairs()
            object.__setattr__(self, "_headers", headers)  # read once; equal either way
        return headers  # type: ignore[return-value]  # a tuple once not deferred

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        return _find(self.headers, name)

    def __repr__(self) -> str:
        size = len(self.body)
        cut = ", truncated" if self.truncated else ""
        if self.undecodable:
            cut += f", undecodable: {self.undecodable}"
        return f"Response(status={self.status}, headers={self.headers!r}, body=<{size} bytes{cut}>)"


def signed(request: Request, header: tuple[str, str], *, operation: str, attempt: int) -> Request:
    """``request`` with ``header`` (a lower-case name) added, for ``operation``'s ``attempt``.

    Every part comes from a Request already validated and normalised, so the copy is made
    without running ``__init__`` again (its converter and validator): this is on the path of
    every call, and the request is then built once, not once per step.
    """
    return _trusted(
        request.method, request.url, (*request.headers, header), request.body, operation, attempt
    )


def plain_request(method: str, url: str, headers: Headers, body: bytes) -> Request:
    """``Request(method=method, url=url, headers=headers, body=body)`` for ``headers`` already
    lower-case ``str`` pairs (the core's own), without the converter's pass over them."""
    if method not in _METHODS:
        return Request(method=method, url=url, headers=headers, body=body)  # its error
    return _trusted(method, url, headers, body, "", 0)


def _trusted(
    method: str, url: str, headers: Headers, body: bytes, operation: str, attempt: int
) -> Request:
    """A Request of parts known valid: set as ``__init__`` would, without its checks."""
    request = object.__new__(Request)
    setattr_ = object.__setattr__
    setattr_(request, "method", method)
    setattr_(request, "url", url)
    setattr_(request, "headers", headers)
    setattr_(request, "body", body)
    setattr_(request, "operation", operation)
    setattr_(request, "attempt", attempt)
    return request


def encode_json(payload: Any) -> bytes:
    """Serialise a JSON body compactly (no spaces), as UTF-8."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def decode_json(body: bytes) -> Any:
    """Parse a JSON body. Raises ValueError (never JSONDecodeError's cousins) on garbage."""
    try:
        return json.loads(body)
    except (UnicodeDecodeError, RecursionError) as exc:
        raise ValueError(str(exc)) from exc
