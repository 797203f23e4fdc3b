"""The sync transport port and its urllib3 adapter.

A transport performs one HTTP exchange: ``Request`` in, ``Response`` out. It owns pooling
(keep-alive, thread-safe: a ``PoolManager``, and its own connections per origin), timeouts and
TLS; it never builds URLs, parses JSON or touches auth. urllib3's own retries and redirects are
off for every request, even on a pool you pass in with its own ``Retry``: the core's retry
policy alone decides, so nothing is sent twice behind its back.
"""

from __future__ import annotations

import functools
import http.client
import logging
import os
import re
import ssl
import urllib.request
from collections.abc import Callable
from time import monotonic
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

import urllib3
from urllib3 import exceptions as u3
from urllib3.util import parse_url

from opentok_core import (
    ACCEPT_ENCODING,
    MAX_RESPONSE_BODY,
    BodyReader,
    DeferredHeaders,
    Failure,
    Request,
    Response,
    Timeout,
    TransportError,
    ValidationError,
    causes,
    forget_secrets,
    refuse_connection_settings,
    transport_failure,
)

from ._deadline import (
    WATCHDOG,
    Alarm,
    AttemptTimeout,
    keeps_whole_deadline,
    pool_manager,
    proxy_manager,
)

if TYPE_CHECKING:
    from ._free_list import FreeLists

__all__ = ["Sleeper", "Transport", "Urllib3Transport"]

logger = logging.getLogger("opentok")

#: What ``Client(sleep=...)`` takes: waits the given seconds (``time.sleep`` by default).
Sleeper: TypeAlias = Callable[[float], None]

_CHUNK = 64 * 1024

#: How many times this process is a fork's child of the one that imported this module: a
#: transport made before the last fork drops its inherited connections (no getpid per call).
_forks = 0


def _count_fork() -> None:
    global _forks
    _forks += 1


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_count_fork)


class Transport(Protocol):
    """What Client needs of a transport. The emulator and test fakes implement it too."""

    def handle_request(self, request: Request, timeout: Timeout) -> Response: ...

    def close(self) -> None: ...


