"""One kept-alive HTTP/1.1 connection, h11 driven directly over an httpcore network stream.

The default transport's free lists hold these in place of ``httpcore.AsyncHTTP11Connection``
(issue 17): a connection checked out of a free list belongs to one task until it goes back, so
httpcore's state lock (taken twice a request, each a pass through the event loop and a
shielded scope) and its five ``Trace`` contexts buy nothing here. What httpcore's connection
does otherwise is kept: the same h11 settings, reads of 64 KiB each under the read timeout and
writes under the write timeout (the stream bounds them, raising httpcore's ``ReadTimeout`` /
``ReadError`` / ``WriteTimeout``), a write error swallowed so that an answer the server sent
before hanging up is still read, the same words for a server that hangs up, h11's
``RemoteProtocolError`` raised as httpcore's, and no retry of anything. Reusable only once an
answer was read to its end with both sides of h11 ``DONE`` (so never after ``Connection:
close``, an HTTP/1.0 answer, an error or a cancelled read): anything else leaves it unusable,
for its owner to close.
"""

from __future__ import annotations

import select
from collections.abc import Callable
from time import monotonic
from typing import Any

import h11
import httpcore

__all__ = ["Connection"]

#: httpcore's settings for an HTTP/1.1 connection: bytes asked of each read, and the most h11
#: buffers for one incomplete event (a status line with its headers, a chunk header).
READ_SIZE = 64 * 1024
MAX_INCOMPLETE_EVENT_SIZE = 100 * 1024

#: The end of a request, one for all: h11's events are values.
_END = h11.EndOfMessage()


class Connection:
    """An HTTP/1.1 connection one task uses at a time: ``request``, then ``receive`` the body;
    ``reusable`` once that answer was read to its end (and the connection then checks its own
    keep-alive expiry and that the server has not hung up)."""

    __slots__ = ("_expire_at", "_expiry", "_h11", "_socket", "_stream", "idle")

    def __init__(self, stream: httpcore.AsyncNetworkStream, keepalive_expiry: float) -> None:
        self._stream = stream
        self._expiry = keepalive_expiry
        self._expire_at = 0.0
        self._h11 = h11.Connection(
            our_role=h11.CLIENT, max_incomplete_event_size=MAX_INCOMPLETE_EVENT_SIZE
        )
        # The socket under TCP (and TLS), asked for once: polled at each checkout.
        self._socket: Any = stream.get_extra_info("socket")
        #: Between two answers, the last read to its end: the next request may go.
        self.idle = False

    def reusable(self) -> bool:
        """Whether a next request may go: idle, within its keep-alive expiry, and with nothing
        to read (an idle connection that is readable can only be about to read the end of a
        server's hang-up), checked as httpcore's ``has_expired`` checks it."""
        return self.idle and monotonic() <= self._expire_at and not _readable(self._socket)

    async def request(
        self,
        method: bytes,
        target: bytes,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        write_timeout: float | None,
        read_timeout: float | None,
    ) -> tuple[int, list[tuple[bytes, bytes]]]:
        """Send a request (headers given whole: host and framing included) and read its answer's
        status and headers (raw names). Any 1xx but 101 is skipped, as httpcore skips them."""
        self.idle = False
        state = self._h11
        try:
            data = state.send(h11.Request(method=method, target=target, headers=headers))
            if body:
                data += state.send(h11.Data(data=body))
            data += state.send(_END)
        except h11.LocalProtocolError as exc:
            raise httpcore.LocalProtocolError(exc) from exc
        try:
            await self._stream.write(data, write_timeout)
        except httpcore.WriteError:
            # The server may have answered, then closed, before taking the whole request (an
            # early 4xx): what it sent is read below, as httpcore reads it.
            pass
        while True:
            event = await self._next(read_timeout)
            if type(event) is h11.Response:
                return event.status_code, event.headers.raw_items()
            if type(event) is h11.InformationalResponse and event.status_code == 101:
                return event.status_code, event.headers.raw_items()

    async def receive(self, feed: Callable[[bytes], bool], read_timeout: float | None) -> None:
        """Feed the answer's body, chunk by chunk, to ``feed`` until it ends or ``feed`` says
        stop (returns true); the connection is idle again only if the answer ended and h11
        may start another cycle on it."""
        state = self._h11
        while True:
            event = await self._next(read_timeout)
            if type(event) is h11.Data:
                if feed(bytes(event.data)):
                    return  # the rest unread: the connection is not reusable
            elif type(event) is h11.EndOfMessage or event is h11.PAUSED:
                break
        if state.our_state is h11.DONE and state.their_state is h11.DONE:
            state.start_next_cycle()
            self._expire_at = monotonic() + self._expiry
            self.idle = True

    async def _next(self, read_timeout: float | None) -> Any:
        """h11's next event, reading the stream when it needs more bytes."""
        state = self._h11
        while True:
            try:
                event = state.next_event()
            except h11.RemoteProtocolError as exc:
                raise httpcore.RemoteProtocolError(exc) from exc
            if event is not h11.NEED_DATA:
                return event
            data = await self._stream.read(READ_SIZE, read_timeout)
            if not data and state.their_state is h11.SEND_RESPONSE:
                # httpcore's words (h11 would say "can't handle event type ConnectionClosed")
                raise httpcore.RemoteProtocolError(
                    "Server disconnected without sending a response."
                )
            state.receive_data(data)

    async def aclose(self) -> None:
        """Close the stream; the connection is unusable after."""
        self.idle = False
        await self._stream.aclose()


def _readable(sock: Any) -> bool:
    """Whether ``sock`` has bytes (or an end) to read now, as httpcore's ``is_socket_readable``
    asks: a socket with no descriptor counts as readable (its next read is the end)."""
    fileno = -1 if sock is None else sock.fileno()
    if fileno < 0:
        return True
    if _poll is None:  # pragma: no cover - Windows
        return bool(select.select([fileno], [], [], 0)[0])
    poll = _poll()
    poll.register(fileno, select.POLLIN)
    return bool(poll.poll(0))


_poll: Callable[[], Any] | None = getattr(select, "poll", None)
