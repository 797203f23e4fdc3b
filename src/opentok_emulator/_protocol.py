"""One client connection of the emulator's HTTP server: an asyncio ``Protocol`` over h11.

h11 parses requests (RFC 9112 grammar: chunk sizes are hex digits only, a Content-Length is
ASCII digits only, the head and every chunk-size or trailer line are bounded by ``MAX_HEAD``);
this adapter adds what a server needs around it: bounded buffers (reading pauses past
``MAX_BUFFERED``), bounded bodies (``MAX_BODY`` bytes in at most ``MAX_CHUNKS`` chunks),
answers in order behind delay faults, and work cut into turns of at most ``EVENTS_PER_TURN``
parser events so one busy connection never holds the loop from the others. Deadlines are
enforced by the server's sweeper through ``expire``.

Answers are framed by ``response_bytes`` rather than h11's writer: sending through h11 (three
events, each validated) doubled the cost of a request (docs/emulator.md has the figures), and
framing a complete, known-length answer is a few lines. Each request is parsed by a fresh h11
connection fed what followed the last one, so the writer never has to keep h11's state.
"""

from __future__ import annotations

import asyncio
import http
from collections import deque
from collections.abc import Callable

import attrs
import h11

from opentok_core import Response

from ._context import Reply
from ._wire import error

__all__ = ["Incoming", "ServerConnection", "response_bytes"]

SERVER = "opentok-py-emulator"
#: The request head, and any one chunk-size or trailer line, may not exceed this.
MAX_HEAD = 64 * 1024
MAX_HEADERS = 100
MAX_BODY = 8 * 1024 * 1024
#: Chunks one body may arrive in: REST clients send a body in one chunk or a few, and a body
#: of a million one-byte chunks is work without content.
MAX_CHUNKS = 16 * 1024
#: Unparsed bytes a connection may hold before the server stops reading from it.
MAX_BUFFERED = 1024 * 1024
#: Parser events handled for one connection before the loop serves the others.
EVENTS_PER_TURN = 1024
_FRAMING = ("content-length", "connection", "transfer-encoding")
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"