class Urllib3Transport:
    """Sends requests through a ``urllib3.PoolManager``: yours, used as given, or its own
    pooled keep-alive one. On its own pool and with no proxy involved, a request goes out on
    a connection of that manager's kept per origin (``_free_list``): urllib3 connects it (TLS
    and certificate checks included) and h11 frames the exchange on it (``_http11``), failing
    with the errors and words ``urlopen`` gives.

    ``max_body`` bounds how much of a response body is read, decoded (the rest is dropped and
    the Response marked ``truncated``): urllib3 hands over the raw bytes, which the core's
    ``BodyReader`` inflates at most that far, so a compressed body costs no more memory
    whatever its ratio (``Accept-Encoding: gzip, deflate``, what it decodes). The attempt's
    ``Timeout.deadline`` bounds all of it: the connect (urllib3's ``total``), then the status
    line, the headers and the body. At the deadline the process's one watchdog thread shuts
    the attempt's socket down, so a server trickling bytes cannot hold a call past it
    (``_deadline``).

    That holds in full for the transport's own pool and for pools built with
    ``opentok_sync.pool_manager()`` or ``proxy_manager()``, whose connections are also replaced
    rather than reused once unused for 5 s (as httpx does), so a request is not sent on a
    connection the server is closing as idle.

    Any other pool you pass in is used as given: its classes, settings and connection reuse
    are left alone. The deadline still ends a body that trickles or stalls, through urllib3's
    ``HTTPResponse.shutdown()`` (urllib3 2.3 or later; urllib3 has none for an https:// URL
    through an HTTPS proxy: there the body is cut after the read that crosses the deadline).
    The status line and headers are bounded per read only: each read waits at most the read
    timeout (cut to the time left), so header lines trickled byte by byte can outlast the
    deadline, and the call then fails with our timeout once they end. Build the pool with
    ``pool_manager()`` or ``proxy_manager()`` to keep the whole deadline.

    Fork-safe: in a process forked after the pool connected (gunicorn ``--preload``, Celery
    prefork, multiprocessing), the first request drops the connections inherited from the
    parent, in its own pool or yours (``PoolManager.clear()``: the child's copies of the
    sockets are closed, which sends nothing, so the parent's connections are left alone), and
    connects afresh. Without it, parent and child read each other's answers.

    TLS and proxies (for its own pool; a pool you pass in keeps its own settings):
    ``verify`` is True (the system's CA certificates), False (off) or an ``ssl.SSLContext``;
    ``proxy`` an http(s) proxy URL for every request; with ``trust_env`` (the default) and no
    ``proxy``, ``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``ALL_PROXY`` route requests through a proxy
    unless ``NO_PROXY`` names the host, as httpx and requests do.
    """

    def __init__(
        self,
        pool: urllib3.PoolManager | None = None,
        *,
        max_body: int = MAX_RESPONSE_BODY,
        verify: bool | ssl.SSLContext = True,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        self._owned = pool is None
        self._env: _EnvironmentProxies | None = None
        if pool is not None:
            refuse_connection_settings(
                "pool",
                "keeps its own TLS and proxy settings: verify=, proxy= and "
                "trust_env= are for the transport's own pool",
                verify,
                proxy,
                trust_env,
            )
            self._pool = pool
        else:
            self._pool, self._env = own_pools(verify, proxy, trust_env, maxsize=32, retries=False)
        if not keeps_whole_deadline(self._pool):
            logger.debug(
                "%s: a pool not built by opentok_sync.pool_manager/proxy_manager: each read is "
                "bounded by the deadline, but header lines trickled byte by byte are not",
                type(self._pool).__name__,
            )
        self._max_body = max_body
        self._forks = _forks
        # urllib3 clones the Timeout it is given, so one per distinct Timeout is reused (for
        # attempts with no deadline; the others carry their alarm in one made per attempt).
        self._timeouts: dict[Timeout, urllib3.Timeout] = {}
        # Our own pool's connections per origin, driven without urlopen (``_free_list``).
        self._free: FreeLists | None = None
        if self._owned and not isinstance(self._pool, urllib3.ProxyManager):
            # Imported when first needed, as h11 with it: an import of the client stays light.
            from ._free_list import FreeLists

            self._free = FreeLists(self._pool, keep=32)

    def handle_request(self, request: Request, timeout: Timeout) -> Response:
        if self._forks != _forks:
            self._forked()
        started = monotonic()
        deadline = timeout.deadline
        if deadline is None:
            alarm = None
            limits = self._timeouts.get(timeout) or self._timeout(timeout)
        else:
            alarm = WATCHDOG.arm(deadline)
            limits = AttemptTimeout(timeout.connect, timeout.read, deadline, alarm)
        url = request.url
        pool: urllib3.PoolManager = self._pool
        try:
            if self._env is not None and (routed := self._env.route(url)) is not None:
                pool = routed  # through the proxy, by the whole URL
            elif self._free is not None:
                return self._own(self._free, request, limits, alarm, started)
            headers = dict(request.headers)
            headers.setdefault("accept-encoding", ACCEPT_ENCODING)
            reply = pool.urlopen(
                request.method,
                url,
                body=request.body or None,
                headers=headers,
                timeout=limits,
                retries=False,  # overrides a Retry configured on the pool
                redirect=False,
                preload_content=False,
                decode_content=False,  # the raw bytes: BodyReader decodes, bounded
            )
        except TransportError:
            raise  # complete already (the own connections' deadline)
        except BaseException as exc:
            fired = alarm is not None and WATCHDOG.disarm(alarm)
            forget_secrets(exc, request.headers)  # what urllib3, http.client, h11 made of them
            if not isinstance(exc, u3.HTTPError):
                raise
            # MaxRetryError: defensive, only a Retry object wraps errors like this.
            cause = exc.reason or exc if isinstance(exc, u3.MaxRetryError) else exc
            kind, limit = _kind(cause, timeout)
            if fired and not _never_connected(kind, cause):
                # Whatever urllib3 made of the shut-down socket (even a proxy error), the
                # attempt ran out of time; a failed connect is still reported as one. The
                # shot's own effect ("connection reset by peer", or none) is no reason to word:
                # the words are the deadline's alone, as when the body phase reports it.
                words = None
                kind, limit = "deadline", deadline
            else:
                words = exc
            raise self._failure(kind, request, started, words, limit, pool) from exc
        # Our connections aimed the alarm at their socket already (then only whether it fired
        # is asked); any other is stopped through urllib3's HTTPResponse.shutdown (None before
        # urllib3 2.3).
        if alarm is not None and (
            alarm.fired
            if alarm.shot is not None
            else WATCHDOG.aim(alarm, getattr(reply, "shutdown", None))
        ):
            reply.close()
            reply.release_conn()
            raise self._failure("deadline", request, started, None, deadline)
        try:
            body = self._read(reply, alarm, request, started)
        except u3.HTTPError as exc:
            kind, limit = _kind(exc, timeout)
            raise self._failure(kind, request, started, exc, limit, pool) from exc
        # Headers read from urllib3 only if asked for: a successful call seldom does.
        return body.response(reply.status, DeferredHeaders(reply.headers.items))

    def _own(
        self,
        free: FreeLists,
        request: Request,
        limits: urllib3.Timeout,
        alarm: Alarm | None,
        started: float,
    ) -> Response:
        """``request`` on a kept connection of its origin (``_free_list``, ``_http11``): the
        raw body fed to a ``BodyReader`` up to ``max_body``, the connection kept only if its
        answer was read to the end. Errors are urllib3's, as urlopen raises them, for
        ``handle_request`` to report as on the urlopen path."""
        url = request.url
        end = _origin_end(url)
        prefix, target = url[:end], url[end:] or "/"
        if not _plain_target(target) or "/." in target:
            # As PoolManager.urlopen sends it: percent-encoded, dot segments and any fragment
            # gone (urllib3's parse_url). The SDK's own paths are plain already.
            target = parse_url(url).request_uri
        origin = free.origin(prefix)  # a bad port or host: urllib3's error
        connection = origin.checkout()
        try:
            status, raw = connection.request(origin, request, target, limits, alarm)
            content = BodyReader(_coding(raw), self._max_body)
            connection.receive(content.feed, alarm, origin.pool)
        except BaseException:
            connection.close()  # half-used: never back to the free list (closed before disarm)
            raise
        # Disarmed before the connection may go back: no shot can hit it there.
        if alarm is not None and WATCHDOG.disarm(alarm):
            connection.close()
            raise self._failure("deadline", request, started, None, alarm.seconds)
        free.put_back(origin, connection)  # or closed, if it may not carry another request
        # Headers decoded only if asked for: a successful call seldom does.
        return content.response(status, DeferredHeaders(functools.partial(_decoded, raw)))

    def _failure(
        self,
        kind: Failure,
        request: Request,
        started: float,
        cause: BaseException | None,
        limit: float | None,
        pool: object = None,
    ) -> TransportError:
        proxy = getattr(pool or self._pool, "proxy", None)
        return transport_failure(
            kind,
            request,
            seconds=monotonic() - started,
            cause=cause,
            reason=_reason(cause),
            limit=limit,
            proxy=None if proxy is None else str(proxy),
        )

    def _forked(self) -> None:
        """In a forked child: drop the connections inherited from the parent (closing the
        child's copies of their sockets sends nothing: the parent's are untouched)."""
        self._forks = _forks
        if self._free is not None:
            self._free.clear()
        if self._env is not None:
            self._env.clear()
        self._pool.clear()

    def _timeout(self, timeout: Timeout) -> urllib3.Timeout:
        if len(self._timeouts) >= 64:  # per-call timeouts vary rarely; never grow unbounded
            self._timeouts.clear()
        value = urllib3.Timeout(connect=timeout.connect, read=timeout.read, total=timeout.deadline)
        self._timeouts[timeout] = value
        return value

    def _read(
        self,
        reply: urllib3.BaseHTTPResponse,
        alarm: Alarm | None,
        request: Request,
        started: float,
    ) -> BodyReader:
        headers = reply.headers  # ``in`` first: a missing key's KeyError costs more than a read
        coding = headers["content-encoding"] if "content-encoding" in headers else None
        body = BodyReader(coding, self._max_body)
        clean = False
        error: BaseException | None = None
        try:
            length = reply.length_remaining
            if (
                coding is None
                and length is not None
                and _CHUNK < length <= self._max_body
                and (alarm is None or alarm.shot is not None)
            ):
                # A plain body of known size over a chunk and within the cap, on a read the
                # alarm can stop: one read into one buffer of its size (no chunks to join).
                # A smaller one comes in one read1 anyway, which costs less than read.
                body.feed(reply.read(decode_content=False))
                clean = reply.length_remaining == 0
            else:
                clean = self._drain(reply, alarm, body)
        except BaseException as exc:
            error = exc
        # Disarmed before the connection may go back to the pool: no shot can hit it there.
        fired = alarm is not None and WATCHDOG.disarm(alarm)
        if fired or not clean:
            reply.close()  # a half-read or shut-down connection must not go back to the pool
        reply.release_conn()
        if fired and alarm is not None:
            raise self._failure("deadline", request, started, None, alarm.seconds) from error
        if error is not None:
            raise error
        return body

    def _drain(
        self, reply: urllib3.BaseHTTPResponse, alarm: Alarm | None, body: BodyReader
    ) -> bool:
        """Feed ``body`` the raw bytes; whether they were read to their end."""
        while True:
            # read1: whatever has arrived (up to _CHUNK), so a trickle still meets the check
            chunk = reply.read1(_CHUNK, decode_content=False)
            if not chunk:
                return True
            if body.feed(chunk):
                return False  # past max_body, or undecodable: the rest is not read
            if alarm is not None and alarm.fired:  # a pool whose reads no shot can stop
                return False
            if reply.length_remaining == 0:
                # The whole content-length body is in: skip the empty last read.
                return True

    def close(self) -> None:
        if self._owned:
            if self._free is not None:
                self._free.clear()
            if self._env is not None:
                self._env.clear()
            self._pool.clear()


def own_pools(
    verify: bool | ssl.SSLContext, proxy: str | None, trust_env: bool, **options: Any
) -> tuple[urllib3.PoolManager, _EnvironmentProxies | None]:
    """The pool of our own connections for ``verify``, ``proxy`` and ``trust_env`` (``options``
    as urllib3 takes them), and the ``*_PROXY`` environment's routes when it sets any: one
    rule for the API transport and the archive download path alike."""
    options = {**_tls_options(verify), **options}
    if proxy is not None:
        return proxy_manager(proxy, **options), None
    proxies = urllib.request.getproxies_environment() if trust_env else {}
    routes = _EnvironmentProxies(proxies, options) if any(s != "no" for s in proxies) else None
    return pool_manager(**options), routes


def _tls_options(verify: bool | ssl.SSLContext) -> dict[str, Any]:
    """urllib3 pool keywords for ``verify``: the default, an SSLContext, or verification off
    (whose connections do not repeat urllib3's warning on every request: the client logged
    one when it was built)."""
    if verify is True:
        return {}
    if isinstance(verify, ssl.SSLContext):
        return {"ssl_context": verify}
    if verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return {"ssl_context": context, "cert_reqs": "CERT_NONE", "unverified": True}
    raise ValidationError("verify", f"must be True, False or an ssl.SSLContext, not {verify!r:.60}")


class _EnvironmentProxies:
    """Routes by the ``*_PROXY`` environment settings read when the transport was built: one
    ``proxy_manager`` per proxy URL, the choice remembered per origin (64 at most)."""

    def __init__(self, proxies: dict[str, str], options: dict[str, Any]) -> None:
        self._proxies = proxies
        self._options = options
        self._managers: dict[str, urllib3.ProxyManager] = {}
        self._routes: dict[str, urllib3.ProxyManager | None] = {}

    def route(self, url: str) -> urllib3.ProxyManager | None:
        """The manager of ``url``'s proxy, or None to go direct (``NO_PROXY``, or none set)."""
        prefix = url[: _origin_end(url)]
        if prefix in self._routes:
            return self._routes[prefix]
        if len(self._routes) >= 64:
            self._routes.clear()
        scheme, _, netloc = prefix.partition("://")
        proxy = self._proxies.get(scheme) or self._proxies.get("all")
        manager = None
        bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
        if proxy and not bypass(netloc, self._proxies):
            manager = self._managers.get(proxy)
            if manager is None:
                manager = self._managers[proxy] = proxy_manager(proxy, **self._options)
        self._routes[prefix] = manager
        return manager

    def clear(self) -> None:
        """Close every proxy connection (in a forked child: the child's copies only)."""
        for manager in self._managers.values():
            manager.clear()


def _never_connected(kind: Failure, exc: BaseException) -> bool:
    """Whether the failure happened before there was a connection (so not at the deadline,
    which is aimed once the request is sent): a proxy error only if the proxy was unreachable."""
    if kind == "proxy":
        return isinstance(getattr(exc, "original_error", None), u3.NewConnectionError)
    return kind in ("connect", "connect_timeout", "pool_full", "tls")


def _kind(exc: BaseException, timeout: Timeout) -> tuple[Failure, float | None]:
    """What ``exc`` (urllib3's) says went wrong, and the timeout that ran out, if one did."""
    if isinstance(exc, u3.ProxyError):
        return "proxy", None
    if isinstance(exc, u3.SSLError):
        return "tls", None
    # NewConnectionError subclasses ConnectTimeoutError in urllib3: test it first.
    if isinstance(exc, u3.NewConnectionError):
        return "connect", None
    if isinstance(exc, u3.ConnectTimeoutError):
        return "connect_timeout", timeout.connect
    if isinstance(exc, u3.EmptyPoolError):
        return "pool_full", timeout.connect
    if isinstance(exc, (u3.ReadTimeoutError, u3.TimeoutError)):
        return "read_timeout", timeout.read
    return "exchange", None


def _reason(exc: BaseException | None) -> str | None:
    """Our words for a failure the OS gives none for (the server hung up, the answer was not
    HTTP); None leaves it to the OS's or TLS library's words."""
    for error in causes(exc):
        if isinstance(error, OSError) and error.errno is not None:
            return None
        if isinstance(error, http.client.RemoteDisconnected):
            return "the server closed the connection without answering"
        if isinstance(error, http.client.IncompleteRead | u3.IncompleteRead):
            return "the connection closed before the whole answer arrived"
        if isinstance(error, http.client.BadStatusLine | http.client.LineTooLong):
            return "the answer is not HTTP/1.1"
    return None


def _origin_end(url: str) -> int:
    """Where ``url``'s scheme://host:port ends (the path's first slash, or the end)."""
    at = url.find("/", url.find("//") + 2)
    return len(url) if at < 0 else at


#: A request target sent as it is: the characters a path and query may hold unencoded (RFC 3986
#: section 3.3 and 3.4), no "%" (urllib3 re-cases escapes), no fragment.
_plain_target = re.compile(r"/[A-Za-z0-9\-._~!$&'()*+,;=:@/?]*").fullmatch


def _decoded(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    """An answer's headers as http.client decodes them (ISO-8859-1)."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in raw]


def _coding(raw: list[tuple[bytes, bytes]]) -> str | None:
    """The answer's content-encoding, as urllib3's headers give it (several joined)."""
    codings = [value for name, value in raw if name.lower() == b"content-encoding"]
    return b", ".join(codings).decode("latin-1") if codings else None
