"""The emulator over real HTTP: an asyncio server speaking HTTP/1.1 through h11.

Why this server: a stdlib ``ThreadingHTTPServer`` measured ~900 req/s with 50 concurrent
keep-alive connections on the 2-core reference machine before doing any work (a thread per
connection, the GIL, ``email``-based header parsing). asyncio with h11 (already a dependency,
through httpx) keeps one event loop that waits out delay faults without tying up threads, and
leaves HTTP/1.1 parsing to a maintained, strict implementation (``_protocol``) rather than a
hand-written one; the throughput measured with it is in docs/emulator.md.

The pure ``Emulator`` decides everything; this adapter parses and writes HTTP, waits for
delay faults, aborts connections for drop faults, and hands callback events to a background
poster thread (``http.client``, bounded timeouts) so a slow receiver never stalls the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import ipaddress
import logging
import queue
import re
import threading
from collections.abc import Iterable
from urllib.parse import urlsplit

from opentok_core import Request, ValidationError

from ._context import Callback, Reply
from ._core import Emulator
from ._guard import allowed_hosts, control_refusal
from ._protocol import SERVER, Incoming, ServerConnection
from ._wire import error

__all__ = ["CallbackPoster", "EmulatorServer", "loopback_warning"]

logger = logging.getLogger("opentok.emulator")

#: Seconds a connection may sit with no request in progress (AWS load balancers' default).
IDLE_TIMEOUT = 60.0
#: Seconds a request may take to arrive, head and body, from its first byte: trickling bytes
#: does not extend it (a REST request arrives in milliseconds; Apache's mod_reqtimeout allows
#: 20-40 s for a head).
REQUEST_TIMEOUT = 30.0
#: Below this the sweeper would spin and close connections before their first request.
MIN_TIMEOUT = 0.05
#: A Host value that can only name a host: anything else could move the request's path.
_HOST = re.compile(r"[A-Za-z0-9.\-_:\[\]]*")


def loopback_warning(host: str) -> str | None:
    """What to tell the user who binds the server to ``host``, when that reaches beyond this
    machine (None for a loopback address or ``localhost``)."""
    if host.lower() == "localhost":
        return None
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return None
    except ValueError:
        pass
    return (
        f"warning: the emulator listens on {host}, beyond this machine: whoever reaches it can "
        "use the REST API with its credentials. Its control API (no authentication) answers "
        f"only requests addressed to {host}, localhost or 127.0.0.1."
    )


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
        request_timeout: float = REQUEST_TIMEOUT,
    ) -> None:
        _check_timeout("idle_timeout", idle_timeout)
        _check_timeout("request_timeout", request_timeout)
        self.emulator = emulator
        self.host = host
        self.port = port
        #: A connection with no answer pending and no new bytes for this long is closed, as a
        #: real service does: an idle keep-alive connection silently, a request still arriving
        #: (a client too slow to send it) with a 408 first.
        self.idle_timeout = idle_timeout
        #: A request whose head and body have not all arrived this long after its first byte
        #: gets a 408 and the connection is closed, however steadily it trickles.
        self.request_timeout = request_timeout
        self._sweeper: asyncio.Task[None] | None = None
        self._serving = False
        self.callbacks = CallbackPoster()
        self._server: asyncio.Server | None = None
        self._connections: set[ServerConnection] = set()
        self._hosts = allowed_hosts(host, port)
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
        self._hosts = allowed_hosts(self.host, self.port)
        warning = loopback_warning(self.host)
        if warning is not None:
            logger.warning("%s", warning)
        self._sweeper = asyncio.ensure_future(self._sweep())

    async def _sweep(self) -> None:
        """Enforce the idle and request deadlines (a sweep a quarter of the shorter one apart,
        so a deadline is met between 1 and 1.25 times its length after it started)."""
        assert self._loop is not None
        while True:
            await asyncio.sleep(min(self.idle_timeout, self.request_timeout) / 4)
            now = self._loop.time()
            for connection in list(self._connections):
                connection.expire(now, self.idle_timeout, self.request_timeout)

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
        # Abort open keep-alive connections (and any answer a delay fault still holds) before
        # waiting for the listener: from Python 3.12.1 Server.wait_closed() waits for every
        # connection too, so waiting first never returned once a client kept one open (Ctrl-C
        # did not stop `opentok emulator` on 3.13; found by make test-matrix).
        for connection in list(self._connections):
            connection.abort()
        for _ in range(100):
            if not self._connections:
                break
            await asyncio.sleep(0.01)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None
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

    def _protocol(self) -> ServerConnection:
        return ServerConnection(self._reply, self._connections)

    def _request(self, incoming: Incoming) -> Request:
        host = next((v for k, v in incoming.headers if k == "host"), "")
        if not host or not _HOST.fullmatch(host):  # "a/_emulator/reset#" must not route there
            host = f"{self.host}:{self.port}"
        url = f"http://{host}{incoming.target}"
        try:
            return Request(incoming.method, url, incoming.headers, incoming.body)
        except ValueError:
            # A method the API never uses: route it as OPTIONS so the emulator answers 404/405.
            return Request("OPTIONS", url, incoming.headers, incoming.body)

    def _reply(self, incoming: Incoming) -> Reply:
        refusal = control_refusal(
            incoming.method, incoming.target, incoming.headers, incoming.body, self._hosts
        )
        if refusal is not None:
            return Reply(refusal)
        try:
            reply = self.emulator.handle(self._request(incoming))
        except Exception:  # a bug in the emulator must not kill the connection silently
            logger.exception("the emulator failed on %s %s", incoming.method, incoming.target)
            reply = Reply(error(500, "Emulator internal error"))
        if reply.callbacks:
            self.callbacks.submit(reply.callbacks)
        return reply


def _check_timeout(name: str, value: float) -> None:
    if isinstance(value, bool) or not (isinstance(value, (int, float)) and value >= MIN_TIMEOUT):
        raise ValidationError(name, f"must be a number of seconds, at least {MIN_TIMEOUT:g}")