@attrs.frozen
class Incoming:
    """One complete request as it arrived."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    keep_alive: bool


class _Refusal(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


_REASONS: dict[int, bytes] = {}


def _reason(status: int) -> bytes:
    phrase = _REASONS.get(status)
    if phrase is None:
        try:
            phrase = http.HTTPStatus(status).phrase.encode("ascii")
        except ValueError:
            phrase = b"Unknown"
        _REASONS[status] = phrase
    return phrase


def response_bytes(
    response: Response, *, keep_alive: bool, head_only: bool = False, server: str = SERVER
) -> bytes:
    """Serialise a complete answer: ``Content-Length`` (never on 204/304) and ``Connection``
    are computed here, whatever ``response.headers`` said; HEAD gets the head only."""
    status = response.status
    out = [b"HTTP/1.1 %d %s\r\n" % (status, _reason(status))]
    for name, value in response.headers:
        if name.lower() not in _FRAMING:
            out.append(f"{name}: {value}\r\n".encode("latin-1", "replace"))
    out.append(f"server: {server}\r\n".encode("latin-1", "replace"))
    body = response.body
    if status in (204, 304):
        body = b""
    else:
        out.append(b"content-length: %d\r\n" % len(body))
    if not keep_alive:
        out.append(b"connection: close\r\n")
    out.append(b"\r\n")
    if not head_only:
        out.append(body)
    return b"".join(out)


def _read_head(request: h11.Request) -> tuple[tuple[tuple[str, str], ...], bool]:
    """The decoded header fields and whether the connection stays open, after the checks h11
    leaves to the server: versions, target form, header count, framing. One pass: h11's
    ``Headers`` is a ``Sequence`` whose iteration costs a call per field."""
    if request.http_version not in (b"1.1", b"1.0"):
        raise _Refusal(505, "only HTTP/1.1 and HTTP/1.0 are served")
    if not request.target.startswith(b"/"):
        raise _Refusal(400, "the request target must be an absolute path")
    fields = []
    tokens: set[bytes] = set()
    length = None
    chunked = False
    for name, value in request.headers:
        fields.append((name.decode("ascii"), value.decode("latin-1")))
        if name == b"connection":
            tokens.update(token.strip().lower() for token in value.split(b","))
        elif name == b"content-length":
            length = int(value)  # h11 checked: ASCII digits, one value
        elif name == b"transfer-encoding":
            chunked = True
    if len(fields) > MAX_HEADERS:
        raise _Refusal(431, "too many header fields")
    if chunked and length is not None:
        # RFC 9112 section 6.1 lets a server refuse this; taking either reading invites
        # request smuggling through a proxy that took the other.
        raise _Refusal(400, "ambiguous message framing: Content-Length and Transfer-Encoding")
    if length is not None and length > MAX_BODY:
        raise _Refusal(413, "request body too large")
    if request.http_version == b"1.0":
        return tuple(fields), b"keep-alive" in tokens
    return tuple(fields), b"close" not in tokens


class ServerConnection(asyncio.Protocol):
    """Parse with h11, answer in order (pipelining), carry out delay and drop faults.

    ``answer`` turns a request into the emulator's reply; ``registry`` holds the open
    connections (for the deadlines sweep and shutdown).
    """

    def __init__(
        self, answer: Callable[[Incoming], Reply], registry: set[ServerConnection]
    ) -> None:
        self._answer_for = answer
        self._registry = registry
        self._h11 = _parser()
        self._carried = False  # the parser holds bytes that followed the last request
        self._pending: deque[bytes] = deque()  # received, not yet handed to the parser
        self._pending_size = 0
        self._request: h11.Request | None = None
        self._fields: tuple[tuple[str, str], ...] = ()
        self._keep_alive = True
        self._body: list[bytes] = []
        self._body_size = 0
        self._chunks = 0
        self._continued = False
        self._transport: asyncio.Transport | None = None
        self._busy = False  # a delayed answer is pending
        self._paused = False  # the client is not reading: stop answering
        self._closing = False
        self._reading_paused = False
        self._turn_scheduled = False
        self._timer: asyncio.TimerHandle | None = None
        self._loop = asyncio.get_running_loop()
        self._last_active = self._loop.time()
        #: When the request now arriving sent its first byte (None: none is arriving).
        self._arriving_since: float | None = None

    # asyncio callbacks -----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._registry.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._closing = True
        if self._timer is not None:
            self._timer.cancel()
        self._registry.discard(self)

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        self._last_active = self._loop.time()  # a slow but steady reader is not idle
        self._pump()

    def data_received(self, data: bytes) -> None:
        self._last_active = self._loop.time()
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size > MAX_BUFFERED and self._transport is not None:
            self._transport.pause_reading()
            self._reading_paused = True
        self._pump()

    # Deadlines (called by the server's sweeper) -------------------------------------------

    def expire(self, now: float, idle_timeout: float, request_timeout: float) -> None:
        """Close this connection if a request took longer than ``request_timeout`` to arrive
        (a 408 first: trickling bytes does not extend it), or if nothing happened on it for
        ``idle_timeout`` with no answer pending."""
        if self._busy or self._closing:
            return
        since = self._arriving_since
        if since is not None and now - since > request_timeout:
            self._refuse(408, "Request Timeout: the request did not arrive in time")
        elif self._last_active < now - idle_timeout:
            if self._paused:  # the client stopped reading our answer long ago: drop it
                self._closing = True
                self.abort()
            elif since is not None:
                self._refuse(408, "Request Timeout: the request did not arrive in time")
            else:
                self._close()

    def abort(self) -> None:
        if self._transport is not None:
            self._transport.abort()

    # Parsing ------------------------------------------------------------------------------

    def _pump(self) -> None:
        """Handle parser events until more bytes are needed, an answer is held, or this turn's
        share of the loop is spent (then another turn is scheduled)."""
        self._turn_scheduled = False
        for _ in range(EVENTS_PER_TURN):
            if self._busy or self._paused or self._closing:
                return
            try:
                event = self._h11.next_event()
                if event is h11.NEED_DATA:
                    if not self._feed():
                        return
                elif isinstance(event, h11.Request):
                    self._fields, self._keep_alive = _read_head(event)
                    self._request, self._body, self._body_size = event, [], 0
                    self._chunks, self._continued = 0, False
                elif isinstance(event, h11.Data):
                    self._take(event)
                elif isinstance(event, h11.EndOfMessage):
                    self._dispatch()
                else:  # ConnectionClosed, PAUSED: nothing more will be read here
                    self._close()
                    return
            except h11.RemoteProtocolError as exc:
                self._refuse(exc.error_status_hint, str(exc))
                return
            except _Refusal as exc:
                self._refuse(exc.status, exc.message)
                return
        if not self._turn_scheduled:
            self._turn_scheduled = True
            self._loop.call_soon(self._pump)

    def _feed(self) -> bool:
        """Hand the parser the next received piece; False when none is waiting."""
        if not self._pending:
            if (
                self._h11.they_are_waiting_for_100_continue
                and not self._continued
                and self._transport is not None
            ):
                self._continued = True
                self._transport.write(_CONTINUE)
            return False
        data = self._pending.popleft()
        self._pending_size -= len(data)
        if self._reading_paused and self._pending_size <= MAX_BUFFERED // 2:
            self._reading_paused = False
            assert self._transport is not None
            self._transport.resume_reading()
        if self._request is None and not self._carried:
            # A server SHOULD ignore empty lines before a request line (RFC 9112 section
            # 2.2); h11 refuses them.
            data = data.lstrip(b"\r\n")
            if not data:
                return True
        if self._arriving_since is None:
            self._arriving_since = self._loop.time()
        self._carried = True
        self._h11.receive_data(data)
        return True

    def _take(self, event: h11.Data) -> None:
        self._body_size += len(event.data)
        if self._body_size > MAX_BODY:
            raise _Refusal(413, "request body too large")
        if event.chunk_start:
            self._chunks += 1
            if self._chunks > MAX_CHUNKS:
                raise _Refusal(413, f"request body in more than {MAX_CHUNKS} chunks")
        self._body.append(event.data)

    def _dispatch(self) -> None:
        request = self._request
        assert request is not None
        incoming = Incoming(
            request.method.decode("ascii"),
            request.target.decode("latin-1"),
            self._fields,
            b"".join(self._body),
            self._keep_alive,
        )
        self._request, self._body, self._arriving_since = None, [], None
        # The next request is parsed afresh from whatever followed this one.
        leftover = self._h11.trailing_data[0].lstrip(b"\r\n")
        self._h11, self._carried = _parser(), bool(leftover)
        if leftover:
            self._h11.receive_data(leftover)
        reply = self._answer_for(incoming)
        if reply.delay > 0:
            self._busy = True
            self._timer = self._loop.call_later(reply.delay, self._finish_later, reply, incoming)
            return
        self._answer(reply, incoming)

    def _finish_later(self, reply: Reply, incoming: Incoming) -> None:
        self._busy, self._timer = False, None
        if self._closing:
            return
        self._answer(reply, incoming)
        self._pump()

    # Answering ----------------------------------------------------------------------------

    def _answer(self, reply: Reply, incoming: Incoming) -> None:
        transport = self._transport
        assert transport is not None
        self._last_active = self._loop.time()  # a delayed answer restarts the idle clock
        if reply.drop:
            self._closing = True
            transport.abort()
            return
        data = response_bytes(
            reply.response,
            keep_alive=incoming.keep_alive,
            head_only=incoming.method == "HEAD",
        )
        if reply.cut:  # a cut fault: the head and half the body, then the connection drops
            self._closing = True
            transport.write(data[: len(data) - (len(reply.response.body) + 1) // 2])
            transport.abort()
            return
        transport.write(data)
        if not incoming.keep_alive:
            self._close()
        elif self._carried or self._pending:
            self._arriving_since = self._last_active  # the next request is on its way

    def _refuse(self, status: int, message: str) -> None:
        """Answer a request this server will not take with ``status`` and close."""
        if self._transport is not None:
            text = message if status == 408 else f"Malformed HTTP request: {message}"
            self._transport.write(response_bytes(error(status, text), keep_alive=False))
        self._close()

    def _close(self) -> None:
        self._closing = True
        if self._transport is not None:
            self._transport.close()


def _parser() -> h11.Connection:
    return h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD)
