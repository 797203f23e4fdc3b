"""urllib3 connection classes that hold every read of a response to the attempt's deadline.

urllib3 sets a socket timeout once per phase, and http.client reads the status and header lines
through it: a server that sends one header byte every few seconds never trips a read timeout,
so the header phase alone could last for ever. Here the response's socket file re-arms the
socket timeout to the time left before each read, and refuses to read past the deadline, so the
whole response (status line, headers and body) ends by it. No thread or timer is involved.

The deadline is an absolute ``time.monotonic()`` instant, set by ``Urllib3Transport`` around one
request in a context variable. These classes behave exactly like urllib3's whenever it is unset,
which is why the transport may install them on a pool you pass in.
"""

from __future__ import annotations

import contextlib
import heapq
import http.client
import io
import itertools
import math
import os
import socket
import threading
from collections.abc import Callable
from contextvars import ContextVar
from time import monotonic
from typing import Any

import urllib3
from urllib3 import connection, connectionpool, poolmanager
from urllib3.util.ssltransport import SSLTransport

__all__ = [
    "DEADLINE",
    "NO_DEADLINE",
    "WATCHDOG",
    "Alarm",
    "DeadlineConnection",
    "DeadlinePassed",
    "Watchdog",
    "install",
    "pool_manager",
]

#: What an alarm calls at its deadline: stops the reads of one attempt.
Shot = Callable[[], object]


#: The attempt in flight on this thread: (absolute monotonic deadline, its length in seconds);
#: ``NO_DEADLINE`` in a transport call with no total deadline; None outside transport calls.
DEADLINE: ContextVar[tuple[float, float] | None] = ContextVar("opentok_deadline", default=None)
NO_DEADLINE = (math.inf, math.inf)


