"""One kept-alive HTTP/1.1 connection of the sync transport's own pool: urllib3 connects it, h11
frames the bytes on it.

``urllib3``'s ``DeadlineConnection`` (``_deadline``) does what is hard to get right and cheap per
request: resolving and connecting (socket options, the connect timeout), TLS with the pool's
settings and certificate checks, the dropped/idle check before reuse, and closing. The exchange
itself is h11 (already the async transport's HTTP/1.1 parser) over ``conn.sock``: the request
goes out in one write, the answer's status line, headers and body are read in 64 KiB reads. It
replaces http.client's parser (an ``email`` feed parser per answer), its per-header checks and
urllib3's ``HTTPResponse``, which were a third of a sync call's client CPU (issue 17).

It fails as ``urlopen`` does with retries off, so the transport words both paths alike:

- a broken pipe or reset while writing is passed over (an early answer is still read); any
  other write error is ``ProtocolError("Connection aborted.", error)``;
- a read that times out is ``ReadTimeoutError`` (before the headers, the message names the read
  timeout, as urlopen's; in the body, "Read timed out.", as ``HTTPResponse``'s);
- the server closing before an answer is http.client's ``RemoteDisconnected``, an answer that
  is not HTTP its ``BadStatusLine``, each as ``ProtocolError("Connection aborted.", ...)``;
- a body cut short is ``ProtocolError("Connection broken: IncompleteRead(...)")``, as urllib3's;
- at the deadline (the watchdog shut the socket down) ``DeadlinePassed``, as a read timeout.

Reusable only once an answer was read to its end with both sides of h11 ``DONE`` (so never
after ``Connection: close``, HTTP/1.0, a capped body, an error or the deadline); 1xx answers are
skipped. Nothing is resent.
"""

from __future__ import annotations

import errno
import http.client
import ssl
import warnings
from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any

import h11
import urllib3
from urllib3 import exceptions as u3
from urllib3.util.ssl_match_hostname import CertificateError as HostnameMismatch

from opentok_core import ACCEPT_ENCODING, Request

from ._deadline import WATCHDOG, Alarm, DeadlineConnection, DeadlinePassed, Shot, shot_for

if TYPE_CHECKING:
    from ._free_list import Origin

__all__ = ["Connection"]

#: Bytes asked of each read, and the most h11 buffers for one incomplete event (httpcore's).
READ_SIZE = 64 * 1024
MAX_INCOMPLETE_EVENT_SIZE = 100 * 1024

#: Errors while writing that urlopen passes over, to read what the server answered anyway.
_WRITE_ERRNOS = frozenset({errno.EPIPE, errno.EPROTOTYPE, errno.ECONNRESET})
#: The errnos of a read that would block: urllib3 reports them as a read timeout.
_BLOCKING = frozenset({errno.EAGAIN, errno.EWOULDBLOCK})

_END = h11.EndOfMessage()

#: Methods urllib3 sends a ``Content-Length: 0`` for when they have no body.
_SIZED = frozenset({"POST", "PUT", "PATCH"})
#: urllib3's User-Agent, for a request that has none.
_USER_AGENT = f"python-urllib3/{urllib3.__version__}".encode("ascii")  # type: ignore[attr-defined]
#: The codings the core's BodyReader undoes, asked for as the urlopen path asks for them.
_ACCEPT_ENCODING = (b"accept-encoding", ACCEPT_ENCODING.encode("ascii"))


