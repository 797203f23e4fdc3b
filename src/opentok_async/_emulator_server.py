"""The emulator over real HTTP: an asyncio server speaking HTTP/1.1 through h11.

Why this server: a stdlib ``ThreadingHTTPServer`` measured ~900 req/s with 50 concurrent
keep-alive connections on the 2-core reference machine before doing any work (a thread per
connection, the GIL, ``email``-based header parsing); asyncio + h11 measured ~3,500 req/s for
the same trivial answer and ~2,000 req/s with the full emulator behind it (see
docs/emulator.md). h11 is already installed (httpx depends on it), so this adds no
dependency, and one event loop handles delays (fault injection) without tying up threads.

The pure ``Emulator`` decides everything; this adapter parses and writes HTTP, sleeps for
delay faults, aborts connections for drop faults, and hands callback events to a background
poster thread (urllib3, bounded timeouts) so a slow receiver never stalls the loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import http
import logging
import queue
import threading
from collections.abc import Iterable

import h11
import urllib3

from opentok_core import Request, Response
from opentok_core.emulator import Callback, Emulator

__all__ = ["CallbackPoster", "EmulatorServer"]

logger = logging.getLogger("opentok.emulator")

MAX_BODY = 8 * 1024 * 1024
SERVER = "opentok-py-emulator"
_NO_BODY_STATUSES = (204, 304)


class CallbackPoster:
    """POSTs callback events in order from one background thread (bounded timeouts)."""

    def __init__(self, *, connect_timeout: float = 2.0, read_timeout: float = 5.0) -> None:
        self._queue: queue.Queue[Callback | None] = queue.Queue()
        self._pool = urllib3.PoolManager(
            retries=False, timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout)
        )
        self._thread = threading.Thread(target=self._run, name="emulator-callbacks", daemon=True)
        self._thread.start()

    def submit(self, callbacks: Iterable[Callback]) -> None:
        for callback in callbacks:
            self._queue.put(callback)

    def _run(self) -> None:
        while True:
            callback = self._queue.get()
            if callback is None:
                return
            try:
                reply = self._pool.request(
                    "POST",
                    callback.url,
                    body=callback.body,
                    headers={"content-type": "application/json", "user-agent": SERVER},
                )
                if reply.status >= 300:
                    logger.warning("callback %s answered %d", callback.url, reply.status)
            except urllib3.exceptions.HTTPError as exc:
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
        self._pool.clear()


class EmulatorServer:
    """Serve ``emulator`` on ``host:port`` (port 0 picks a free one).

    Run it on an event loop (``await start()`` / ``await serve_forever()``), or in a background
    thread with ``start_in_thread()`` / ``stop()`` (also a context manager) for tests.
    """

    def __init__(self, emulator: Emulator, host: str = "127.0.0.1", port: int = 0) -> None:
        self.emulator = emulator
        self.host = host
        self.port = port
        self.callbacks = CallbackPoster()
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
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
        self._server = await asyncio.start_server(
            self._serve_connection, self.host, self.port, backlog=1024
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def serve_forever(self) -> None:
        """Serve until ``aclose()`` (or until the task is cancelled, e.g. by Ctrl-C)."""
        if self._server is None:
            await self.start()
        assert self._stopped is not None
        try:
            await self._stopped.wait()
        finally:
            await self._shutdown()

    async def aclose(self) -> None:
        if self._stopped is not None:
            self._stopped.set()

    async def _shutdown(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        # Abort open keep-alive connections: their handlers see EOF and finish on their own.
        for writer in list(self._writers):
            writer.transport.abort()
        for _ in range(100):
            if not self._writers:
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

    async def _serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._writers.add(writer)
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=64 * 1024)
        try:
            while await self._exchange(conn, reader, writer):
                conn.start_next_cycle()
        except h11.RemoteProtocolError as exc:
            await self._bad_request(conn, writer, str(exc))
        except (ConnectionError, asyncio.IncompleteReadError, h11.LocalProtocolError):
            pass
        finally:
            self._writers.discard(writer)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    @staticmethod
    async def _next(conn: h11.Connection, reader: asyncio.StreamReader) -> object:
        while True:
            event = conn.next_event()
            if event is not h11.NEED_DATA:
                return event
            conn.receive_data(await reader.read(65536))

    async def _exchange(
        self, conn: h11.Connection, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        event = await self._next(conn, reader)
        if not isinstance(event, h11.Request):
            return False
        if conn.they_are_waiting_for_100_continue:
            writer.write(conn.send(h11.InformationalResponse(status_code=100, headers=[])))
        body = bytearray()
        while True:
            part = await self._next(conn, reader)
            if isinstance(part, h11.Data):
                body += part.data
                if len(body) > MAX_BODY:
                    raise h11.RemoteProtocolError("request body too large")
            elif isinstance(part, h11.EndOfMessage):
                break
            else:
                return False
        reply = self.emulator.handle(self._request(event, bytes(body)))
        if reply.callbacks:
            self.callbacks.submit(reply.callbacks)
        if reply.delay > 0:
            await asyncio.sleep(reply.delay)
        if reply.drop:
            writer.transport.abort()
            return False
        await self._respond(conn, writer, reply.response)
        return conn.our_state is h11.DONE and conn.their_state is h11.DONE

    def _request(self, event: h11.Request, body: bytes) -> Request:
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in event.headers]
        host = next((v for k, v in headers if k == "host"), f"{self.host}:{self.port}")
        target = event.target.decode("latin-1")
        method = event.method.decode("latin-1")
        try:
            return Request(method, f"http://{host}{target}", headers, body)
        except ValueError:
            # An HTTP method the API never uses: route it so the emulator answers 405/404.
            return Request("OPTIONS", f"http://{host}{target}", headers, body)

    @staticmethod
    async def _respond(
        conn: h11.Connection, writer: asyncio.StreamWriter, response: Response
    ) -> None:
        headers = [(k, v) for k, v in response.headers if k not in ("content-length", "server")]
        headers.append(("server", SERVER))
        body = response.body
        if response.status in _NO_BODY_STATUSES:
            body = b""
        else:
            headers.append(("content-length", str(len(body))))
        try:
            reason = http.HTTPStatus(response.status).phrase.encode()
        except ValueError:
            reason = b""
        out = conn.send(h11.Response(status_code=response.status, headers=headers, reason=reason))
        if body:
            out += conn.send(h11.Data(data=body))
        out += conn.send(h11.EndOfMessage())
        writer.write(out)
        await writer.drain()

    async def _bad_request(
        self, conn: h11.Connection, writer: asyncio.StreamWriter, why: str
    ) -> None:
        if conn.our_state not in (h11.IDLE, h11.SEND_RESPONSE):
            return
        from opentok_core.emulator._wire import error

        with contextlib.suppress(Exception):
            response = error(400, f"Malformed HTTP request: {why}")
            headers = [*response.headers, ("content-length", str(len(response.body)))]
            headers.append(("connection", "close"))
            writer.write(conn.send(h11.Response(status_code=400, headers=headers)))
            writer.write(conn.send(h11.Data(data=response.body)) + conn.send(h11.EndOfMessage()))
            await writer.drain()
