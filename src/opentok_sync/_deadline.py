"""The sync transport's per-attempt deadline: one watchdog thread, and the urllib3 classes
that let it reach an attempt's socket.

Why a watchdog. urllib3 sets one socket timeout per phase, and http.client reads the status and
header lines through it: a server that sends a header byte every few seconds never trips a read
timeout, so the header phase alone could last for ever. Bounding every read by the time left
means owning the file http.client reads through (its private plumbing); a read loop in the
transport sees only the body; a timer per request costs a thread each. One daemon thread with a
heap of deadlines costs a few lock round trips and a heap push per attempt and nothing per read
(sync get_archive measured no slower than with the per-read device it replaces). At a deadline
it shuts the attempt's socket down (safe from another thread: a blocked read returns at once),
and the transport then reports the attempt as timed out, whatever that read returned.

How the alarm reaches the socket, through documented extension points only:

* the transport arms an ``Alarm`` and passes urllib3 an ``AttemptTimeout`` carrying it: a
  ``urllib3.Timeout`` whose ``read_timeout`` (what urllib3 gives the connection as its
  ``timeout`` just before ``getresponse()``) is a float that also holds the alarm. The
  Timeout is the one object urllib3 takes per request and hands on towards the connection,
  so no context variable or thread-local state is needed;
* ``DeadlineConnection``, the ``ConnectionCls`` of the pools ``pool_manager()`` and
  ``proxy_manager()`` build, aims the alarm at its socket in ``getresponse()``: status line,
  headers and body are all covered;
* on any other pool the transport aims it at ``HTTPResponse.shutdown()`` once ``urlopen``
  returns, so the body is covered there but the header phase only per read;
* the transport's own connections per origin (``_free_list``, ``_http11``, which read the
  socket themselves) aim it at their socket once the request is written (``shot_for``).

Before ``getresponse()`` nothing is aimed: the connect (TLS and a proxy's answer to CONNECT
included) and the sending of the request are bounded per read or write by the connect
timeout, which urllib3 cuts to the total.

``DeadlineConnection`` also replaces a connection idle past ``IDLE_EXPIRY`` through
urllib3's own check for dropped connections (``is_connected``). Nothing here reads or writes a
private attribute of urllib3, http.client or socket, or changes an object it did not make.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import itertools
import math
import os
import socket
import threading
from collections.abc import Callable, Mapping
from time import monotonic
from typing import Any

import urllib3
from urllib3 import connection, connectionpool
from urllib3.response import HTTPResponse
from urllib3.util.ssltransport import SSLTransport

__all__ = [
    "IDLE_EXPIRY",
    "WATCHDOG",
    "Alarm",
    "AttemptTimeout",
    "DeadlineConnection",
    "DeadlinePassed",
    "Watchdog",
    "keeps_whole_deadline",
    "pool_manager",
    "proxy_manager",
    "shot_for",
]

#: What an alarm calls at its deadline: stops the reads of one attempt.
Shot = Callable[[], object]


class DeadlinePassed(TimeoutError):
    """The attempt's total time ran out (a ``socket.timeout``, so urllib3 reports it as a read
    timeout, chained from this)."""

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


class _BoundRead(float):
    """A read timeout (seconds) that also carries the attempt's alarm."""

    __slots__ = ("alarm",)
    alarm: Alarm

    def __new__(cls, seconds: float, alarm: Alarm) -> _BoundRead:
        value = super().__new__(cls, seconds)
        value.alarm = alarm
        return value


class AttemptTimeout(urllib3.Timeout):
    """urllib3's Timeout for one attempt, carrying its alarm to our connections: its
    ``read_timeout`` is a float holding the alarm. Made for one request, it is its own fresh
    copy (``clone``), which saves urllib3 building a second one per request."""

    def __init__(
        self, connect: float | None, read: float | None, total: float, alarm: Alarm
    ) -> None:
        super().__init__(total=total, connect=connect, read=read)
        self.alarm = alarm

    def clone(self) -> AttemptTimeout:
        return self

    @property
    def read_timeout(self) -> float | None:
        seconds = super().read_timeout
        return None if seconds is None else _BoundRead(seconds, self.alarm)


#: Seconds a pooled connection may sit unused before it is closed rather than reused (httpx's
#: ``keepalive_expiry`` default). Servers close idle keep-alive connections on their own clock;
#: a request sent on one just as it closes fails after it may have arrived, and a POST is then
#: not retried. Reusing only recently used connections keeps clear of that race.
IDLE_EXPIRY = 5.0


def shot_for(sock: Any) -> Shot | None:
    """What stops the reads on ``sock``: shutting down the OS socket under it (through
    ``socket.socket``'s own method, so a TLS wrapper's state is left alone). None for a socket
    urllib3 did not make (gevent's, say): its reads are bounded one at a time only."""
    raw = sock.socket if isinstance(sock, SSLTransport) else sock  # TLS inside TLS
    if isinstance(raw, socket.socket):
        return functools.partial(socket.socket.shutdown, raw, socket.SHUT_RDWR)
    return None


