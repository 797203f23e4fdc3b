"""A canned loopback HTTP server for adapter tests (port 0, stopped by the test)."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentok_core import Request, Response

Handler = Callable[[Request], Response]


@contextmanager
def serve(handler: Handler) -> Iterator[tuple[str, list[Request]]]:
    """Serve ``handler`` on 127.0.0.1 (keep-alive); yield the base URL and the requests seen."""
    seen: list[Request] = []

    class _H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            url = f"http://{self.headers.get('host')}{self.path}"
            request = Request(self.command, url, list(self.headers.items()), body)
            seen.append(request)
            response = handler(request)
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            self.send_header("content-length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), _H)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# A raw fault server: what the emulator cannot do (a body cut mid-way, a body trickled). -------

RawBehaviour = Callable[[socket.socket, bytes], None]


def _head(status: int, length: int, extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n"
        f"connection: close\r\n{extra}\r\n"
    ).encode()


def full(body: bytes, status: int = 200, headers: str = "") -> RawBehaviour:
    """Answer ``status`` with ``body``, then close."""

    def act(sock: socket.socket, request: bytes) -> None:
        sock.sendall(_head(status, len(body), headers) + body)

    return act


def cut(body: bytes, keep: int, status: int = 200) -> RawBehaviour:
    """Promise all of ``body`` but send only ``keep`` bytes of it, then drop the connection."""

    def act(sock: socket.socket, request: bytes) -> None:
        sock.sendall(_head(status, len(body)) + body[:keep])

    return act


def trickle(body: bytes, every: float, status: int = 200) -> RawBehaviour:
    """Send the headers, then ``body`` one byte every ``every`` seconds (a slow-loris answer)."""

    def act(sock: socket.socket, request: bytes) -> None:
        sock.sendall(_head(status, len(body)))
        for i in range(len(body)):
            time.sleep(every)
            sock.sendall(body[i : i + 1])

    return act


def stall(body: bytes, after: int, pause: float, status: int = 200) -> RawBehaviour:
    """Send the headers and ``after`` bytes of ``body`` at once, then nothing for ``pause``
    seconds, then the rest."""

    def act(sock: socket.socket, request: bytes) -> None:
        sock.sendall(_head(status, len(body)) + body[:after])
        time.sleep(pause)
        sock.sendall(body[after:])

    return act


def _read_request(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip() or 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


@contextmanager
def serve_raw(*behaviours: RawBehaviour) -> Iterator[tuple[str, list[bytes]]]:
    """Answer the n-th request with ``behaviours[n]`` (the last one repeats), one request per
    connection, on 127.0.0.1:0; yield the base URL and the raw requests seen."""
    seen: list[bytes] = []
    lock = threading.Lock()

    class _H(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            sock.settimeout(10)
            try:
                request = _read_request(sock)
                if not request:
                    return
                with lock:
                    seen.append(request)
                    act = behaviours[min(len(seen), len(behaviours)) - 1]
                act(sock, request)
            except OSError:
                pass  # the client gave up first (a timeout test): nothing to do
            finally:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _H)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
