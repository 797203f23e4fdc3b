"""The emulator over real HTTP: an asyncio server with a small HTTP/1.1 protocol.

Why this server: a stdlib ``ThreadingHTTPServer`` measured ~900 req/s with 50 concurrent
keep-alive connections on the 2-core reference machine before doing any work (a thread per
connection, the GIL, ``email``-based header parsing). asyncio + h11 did ~3,500 req/s for a
trivial answer, but h11's parsing then cost more than the emulator itself; the hand-written
protocol in ``_http11`` (what REST clients send: Content-Length and chunked bodies,
100-continue, keep-alive, pipelining) does ~9,000 req/s for the same trivial answer. No
dependency is added, and one event loop waits out delay faults without tying up threads.

The pure ``Emulator`` decides everything; this adapter parses and writes HTTP, waits for
delay faults, aborts connections for drop faults, and hands callback events to a background
poster thread (``http.client``, bounded timeouts) so a slow receiver never stalls the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import logging
import queue
import threading
from collections.abc import Iterable
from urllib.parse import urlsplit

from opentok_core import Request, ValidationError

from ._context import Callback, Reply
from ._core import Emulator
from ._http11 import Parsed, ParseError, RequestParser, response_bytes
from ._wire import error

__all__ = ["CallbackPoster", "EmulatorServer"]

logger = logging.getLogger("opentok.emulator")

SERVER = "opentok-py-emulator"
#: Unparsed bytes a connection may hold before the server stops reading from it.
MAX_BUFFERED = 1024 * 1024
#: Seconds a connection may sit with no request in progress (AWS load balancers' default).
IDLE_TIMEOUT = 60.0
#: Below this the sweeper would spin and close connections before their first request.
MIN_IDLE_TIMEOUT = 0.05


class CallbackPoster:
    """POSTs callback events in order from one background thread (bounded timeouts).

    The standard library's ``http.client`` is enough for one sequential POST at a time, and
    keeps the emulator off the clients' HTTP stacks (it imports neither client).
    """

    def __init__(self, *, connect_timeout: float = 2.0, read_timeout: float = 5.0) -> None:
        self._queue: queue.Queue[Callback | None] = queue.Queue()
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._thread = threading.Thread(target=self._run, name="emulator-callbacks", daemon=True)
        self._thread.start()

    def submit(self, callbacks: Iterable[Callback]) -> None:
        for callback in callbacks:
            self._queue.put(callback)

    def _post(self, callback: Callback) -> int:
        url = urlsplit(callback.url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"not an http(s) URL: {callback.url!r}")
        factory = (
            http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        )
        conn = factory(url.hostname, url.port, timeout=self._connect_timeout)
        try:
            conn.connect()
            if conn.sock is not None:
                conn.sock.settimeout(self._read_timeout)
            target = (url.path or "/") + (f"?{url.query}" if url.query else "")
            headers = {"content-type": "application/json", "user-agent": SERVER}
            headers.update(callback.headers)  # the signed authorization, when there is one
            conn.request("POST", target, body=callback.body, headers=headers)
            reply = conn.getresponse()
            reply.read()
            return reply.status
        finally:
            conn.close()

    def _run(self) -> None:
        while True:
            callback = self._queue.get()
            if callback is None:
                return
            try:
                status = self._post(callback)
                if status >= 300:
                    logger.warning("callback %s answered %d", callback.url, status)
            except (OSError, ValueError, http.client.HTTPException) as exc:
                logger.warning("callback to %s failed: %s", callback.url, exc)
            finally:
                self._queue.task_done()

    def flush(self, timeout: float = 5.0) -> None:
        """Wait (bounded) until every queued event has been attempted."""
        done = threading.Event()

        def waiter() -> None:
            self._queue.join()
            done.set()

        threading.Thread(target=waiter, daemon=True).start()
        done.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)


class EmulatorServer:
    """Serve ``emulator`` on ``host:port`` (port 0 picks a free one).

    Run it on an event loop (``await start()`` / ``await serve_forever()``), or in a background
    thread with ``start_in_thread()`` / ``stop()`` (also a context manager) for tests.
    """

    def __init__(
        self,
        emulator: Emulator,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        idle_timeout: float = IDLE_TIMEOUT,
    ) -> None:
        if isinstance(idle_timeout, bool) or not (
            isinstance(idle_timeout, (int, float)) and idle_timeout >= MIN_IDLE_TIMEOUT
        ):
            raise ValidationError(
                "idle_timeout", f"must be a number of seconds, at least {MIN_IDLE_TIMEOUT:g}"
            )
        self.emulator = emulator
        self.host = host
        self.port = port
        #: A connection with no answer pending and no new bytes for this long is closed, as a
        #: real service does: an idle keep-alive connection silently, a request still arriving
        #: (a client too slow to send it) with a 408 first.
        self.idle_timeout = idle_timeout
        self._sweeper: asyncio.Task[None] | None = None
        self._serving = False
        self.callbacks = CallbackPoster()
        self._server: asyncio.Server | None = None
        self._connections: set[_Connection] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stopped: asyncio.Event | None = None

    @property
    def url(self) -> str:
        """The base URL to give clients as ``api_url``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopped = asyncio.Event()
        self._server = await self._loop.create_server(
            self._protocol, self.host, self.port, backlog=1024
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._sweeper = asyncio.ensure_future(self._sweep())

    async def _sweep(self) -> None:
        """Close connections idle past ``idle_timeout`` (one sweep a quarter of it apart, so
        a connection goes between 1 and 1.25 timeouts after its last byte)."""
        assert self._loop is not None
        while True:
            await asyncio.sleep(self.idle_timeout / 4)
            cutoff = self._loop.time() - self.idle_timeout
            for connection in list(self._connections):
                connection.expire_if_idle_since(cutoff)

    async def serve_forever(self) -> None:
        """Serve until ``aclose()`` (or until the task is cancelled, e.g. by Ctrl-C)."""
        if self._server is None:
            await self.start()
        assert self._stopped is not None
        self._serving = True
        try:
            await self._stopped.wait()
        finally:
            self._serving = False
            await self._shutdown()

    async def aclose(self) -> None:
        """Stop serving: ``serve_forever`` returns, or, after a bare ``start()``, the listener,
        the idle sweeper and open connections are closed here."""
        if self._stopped is not None:
            self._stopped.set()
        if not self._serving:
            await self._shutdown()

    async def _shutdown(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        # Abort open keep-alive connections (and any answer a delay fault still holds).
        for connection in list(self._connections):
            connection.abort()
        for _ in range(100):
            if not self._connections:
                break
            await asyncio.sleep(0.01)
        self.callbacks.close()

    # Thread mode --------------------------------------------------------------------------

    def start_in_thread(self, timeout: float = 10.0) -> EmulatorServer:
        """Run the server on its own event loop in a daemon thread; return once listening."""
        ready = threading.Event()
        failure: list[BaseException] = []

        async def main() -> None:
            try:
                await self.start()
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                raise
            ready.set()
            await self.serve_forever()

        def run() -> None:
            with contextlib.suppress(Exception):
                asyncio.run(main())

        self._thread = threading.Thread(target=run, name="opentok-emulator", daemon=True)
        self._thread.start()
        ready.wait(timeout)
        if failure:
            raise failure[0]
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop a server started with ``start_in_thread`` (bounded wait)."""
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self.aclose()))
            thread.join(timeout)

    def __enter__(self) -> EmulatorServer:
        return self.start_in_thread()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # HTTP ---------------------------------------------------------------------------------

    def _protocol(self) -> _Connection:
        return _Connection(self)

    def _request(self, parsed: Parsed) -> Request:
        host = next((v for k, v in parsed.headers if k == "host"), f"{self.host}:{self.port}")
        url = f"http://{host}{parsed.target}"
        try:
            return Request(parsed.method, url, parsed.headers, parsed.body)
        except ValueError:
            # A method the API never uses: route it as OPTIONS so the emulator answers 404/405.
            return Request("OPTIONS", url, parsed.headers, parsed.body)

    def _reply(self, parsed: Parsed) -> Reply:
        try:
            reply = self.emulator.handle(self._request(parsed))
        except Exception:  # a bug in the emulator must not kill the connection silently
            logger.exception("the emulator failed on %s %s", parsed.method, parsed.target)
            reply = Reply(error(500, "Emulator internal error"))
        if reply.callbacks:
            self.callbacks.submit(reply.callbacks)
        return reply


class _Connection(asyncio.Protocol):
    """One client connection: parse, answer in order (pipelining), honour delay and drop."""

    def __init__(self, server: EmulatorServer) -> None:
        self._server = server
        self._parser = RequestParser()
        self._transport: asyncio.Transport | None = None
        self._busy = False  # a delayed answer is pending
        self._paused = False  # the client is not reading: stop answering
        self._closing = False
        self._timer: asyncio.TimerHandle | None = None
        self._reading_paused = False
        self._loop = asyncio.get_running_loop()
        self._last_active = self._loop.time()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._server._connections.add(self)

    def expire_if_idle_since(self, cutoff: float) -> None:
        """Close this connection if nothing happened on it since ``cutoff`` (loop time) and no
        answer is pending; a request it was still receiving gets a 408 first."""
        if self._busy or self._closing or self._last_active > cutoff:
            return
        if self._paused:  # the client stopped reading our answer long ago: drop it
            self._closing = True
            self.abort()
            return
        if self._parser.buffered and self._transport is not None:
            response = error(408, "Request Timeout: the request did not arrive in time")
            self._transport.write(
                response_bytes(408, response.headers, response.body, keep_alive=False)
            )
        self._close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._closing = True
        if self._timer is not None:
            self._timer.cancel()
        self._server._connections.discard(self)

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        self._last_active = self._loop.time()  # a slow but steady reader is not idle
        self._pump()

    def data_received(self, data: bytes) -> None:
        self._last_active = self._loop.time()
        self._parser.feed(data)
        self._pump()
        stalled = self._busy or self._paused
        if stalled and self._parser.buffered > MAX_BUFFERED and self._transport is not None:
            # Pipelined requests pile up behind a delayed answer: stop reading for a while.
            self._transport.pause_reading()
            self._reading_paused = True

    def abort(self) -> None:
        if self._transport is not None:
            self._transport.abort()

    def _pump(self) -> None:
        transport = self._transport
        assert transport is not None
        if self._reading_paused and not (self._busy or self._paused or self._closing):
            self._reading_paused = False
            transport.resume_reading()
        while not (self._busy or self._paused or self._closing):
            try:
                parsed = self._parser.next()
            except ParseError as exc:
                response = error(exc.status, f"Malformed HTTP request: {exc.message}")
                transport.write(
                    response_bytes(exc.status, response.headers, response.body, keep_alive=False)
                )
                self._close()
                return
            if parsed is None:
                if self._parser.wants_continue():
                    transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                return
            reply = self._server._reply(parsed)
            if reply.delay > 0:
                self._busy = True
                loop = asyncio.get_running_loop()
                self._timer = loop.call_later(reply.delay, self._finish_later, reply, parsed)
                return
            self._answer(reply, parsed)

    def _finish_later(self, reply: Reply, parsed: Parsed) -> None:
        self._busy, self._timer = False, None
        if self._closing:
            return
        self._answer(reply, parsed)
        self._pump()

    def _answer(self, reply: Reply, parsed: Parsed) -> None:
        transport = self._transport
        assert transport is not None
        self._last_active = self._loop.time()  # a delayed answer restarts the idle clock
        if reply.drop:
            self._closing = True
            transport.abort()
            return
        response = reply.response
        headers = (*response.headers, ("server", SERVER))
        transport.write(
            response_bytes(
                response.status,
                headers,
                response.body,
                keep_alive=parsed.keep_alive,
                head_only=parsed.method == "HEAD",
            )
        )
        if not parsed.keep_alive:
            self._close()

    def _close(self) -> None:
        self._closing = True
        if self._transport is not None:
            self._transport.close()
