"""A canned loopback HTTP server for adapter tests (port 0, stopped by the test)."""

from __future__ import annotations

import threading
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
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