class Connection:
    """urllib3's connection ``conn`` with the h11 state of its exchanges; one thread uses it at
    a time (from checkout to put back)."""

    __slots__ = ("_aim", "_aimed_at", "_cut", "_h11", "_length", "_received", "conn", "idle")

    def __init__(self, conn: DeadlineConnection) -> None:
        self.conn = conn
        self._h11 = _fresh()
        #: Between two answers, the last read to its end: the next request may go.
        self.idle = False
        # The socket the shot was made for, and the shot (made once per socket).
        self._aimed_at: Any = None
        self._aim: Shot | None = None
        # The answer's content-length (None: chunked or until close), and body bytes read.
        self._length: int | None = None
        self._received = 0
        # Whether the request's write was cut (then never reused, whatever the answer says).
        self._cut = False

    def usable(self) -> bool:
        """Whether the next request may go on the open socket: idle, and not dropped by the
        server nor idle past ``IDLE_EXPIRY`` (``conn.is_connected``)."""
        return self.idle and self.conn.is_connected

    def request(
        self,
        origin: Origin,
        request: Request,
        target: str,
        limits: urllib3.Timeout,
        alarm: Alarm | None,
    ) -> tuple[int, list[tuple[bytes, bytes]]]:
        """Send ``request`` (to ``target`` at ``origin``) with the headers urllib3 adds, and
        read its answer's status and headers (raw), within ``limits`` (started here when it
        has a total); connects first if the socket is closed."""
        self.idle = False
        self._cut = False
        conn = self.conn
        pool = origin.pool
        method = request.method
        body = request.body
        if limits.total is not None:
            limits.start_connect()  # the read timeout is then cut to the time left
        if conn.is_closed:
            conn.timeout = limits.connect_timeout  # type: ignore[assignment]
            try:
                conn.connect()
            except BaseException as exc:
                error = _connect_error(exc, pool, target, conn.timeout)
                if error is exc:
                    raise
                raise error from exc
            self._h11 = _fresh()
        if pool.scheme == "https" and not conn.is_verified:
            _warn_unverified(conn)  # on every request, as urlopen warns
        sock: Any = conn.sock
        state = self._h11
        # Encoded here, not by the caller: a frame an error passes through has its locals
        # cleared when they show the auth JWT (forget_secrets); the caller's frame is not.
        try:
            headers = [(k.encode("ascii"), v.encode("latin-1")) for k, v in request.headers]
            headers += _added(request, origin.host)
            data = state.send(h11.Request(method=method, target=target, headers=headers))
            if body:
                data += state.send(h11.Data(data=body))
            data += state.send(_END)
        except (h11.LocalProtocolError, UnicodeError) as exc:
            # Nothing was sent: a header http.client would refuse too (ValueError there).
            error = ValueError(f"not a valid HTTP/1.1 request: {exc}")
            raise u3.ProtocolError("Connection aborted.", error) from error
        try:
            sock.settimeout(limits.connect_timeout)  # as urllib3 bounds writes
            sock.sendall(data)
        except OSError as exc:
            if not (isinstance(exc, BrokenPipeError) or exc.errno in _WRITE_ERRNOS):
                raise u3.ProtocolError("Connection aborted.", exc) from exc
            self._cut = True  # an early answer may still be read; the connection is done
        read = limits.read_timeout
        if read == 0:
            raise u3.ReadTimeoutError(pool, target, f"Read timed out. (read timeout={read})")
        if alarm is not None:
            if sock is not self._aimed_at:
                self._aimed_at, self._aim = sock, shot_for(sock)
            if WATCHDOG.aim(alarm, self._aim):
                raise _deadline(alarm, pool, target, read, head=True, cause=None)
        sock.settimeout(read)
        while True:
            event = self._next(sock, alarm, pool, target, read, head=True)
            kind = type(event)
            if kind is h11.Response or (
                kind is h11.InformationalResponse and event.status_code == 101
            ):
                conn.answered_at = monotonic()  # the idle stamp DeadlineConnection checks
                raw = event.headers.raw_items()
                self._length = _content_length(raw)
                self._received = 0
                return event.status_code, raw

    def receive(
        self, feed: Callable[[bytes], bool], alarm: Alarm | None, pool: urllib3.HTTPConnectionPool
    ) -> bool:
        """Feed the answer's body to ``feed`` until it ends or ``feed`` says stop (returns
        true); whether it was read to its end. The connection is idle again only if so and
        h11 may start another cycle on it."""
        sock = self.conn.sock
        state = self._h11
        while True:
            event = self._next(sock, alarm, pool, "", None, head=False)
            if type(event) is h11.Data:
                chunk = bytes(event.data)
                self._received += len(chunk)
                if feed(chunk):
                    return False  # the rest unread: the connection is not reusable
                if alarm is not None and alarm.fired:
                    return False
            elif type(event) is h11.EndOfMessage or event is h11.PAUSED:
                break
        # Reusable only if nothing else came after the answer: bytes past its end (a second
        # answer, a body on a 204, more than its content-length) would be read as the next
        # request's answer. http.client drops them, and the dropped check then sees the rest.
        if (
            state.our_state is h11.DONE
            and state.their_state is h11.DONE
            and not state.trailing_data[0]
            and not self._cut
        ):
            state.start_next_cycle()
            self.idle = True
        return True

    def close(self) -> None:
        """Close the socket; the connection reconnects if used again."""
        self.idle = False
        self.conn.close()

    def _next(
        self,
        sock: Any,
        alarm: Alarm | None,
        pool: urllib3.HTTPConnectionPool,
        target: str,
        read: float | None,
        *,
        head: bool,
    ) -> Any:
        """h11's next event, reading the socket when it needs more bytes; errors as urlopen
        (``head``: before the answer's headers are in) or urllib3's ``HTTPResponse`` raise
        them."""
        state = self._h11
        ended = False  # the server closed its side: h11 is given the end
        while True:
            try:
                event = state.next_event()
            except h11.RemoteProtocolError as exc:
                if alarm is not None and alarm.fired:
                    raise _deadline(alarm, pool, target, read, head, exc)  # noqa: B904 (chained)
                raise self._protocol_error(exc, head, ended)  # noqa: B904 (chained through it)
            if event is not h11.NEED_DATA:
                return event
            try:
                data = sock.recv(READ_SIZE)
            except OSError as exc:
                if alarm is not None and alarm.fired:
                    raise _deadline(alarm, pool, target, read, head, exc)  # noqa: B904 (chained)
                if isinstance(exc, TimeoutError) or exc.errno in _BLOCKING:
                    words = f"Read timed out. (read timeout={read})" if head else "Read timed out."
                    raise u3.ReadTimeoutError(pool, target if head else None, words) from exc
                if isinstance(exc, ssl.SSLError):
                    raise u3.SSLError(exc) from exc
                if head:
                    raise u3.ProtocolError("Connection aborted.", exc) from exc
                raise u3.ProtocolError(f"Connection broken: {exc!r}", exc) from exc
            if not data and alarm is not None and alarm.fired:
                raise _deadline(alarm, pool, target, read, head, cause=None)
            if not data and head and state.their_state is h11.SEND_RESPONSE:
                if state.trailing_data[0]:  # part of a status line: not HTTP, as http.client says
                    state.receive_data(data)
                    continue
                lost = http.client.RemoteDisconnected(
                    "Remote end closed connection without response"
                )
                raise u3.ProtocolError("Connection aborted.", lost) from lost
            ended = not data
            state.receive_data(data)

    def _protocol_error(self, exc: h11.RemoteProtocolError, head: bool, ended: bool) -> Exception:
        """h11's complaint as urllib3 words it: an answer that is not HTTP (http.client's
        ``BadStatusLine``) before the headers; after them, a body the server's close cut short
        (``ended``: ``IncompleteRead``), or one not framed as HTTP/1.1 says."""
        inner: Exception
        if head:
            inner, words = http.client.BadStatusLine(str(exc)), "Connection aborted."
        elif ended:
            left = 0 if self._length is None else max(self._length - self._received, 0)
            inner = u3.IncompleteRead(self._received, left)
            words = f"Connection broken: {inner!r}"
        else:
            inner, words = exc, f"Connection broken: {exc}"
        error = u3.ProtocolError(words, inner)
        if inner is not exc:
            inner.__cause__ = exc
        error.__cause__ = inner
        return error


