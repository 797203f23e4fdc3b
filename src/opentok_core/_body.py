"""Reading a response body: its content coding undone as the raw chunks arrive, at most
``max_body`` decoded bytes kept, whatever the compression ratio.

Every transport reads the body's raw (still encoded) bytes and feeds them to a ``BodyReader``;
no HTTP library decodes anything. Inflation is asked for at most ``_STEP`` bytes at a time
(``zlib``'s ``max_length``) and stops one byte past the cap, and the decoded bytes go into one
buffer never grown past the cap (``_Buffer``), handed over without a copy: a gzip bomb costs
the cap plus a constant, however far it would inflate.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ._http import DeferredHeaders, Response

if TYPE_CHECKING:
    from zlib import _Decompress as Inflater
else:  # the class exists at run time, unnamed in the module (typing.get_type_hints reads it)
    Inflater = type(zlib.decompressobj())

__all__ = ["ACCEPT_ENCODING", "BodyReader"]

#: What the transports ask for: the codings undone here (RFC 9110 section 8.4.1), so none
#: reaches us undecoded. Not brotli or zstd, which an HTTP library with them installed would
#: advertise on its own.
ACCEPT_ENCODING = "gzip, deflate"

#: The most decoded bytes one inflation step makes.
_STEP = 64 * 1024

_GZIP_WBITS = 16 + zlib.MAX_WBITS  # a gzip member (RFC 1952)
_IDENTITY, _GZIP, _DEFLATE, _DEFLATE_FORMAT_UNKNOWN, _UNSUPPORTED = range(5)


class BodyReader:
    """One response body: ``feed`` it the raw chunks as they arrive, until it returns True
    (read no more) or the body ends; then build the ``response``.

    ``content_encoding`` is the response's header (None when absent): identity, gzip
    (``x-gzip`` is its alias, RFC 9110 section 8.4.1.3; a series of members, RFC 1952 section
    2.2), or deflate (the zlib format, or the raw deflate some servers send for it, as urllib3
    and httpx accept: its first two bytes tell). Its decoded bytes are kept up to
    ``max_body``; past it ``feed`` says stop and the Response is ``truncated``. A coding it
    does not undo (another, or more than one) stops the reading at its first byte (an empty
    body, a 204's, needs no decoding); then, or when the compressed data is corrupt or ends
    early, the Response's ``undecodable`` says why (its ``body`` what was decoded before),
    and the core's ``finish`` raises UnexpectedResponse for a success status, as it does for
    a cut body.
    """

    # What a body without a coding needs is set per instance; the rest are class defaults
    # until a coding needs them (most answers are one plain chunk: this is per request).
    _first = b""  # the body while it is one piece: kept as it came, no copy
    _buffer: _Buffer | None = None  # from the second piece on
    _inflater: Inflater | None = None
    _head = b""  # deflate: the first byte, until the second tells the format
    _started = False  # whether any compressed byte arrived
    _unsupported = ""  # the problem of a coding not undone here, once a byte comes
    _mode = _IDENTITY
    #: Why the body could not be decoded, or "".
    problem = ""

    def __init__(self, content_encoding: str | None, max_body: int) -> None:
        self._max = self._room = max_body  # _room: decoded bytes still allowed; below 0: cut
        if content_encoding is None:
            return
        codings = [c.strip().lower() for c in content_encoding.split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if not codings:
            return
        if codings == ["gzip"] or codings == ["x-gzip"]:
            self._mode = _GZIP
            self._inflater = zlib.decompressobj(_GZIP_WBITS)
        elif codings == ["deflate"]:
            self._mode = _DEFLATE_FORMAT_UNKNOWN
        else:
            self._mode = _UNSUPPORTED
            self._unsupported = f"content-encoding {content_encoding!r:.60} is not supported"

    def feed(self, chunk: bytes) -> bool:
        """Take the body's next raw chunk; True when no more should be read (past the cap,
        or undecodable)."""
        mode = self._mode
        if mode == _IDENTITY:
            return self._keep(chunk)
        if not chunk:
            return False
        if mode == _UNSUPPORTED:
            self.problem = self._unsupported
            return True
        self._started = True
        if mode == _DEFLATE_FORMAT_UNKNOWN:
            chunk = self._head + chunk
            if len(chunk) < 2:
                self._head = chunk
                return False
            self._choose_deflate_format(chunk)
        return self._inflate(chunk)

    def response(
        self, status: int, headers: Iterable[tuple[str, str]] | DeferredHeaders
    ) -> Response:
        """The Response, its body decoded: once the raw bytes ended or ``feed`` said stop."""
        if self._started and not (self.problem or self._room < 0):
            inflater = self._inflater
            if inflater is None or not inflater.eof:
                self.problem = "the compressed data ends early"
        body = self._buffer.value() if self._buffer is not None else self._first
        return Response(status, headers, body, self._room < 0, undecodable=self.problem)

    def _choose_deflate_format(self, head: bytes) -> None:
        """The zlib format when ``head`` starts with a zlib header (RFC 1950 section 2.2),
        else raw deflate."""
        zlib_header = head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0
        self._inflater = zlib.decompressobj(zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
        self._mode = _DEFLATE

    def _inflate(self, chunk: bytes) -> bool:
        inflater = self._inflater
        assert inflater is not None
        view = memoryview(chunk)
        try:
            # The input in pieces of _STEP too: zlib copies what a step leaves unread.
            for at in range(0, len(view), _STEP):
                data: bytes | memoryview = view[at : at + _STEP]
                while data:
                    # At most one byte past the cap: that byte says the body is longer.
                    out = inflater.decompress(data, min(_STEP, self._room + 1))
                    if out and self._keep(out):
                        return True
                    data = inflater.unconsumed_tail
                    if inflater.eof and not data and inflater.unused_data:
                        data = inflater.unused_data
                        if self._mode != _GZIP or not data.startswith(b"\x1f"):
                            self.problem = "bytes follow the end of the compressed data"
                            return True
                        inflater = self._inflater = zlib.decompressobj(_GZIP_WBITS)  # a member
        except zlib.error as exc:
            # zlib's words, without its "Error -3 while decompressing data: "
            self.problem = f"the compressed data is corrupt: {str(exc).rpartition(': ')[2]}"
            return True
        return False

    def _keep(self, data: bytes) -> bool:
        """Add decoded ``data``; True once past the cap (then only what fits is kept)."""
        room = self._room - len(data)
        if room < 0:
            data = data[: self._room]
        if self._buffer is not None:
            self._buffer.write(data)
        elif not self._first:
            self._first = data
        else:
            self._buffer = _Buffer(self._first, self._max)
            self._first = b""
            self._buffer.write(data)
        self._room = room
        return room < 0


class _Buffer:
    """Bytes written in pieces into one ``io.BytesIO`` whose size is chosen here: doubled as
    needed and never past ``limit`` (BytesIO alone adds up to an eighth each time it grows),
    handed over by ``value`` without a copy (BytesIO.getvalue gives its own buffer away)."""

    __slots__ = ("_capacity", "_file", "_limit", "_size")

    def __init__(self, first: bytes, limit: int) -> None:
        self._file = io.BytesIO()
        self._limit = limit
        self._size = 0
        self._capacity = 0
        self.write(first)

    def write(self, data: bytes) -> None:
        end = self._size + len(data)
        if end > self._capacity:
            self._reserve(end)
        self._file.write(data)
        self._size = end

    def _reserve(self, end: int) -> None:
        """Grow to hold ``end`` bytes: double, or go straight to the limit when doubling
        would come within an eighth of it. BytesIO sizes its buffer exactly when it grows by
        more than an eighth, as each step here does; one byte written at the new end makes
        it grow now."""
        capacity = max(end, 2 * self._capacity, _STEP)
        if capacity * 9 > self._limit * 8:
            capacity = max(end, self._limit)
        file = self._file
        file.seek(capacity - 1)
        file.write(b"\0")
        file.seek(self._size)
        self._capacity = capacity

    def value(self) -> bytes:
        self._file.truncate(self._size)
        return self._file.getvalue()