class DeadlinePassed(TimeoutError):
    """The attempt's total time ran out between two reads (a ``socket.timeout``, so urllib3
    reports it as a read timeout, chained from this)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the response took longer than the {seconds:g} s total timeout")
        self.seconds = seconds

    def __reduce__(self) -> tuple[type[DeadlinePassed], tuple[float]]:
        return DeadlinePassed, (self.seconds,)  # copy and pickle rebuild it from its seconds


class Alarm:
    """One attempt's deadline: ``at`` on the ``monotonic()`` clock, ``seconds`` long. The
    watchdog sets ``fired`` then, and calls ``shot`` if one was aimed."""

    __slots__ = ("at", "disarmed", "fired", "seconds", "shot")

    def __init__(self, at: float, seconds: float) -> None:
        self.at = at
        self.seconds = seconds
        self.shot: Shot | None = None
        self.fired = False
        self.disarmed = False


class Watchdog:
    """One daemon thread firing alarms at their deadlines, soonest first (a heap).

    Each call holds the lock briefly; the thread is woken only when an alarm is due before the
    time it already waits for. Disarmed alarms stay in the heap until due, unless they come to
    outnumber the armed ones: then the heap is rebuilt, so it stays about the size of the
    attempts in flight.
    """

    def __init__(self) -> None:
        self._start_over()
        if hasattr(os, "register_at_fork"):  # a forked child has the state, not the thread
            os.register_at_fork(after_in_child=self._start_over)

    def _start_over(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._heap: list[tuple[float, int, Alarm]] = []
        self._order = itertools.count()  # ties on ``at`` never compare two alarms
        self._disarmed = 0  # disarmed alarms still in the heap
        self._until = math.inf  # while the thread waits: when it looks again
        self._thread: threading.Thread | None = None

    def __len__(self) -> int:
        """Alarms held, disarmed ones not yet dropped included."""
        return len(self._heap)

    def armed(self) -> int:
        """Alarms neither fired nor disarmed."""
        with self._lock:
            return sum(1 for _, _, alarm in self._heap if not alarm.disarmed)

    def arm(self, seconds: float) -> Alarm:
        """An alarm due ``seconds`` from now."""
        alarm = Alarm(monotonic() + seconds, seconds)
        with self._lock:
            heapq.heappush(self._heap, (alarm.at, next(self._order), alarm))
            if alarm.at < self._until:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._run, name="opentok-deadline", daemon=True
                    )
                    self._thread.start()
                else:
                    self._wake.notify()
        return alarm

    def aim(self, alarm: Alarm, shot: Shot | None) -> bool:
        """Have ``alarm`` call ``shot`` when due, unless it has one already (the first aimed,
        the connection's, covers more). True when it has fired already."""
        with self._lock:
            if alarm.fired:
                return True
            if alarm.shot is None and not alarm.disarmed:
                alarm.shot = shot
        return False

    def disarm(self, alarm: Alarm) -> bool:
        """The attempt is over: ``alarm`` will not fire. True when it had fired already. Once
        this returns, its shot is never called (the socket may go back to the pool)."""
        with self._lock:
            if alarm.fired:
                return True
            if not alarm.disarmed:
                alarm.disarmed = True
                alarm.shot = None
                self._disarmed += 1
                if self._disarmed > 64 and 2 * self._disarmed > len(self._heap):
                    self._heap = [entry for entry in self._heap if not entry[2].disarmed]
                    heapq.heapify(self._heap)
                    self._disarmed = 0
        return False

    def _run(self) -> None:
        with self._lock:
            while True:
                heap = self._heap
                if not heap:
                    self._until = math.inf
                    self._wake.wait()
                    continue
                at, _, alarm = heap[0]
                if alarm.disarmed:
                    heapq.heappop(heap)
                    self._disarmed -= 1
                    continue
                left = at - monotonic()
                if left > 0:
                    self._until = at
                    self._wake.wait(left)
                    continue
                heapq.heappop(heap)
                alarm.fired = True
                if alarm.shot is not None:
                    # Under the lock, so never after disarm(). An error means the socket was
                    # closed already: nothing is left to stop, and the watchdog must go on.
                    with contextlib.suppress(Exception):
                        alarm.shot()


#: The process's one watchdog, shared by every transport.
WATCHDOG = Watchdog()


class _DeadlineIO(socket.SocketIO):
    """The socket's raw file (what ``socket.makefile`` buffers), each read waiting at most
    until the deadline."""

    def __init__(self, sock: Any, deadline: float, seconds: float) -> None:
        super().__init__(sock, "rb")
        # As socket.makefile does: the descriptor stays open while this file is, even once
        # http.client has closed the connection after a "connection: close" answer. urllib3's
        # TLS-in-TLS wrapper (an HTTPS proxy to an https:// URL) counts on its inner socket.
        owner: Any = sock.socket if isinstance(sock, SSLTransport) else sock
        owner._io_refs += 1
        self._deadline = deadline
        self._seconds = seconds

    def readinto(self, buffer: Any) -> int | None:
        left = self._deadline - monotonic()
        if left <= 0:
            raise DeadlinePassed(self._seconds)
        sock = self._sock  # type: ignore[attr-defined]
        current = sock.gettimeout()
        bound = current is None or left < current  # the deadline, not the read timeout, rules
        if bound:
            sock.settimeout(left)
        try:
            return super().readinto(buffer)
        except TimeoutError as exc:
            if bound and not isinstance(exc, DeadlinePassed):
                raise DeadlinePassed(self._seconds) from exc
            raise


#: What a connection's ``sock`` may be: a socket (plain or TLS), or urllib3's TLS-in-TLS wrapper.
#: Anything else (a gevent socket, say) is read as urllib3 reads it, bounded per read only.
_SOCKETS = (socket.socket, SSLTransport)


class _DeadlineSocket:
    """What http.client's response sees of the socket: only ``makefile`` is used."""

    __slots__ = ("_deadline", "_seconds", "_sock")

    def __init__(self, sock: Any, deadline: float, seconds: float) -> None:
        self._sock = sock
        self._deadline = deadline
        self._seconds = seconds

    def makefile(self, *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineIO(self._sock, self._deadline, self._seconds))


class _DeadlineResponse(http.client.HTTPResponse):
    """http.client's response, reading through a deadline-bound file when a deadline is set."""

    def __init__(self, sock: Any, *args: Any, **kwargs: Any) -> None:
        deadline = DEADLINE.get()
        if deadline is not None and deadline is not NO_DEADLINE and isinstance(sock, _SOCKETS):
            sock = _DeadlineSocket(sock, *deadline)
        super().__init__(sock, *args, **kwargs)


class DeadlineConnection(connection.HTTPConnection):
    """urllib3's connection, its responses read through the deadline-bound file."""

    response_class = _DeadlineResponse


class _HTTPSConnection(DeadlineConnection, connection.HTTPSConnection):
    pass


#: Seconds a pooled connection may sit unused before it is closed rather than reused (httpx's
#: ``keepalive_expiry`` default). Servers close idle keep-alive connections on their own clock;
#: a request sent on one just as it closes fails after it may have arrived, and a POST is then
#: not retried. Reusing only recently used connections keeps clear of that race.
IDLE_EXPIRY = 5.0


class _ExpiringPool:
    """Pool mixin: in a transport call, a connection idle past ``IDLE_EXPIRY`` is closed when
    taken from the pool (urllib3 then opens a fresh one for the request)."""

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)  # type: ignore[misc]
        idle_since = getattr(conn, "_opentok_idle_since", None)
        stale = idle_since is not None and monotonic() - idle_since > IDLE_EXPIRY
        if stale and DEADLINE.get() is not None:  # only in the transport's own calls
            conn.close()
        return conn

    def _put_conn(self, conn: Any) -> None:
        if conn is not None:
            conn._opentok_idle_since = monotonic()
        super()._put_conn(conn)  # type: ignore[misc]


class _HTTPConnectionPool(_ExpiringPool, connectionpool.HTTPConnectionPool):
    ConnectionCls = DeadlineConnection


class _HTTPSConnectionPool(_ExpiringPool, connectionpool.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOL_CLASSES = {"http": _HTTPConnectionPool, "https": _HTTPSConnectionPool}


def install(pool: urllib3.PoolManager) -> bool:
    """Make ``pool`` create its connections from the deadline-aware classes, if it uses
    urllib3's stock ones; True when it now does. Host pools it already holds are left as they
    are (their responses are still bounded per read, as before)."""
    classes = getattr(pool, "pool_classes_by_scheme", None)
    if classes is _POOL_CLASSES:
        return True
    if classes is not poolmanager.pool_classes_by_scheme or not _stock_connections():
        # The user's own classes, or urllib3's HTTP/2 injected (urllib3.http2): ours would
        # quietly take HTTP/2 away from that pool.
        return False
    pool.pool_classes_by_scheme = _POOL_CLASSES
    return True


def _stock_connections() -> bool:
    return (
        connectionpool.HTTPConnectionPool.ConnectionCls is connection.HTTPConnection
        and connectionpool.HTTPSConnectionPool.ConnectionCls is connection.HTTPSConnection
    )


def pool_manager(**kwargs: Any) -> urllib3.PoolManager:
    """A ``urllib3.PoolManager`` (``kwargs`` as urllib3 takes them) with the deadline classes
    (HTTP/1.1, as the transport's own pool always is)."""
    pool = urllib3.PoolManager(**kwargs)
    pool.pool_classes_by_scheme = _POOL_CLASSES
    return pool
