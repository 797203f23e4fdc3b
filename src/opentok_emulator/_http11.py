"""A small, strict HTTP/1.1 server protocol for the emulator (asyncio ``Protocol``).

Why not h11: on the 2-core reference machine h11 spent ~130-400 µs parsing and writing each
request (more than the emulator itself), capping the server well under the 1,000 req/s the
benchmarks need with 50 keep-alive connections. This parser covers what REST clients send
(``Content-Length`` and ``chunked`` bodies, ``Expect: 100-continue``, keep-alive, pipelining,
HTTP/1.0) and answers anything else with 400 and a closed connection.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["ParseError", "Parsed", "RequestParser", "response_bytes"]

MAX_HEAD = 64 * 1024
MAX_HEADERS = 100
MAX_BODY = 8 * 1024 * 1024
_TOKEN = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_VERSIONS = (b"HTTP/1.1", b"HTTP/1.0")


class ParseError(Exception):
    """A request this server refuses: answer ``status`` and close the connection."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@attrs.frozen
class Parsed:
    """One complete request."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    keep_alive: bool


@attrs.define
class _Head:
    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    keep_alive: bool
    length: int | None  # None: chunked
    expects_continue: bool


def _parse_head(block: bytes) -> _Head:
    lines = block.split(b"\r\n")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or parts[2] not in _VERSIONS or not _TOKEN.match(parts[0]):
        raise ParseError(400, "malformed request line")
    method, target, version = parts
    if not target.startswith(b"/"):
        raise ParseError(400, "the request target must be an absolute path")
    if len(lines) - 1 > MAX_HEADERS:
        raise ParseError(431, "too many header fields")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon or not _TOKEN.match(name):
            raise ParseError(400, "malformed header field")
        headers.append((name.decode("ascii").lower(), value.strip(b" \t").decode("latin-1")))
    values: dict[str, list[str]] = {}
    for key, text in headers:
        values.setdefault(key, []).append(text)
    connection = {t.strip().lower() for v in values.get("connection", []) for t in v.split(",")}
    keep_alive = "close" not in connection
    if version == b"HTTP/1.0":
        keep_alive = "keep-alive" in connection
    length: int | None = 0
    encodings = values.get("transfer-encoding")
    lengths = values.get("content-length")
    if encodings is not None:
        if lengths is not None or version == b"HTTP/1.0":
            raise ParseError(400, "ambiguous message framing")
        codings = [c.strip().lower() for v in encodings for c in v.split(",")]
        if codings != ["chunked"]:
            raise ParseError(501, "only the chunked transfer coding is supported")
        length = None
    elif lengths is not None:
        if len(set(lengths)) != 1 or not lengths[0].isdigit():
            raise ParseError(400, "invalid Content-Length")
        length = int(lengths[0])
        if length > MAX_BODY:
            raise ParseError(413, "request body too large")
    expect = [v.lower() for v in values.get("expect", [])]
    return _Head(
        method=method.decode("ascii"),
        target=target.decode("latin-1"),
        headers=tuple(headers),
        keep_alive=keep_alive,
        length=length,
        expects_continue=version == b"HTTP/1.1" and "100-continue" in expect,
    )


class RequestParser:
    """Incremental: ``feed`` bytes, then take complete requests with ``next``."""

    def __init__(self) -> None:
        self._buf = bytearray()
        self._head: _Head | None = None
        self._continued = False

    def feed(self, data: bytes) -> None:
        self._buf += data

    @property
    def buffered(self) -> int:
        """Bytes received but not yet taken as requests."""
        return len(self._buf)

    def wants_continue(self) -> bool:
        """True once per request whose client waits for ``100 Continue`` before its body."""
        if self._head is not None and self._head.expects_continue and not self._continued:
            self._continued = True
            return True
        return False

    def next(self) -> Parsed | None:
        """The next complete request, or None until more bytes arrive."""
        if self._head is None:
            while self._buf.startswith(b"\r\n"):  # tolerated before a request line
                del self._buf[:2]
            end = self._buf.find(b"\r\n\r\n")
            if end < 0:
                if len(self._buf) > MAX_HEAD:
                    raise ParseError(431, "request head too large")
                return None
            if end > MAX_HEAD:
                raise ParseError(431, "request head too large")
            self._head = _parse_head(bytes(self._buf[:end]))
            del self._buf[: end + 4]
            self._continued = False
        head = self._head
        if head.length is None:
            body = self._chunked()
            if body is None:
                return None
        else:
            if len(self._buf) < head.length:
                return None
            body = bytes(self._buf[: head.length])
            del self._buf[: head.length]
        self._head = None
        return Parsed(head.method, head.target, head.headers, body, head.keep_alive)

    def _chunked(self) -> bytes | None:
        body = bytearray()
        pos = 0
        buf = self._buf
        while True:
            line_end = buf.find(b"\r\n", pos)
            if line_end < 0:
                return None
            size_text = bytes(buf[pos:line_end]).split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
            except ValueError:
                raise ParseError(400, "malformed chunk size") from None
            if size < 0 or len(body) + size > MAX_BODY:
                raise ParseError(413, "request body too large")
            pos = line_end + 2
            if size == 0:
                if buf[pos : pos + 2] == b"\r\n":  # no trailers
                    del buf[: pos + 2]
                    return bytes(body)
                trailers_end = buf.find(b"\r\n\r\n", pos)
                if trailers_end < 0:
                    return None
                del buf[: trailers_end + 4]
                return bytes(body)
            if len(buf) < pos + size + 2:
                return None
            if buf[pos + size : pos + size + 2] != b"\r\n":
                raise ParseError(400, "malformed chunk")
            body += buf[pos : pos + size]
            pos += size + 2


_REASONS: dict[int, bytes] = {}


def _reason(status: int) -> bytes:
    phrase = _REASONS.get(status)
    if phrase is None:
        import http

        try:
            phrase = http.HTTPStatus(status).phrase.encode("ascii")
        except ValueError:
            phrase = b"Unknown"
        _REASONS[status] = phrase
    return phrase


def response_bytes(
    status: int,
    headers: tuple[tuple[str, str], ...],
    body: bytes,
    *,
    keep_alive: bool,
    head_only: bool = False,
) -> bytes:
    """Serialise a response; ``Content-Length`` (never on 204/304) and ``Connection`` are
    computed here, whatever ``headers`` said."""
    out = [b"HTTP/1.1 %d %s\r\n" % (status, _reason(status))]
    for name, value in headers:
        if name not in ("content-length", "connection", "transfer-encoding"):
            out.append(f"{name}: {value}\r\n".encode("latin-1", "replace"))
    if status in (204, 304) or 100 <= status < 200:
        body = b""
    else:
        out.append(b"content-length: %d\r\n" % len(body))
    if not keep_alive:
        out.append(b"connection: close\r\n")
    out.append(b"\r\n")
    if not head_only:
        out.append(body)
    return b"".join(out)