class DeadlineConnection(connection.HTTPConnection):
    """urllib3's HTTP/1.1 connection, held to the attempt's deadline from the status line to
    the last body byte, and reported dropped once idle past ``IDLE_EXPIRY``."""

    #: ``monotonic()`` when its last answer's headers were in: a conservative idle stamp (a
    #: long body counts as idle time). None until it has answered.
    answered_at: float | None = None
    #: The socket ``_aim`` was made for, and what stops its reads (made once per socket).
    _aimed_at: Any = None
    _aim: Shot | None = None

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> None:
        # Connected before the request is written: http.client otherwise connects while
        # sending, and a connect error's traceback then holds the whole raw request (auth
        # JWT included) in a local of its frame, for error reporters that capture locals.
        if self.sock is None:
            self.connect()
        super().request(method, url, *args, **kwargs)

    @property
    def is_connected(self) -> bool:
        """False when idle too long, so urllib3 replaces it as it does a dropped one."""
        answered = self.answered_at
        if answered is not None and monotonic() - answered > IDLE_EXPIRY:
            return False
        return super().is_connected

    def getresponse(self) -> HTTPResponse:  # type: ignore[override]  # as urllib3 has it
        bound = self.timeout  # urllib3 has just set it from Timeout.read_timeout
        alarm = bound.alarm if isinstance(bound, _BoundRead) else None
        if alarm is not None:
            sock = self.sock
            if sock is not self._aimed_at:
                self._aimed_at, self._aim = sock, shot_for(sock)
            if WATCHDOG.aim(alarm, self._aim):
                raise DeadlinePassed(alarm.seconds)
        try:
            response = super().getresponse()
        except Exception as exc:
            if alarm is not None and alarm.fired:
                raise DeadlinePassed(alarm.seconds) from exc
            raise
        self.answered_at = monotonic()
        if alarm is not None and alarm.fired:  # shut down just as the headers came in
            response.close()
            raise DeadlinePassed(alarm.seconds)
        return response


class _HTTPSConnection(DeadlineConnection, connection.HTTPSConnection):
    pass


class _UnverifiedHTTPSConnection(_HTTPSConnection):
    """A connection of a pool whose owner turned certificate verification off on purpose
    (``verify=False``): it reports itself verified, so that urllib3 does not warn again on
    every request of what the client logged once when it was built."""

    @property
    def is_verified(self) -> bool:
        return True

    @is_verified.setter
    def is_verified(self, value: bool) -> None:
        pass


class _HTTPConnectionPool(connectionpool.HTTPConnectionPool):
    ConnectionCls = DeadlineConnection


class _HTTPSConnectionPool(connectionpool.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _UnverifiedHTTPSConnectionPool(connectionpool.HTTPSConnectionPool):
    ConnectionCls = _UnverifiedHTTPSConnection


_POOL_CLASSES: dict[str, type[connectionpool.HTTPConnectionPool]] = {
    "http": _HTTPConnectionPool,
    "https": _HTTPSConnectionPool,
}

_UNVERIFIED_POOL_CLASSES: dict[str, type[connectionpool.HTTPConnectionPool]] = {
    "http": _HTTPConnectionPool,
    "https": _UnverifiedHTTPSConnectionPool,
}


def _classes(kwargs: dict[str, Any]) -> dict[str, type[connectionpool.HTTPConnectionPool]]:
    """The pool classes for a manager built with ``kwargs`` (``unverified=True``, the
    transport's own for ``verify=False``, taken out of them)."""
    return _UNVERIFIED_POOL_CLASSES if kwargs.pop("unverified", False) else _POOL_CLASSES


class _PoolManager(urllib3.PoolManager):
    def __init__(
        self,
        num_pools: int = 10,
        headers: Mapping[str, str] | None = None,
        **connection_pool_kw: Any,
    ) -> None:
        classes = _classes(connection_pool_kw)
        super().__init__(num_pools, headers, **connection_pool_kw)
        self.pool_classes_by_scheme = classes


class _ProxyManager(urllib3.ProxyManager):
    def __init__(self, proxy_url: str, **kwargs: Any) -> None:
        classes = _classes(kwargs)
        super().__init__(proxy_url, **kwargs)
        self.pool_classes_by_scheme = classes


def keeps_whole_deadline(pool: urllib3.PoolManager) -> bool:
    """Whether ``pool`` was built by ``pool_manager`` or ``proxy_manager`` (its connections
    let the watchdog cut the headers too)."""
    return isinstance(pool, (_PoolManager, _ProxyManager))


def pool_manager(**kwargs: Any) -> urllib3.PoolManager:
    """A ``urllib3.PoolManager`` (``kwargs`` as urllib3 takes them: TLS settings, pool sizes,
    headers) whose connections ``Urllib3Transport`` holds to its whole deadline, header phase
    included, and replaces after 5 s idle. It speaks HTTP/1.1, as the transport's own pool
    does, even where urllib3's HTTP/2 support is injected."""
    return _PoolManager(**kwargs)


def proxy_manager(proxy_url: str, **kwargs: Any) -> urllib3.ProxyManager:
    """``pool_manager()`` through a proxy: a ``urllib3.ProxyManager`` (``proxy_url`` and
    ``kwargs`` as urllib3 takes them, an HTTPS proxy and its ``proxy_ssl_context`` included)
    with the same fully bounded connections."""
    return _ProxyManager(proxy_url, **kwargs)