def _added(request: Request, host: bytes) -> list[tuple[bytes, bytes]]:
    """The headers urllib3 adds to ``request``'s (unless it has them): Host, Content-Length
    (a body, or a POST/PUT/PATCH without one), User-Agent; and the transports'
    Accept-Encoding."""
    added = []
    if request.header("host") is None:
        added.append((b"host", host))
    body = request.body
    if (body or request.method in _SIZED) and request.header("content-length") is None:
        added.append((b"content-length", b"%d" % len(body)))
    if request.header("user-agent") is None:
        added.append((b"user-agent", _USER_AGENT))
    if request.header("accept-encoding") is None:
        added.append(_ACCEPT_ENCODING)
    return added


def _fresh() -> h11.Connection:
    return h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_INCOMPLETE_EVENT_SIZE)


def _content_length(raw: list[tuple[bytes, bytes]]) -> int | None:
    for name, value in raw:
        if name.lower() == b"content-length":
            return int(value)  # h11 has checked it
    return None


def _deadline(
    alarm: Alarm,
    pool: urllib3.HTTPConnectionPool,
    target: str,
    read: float | None,
    head: bool,
    cause: BaseException | None,
) -> u3.ReadTimeoutError:
    """The read timeout urllib3 makes of the watchdog's shot: chained from ``DeadlinePassed``,
    itself from what the shot did to the read (the transport then reports the deadline)."""
    passed = DeadlinePassed(alarm.seconds)
    passed.__cause__ = cause
    words = f"Read timed out. (read timeout={read})" if head else "Read timed out."
    error = u3.ReadTimeoutError(pool, target if head else None, words)
    error.__cause__ = passed
    return error


def _connect_error(
    exc: BaseException, pool: urllib3.HTTPConnectionPool, target: str, limit: object
) -> BaseException:
    """A connect error as urlopen raises it: urllib3's own as they are, a TLS handshake that
    timed out as ``ReadTimeoutError``, other TLS errors as ``SSLError``, the rest as
    ``ProtocolError("Connection aborted.", error)``."""
    if isinstance(exc, u3.HTTPError):
        return exc
    if isinstance(exc, TimeoutError) or isinstance(exc, OSError) and exc.errno in _BLOCKING:
        return u3.ReadTimeoutError(pool, target, f"Read timed out. (read timeout={limit})")
    if isinstance(exc, (ssl.SSLError, ssl.CertificateError, HostnameMismatch)):
        return u3.SSLError(exc)
    if isinstance(exc, (OSError, http.client.HTTPException)):
        return u3.ProtocolError("Connection aborted.", exc)
    return exc


def _warn_unverified(conn: DeadlineConnection) -> None:
    """urllib3's warning for an https request whose certificate is not verified."""
    warnings.warn(
        f"Unverified HTTPS request is being made to host '{conn.host}'. Adding certificate "
        "verification is strongly advised. See: "
        "https://urllib3.readthedocs.io/en/latest/advanced-usage.html#tls-warnings",
        u3.InsecureRequestWarning,
        stacklevel=3,
    )
