"""A canned loopback HTTP server for adapter tests (port 0, stopped by the test)."""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import select
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from opentok_core import Request, Response

Handler = Callable[[Request], Response]


@contextmanager
def _running(server: socketserver.ThreadingTCPServer) -> Iterator[int]:
    """Serve ``server`` from a daemon thread (a thread per connection); yield its port, then
    stop it (bounded waits)."""
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


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

    with _running(ThreadingHTTPServer(("127.0.0.1", 0), _H)) as port:
        yield f"http://127.0.0.1:{port}", seen


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


def trickle_head(body: bytes, every: float, status: int = 200) -> RawBehaviour:
    """Send the status line, then the header lines one byte every ``every`` seconds: each byte
    comes within any read timeout, so only a deadline on the whole response stops it."""

    def act(sock: socket.socket, request: bytes) -> None:
        head = _head(status, len(body), "x-padding: " + "p" * 200 + "\r\n")
        line_end = head.index(b"\r\n") + 2
        sock.sendall(head[:line_end])
        for i in range(line_end, len(head)):
            time.sleep(every)
            sock.sendall(head[i : i + 1])
        sock.sendall(body)

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


def self_signed(folder: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context for 127.0.0.1 with a fresh self-signed certificate, and the path of
    that certificate (for the client to trust)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context, cert_path


@contextmanager
def serve_raw(
    *behaviours: RawBehaviour, tls: ssl.SSLContext | None = None
) -> Iterator[tuple[str, list[bytes]]]:
    """Answer the n-th request with ``behaviours[n]`` (the last one repeats), one request per
    connection, on 127.0.0.1:0 (over TLS with ``tls``); yield the base URL and the raw requests
    seen."""
    seen: list[bytes] = []
    lock = threading.Lock()

    class _H(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            sock.settimeout(10)
            try:
                if tls is not None:
                    sock = tls.wrap_socket(sock, server_side=True)
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
                if sock is not self.request:
                    sock.close()  # the TLS wrapper took the descriptor over

    with _running(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _H)) as port:
        yield f"{'http' if tls is None else 'https'}://127.0.0.1:{port}", seen


@contextmanager
def serve_connect_proxy(tls: ssl.SSLContext) -> Iterator[str]:
    """An HTTPS proxy on 127.0.0.1:0 that only tunnels (``CONNECT``): yield its URL. Behind it
    an https:// target is TLS inside TLS, urllib3's ``SSLTransport``."""

    class _H(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock = tls.wrap_socket(self.request, server_side=True)
            sock.settimeout(10)
            try:
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = sock.recv(4096)
                    if not chunk:
                        return
                    head += chunk
                method, target, _ = head.split(b"\r\n", 1)[0].split(b" ", 2)
                assert method == b"CONNECT"
                host, port = target.decode().rsplit(":", 1)
                with socket.create_connection((host, int(port)), timeout=10) as upstream:
                    sock.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    _pipe(sock, upstream)
            except (OSError, AssertionError, ValueError):
                pass
            finally:
                sock.close()

    with _running(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _H)) as port:
        yield f"https://127.0.0.1:{port}"


def _pipe(a: socket.socket, b: socket.socket) -> None:
    """Copy bytes both ways until either side closes (at most 10 s of silence)."""
    for _ in range(100_000):
        # A TLS socket may hold decrypted bytes select() cannot see.
        ready = [a] if isinstance(a, ssl.SSLSocket) and a.pending() else []
        if not ready:
            ready, _, _ = select.select([a, b], [], [], 10)
        if not ready:
            return
        for source in ready:
            data = source.recv(65536)
            if not data:
                return
            (b if source is a else a).sendall(data)


# A scripted keep-alive server: what the n-th request gets, on whichever connection. ---------

#: What a scripted answer does after it is sent: keep the connection for another request, or
#: close it.
KEEP, CLOSE = "keep", "close"

#: The body of the scripted servers' answers (``answer``, ``chunked``): 310 bytes of JSON.
ANSWER_BODY = b'{"id": "' + b"x" * 300 + b'"}'


def answer(
    body: bytes = ANSWER_BODY, head: bytes = b"HTTP/1.1 200 OK", extra: bytes = b"", status: int = 0
) -> bytes:
    """A sized answer with ``body`` (or a bodiless ``status`` answer)."""
    if status:
        return b"HTTP/1.1 %d X\r\n\r\n" % status
    return b"%s\r\ncontent-length: %d\r\n%s\r\n%s" % (head, len(body), extra, body)


def chunked(body: bytes = ANSWER_BODY, size: int = 100) -> bytes:
    """A chunked answer with ``body`` in chunks of ``size`` bytes."""
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    framed = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts)
    return b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n" + framed + b"0\r\n\r\n"


def seen(counts: dict[str, int]) -> tuple[int, int]:
    """The connections and the requests the scripted server saw."""
    return counts["connections"], counts["requests"]


#: The n-th request's answer (n from 0, counted over all connections): sends what it sends on
#: the socket, and says whether to keep the connection (else it is closed).
Step = Callable[[int, socket.socket], bool]


@contextmanager
def _serve_steps(step: Step, counts: dict[str, int]) -> Iterator[str]:
    """Serve ``step`` on 127.0.0.1:0, each connection kept for as long as its answers say;
    yield the base URL. ``counts`` is kept live: the ``connections`` accepted, the
    ``requests`` read and, when it has the key, the connections ``closed`` (by either side)."""
    lock = threading.Lock()

    class _H(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            sock.settimeout(10)
            with lock:
                counts["connections"] += 1
            try:
                for _ in range(10_000):
                    if not _read_request(sock):
                        return
                    with lock:
                        counts["requests"] += 1
                        n = counts["requests"] - 1
                    if not step(n, sock):
                        return
            except OSError:
                pass
            finally:
                sock.close()
                if "closed" in counts:
                    with lock:
                        counts["closed"] += 1

    with _running(socketserver.ThreadingTCPServer(("127.0.0.1", 0), _H)) as port:
        yield f"http://127.0.0.1:{port}"


@contextmanager
def serve_script(
    *script: tuple[bytes, str], gate: threading.Event | None = None
) -> Iterator[tuple[str, dict[str, int]]]:
    """Answer the n-th request (whichever connection it comes on) with ``script[n]``'s bytes,
    then ``KEEP`` or ``CLOSE`` that connection; yield the base URL and live counts of
    connections accepted, requests read and connections closed. Past the script's end, a
    request is read and its connection closed unanswered. With ``gate``, the first answer
    waits for it (at most 10 s)."""
    counts = {"connections": 0, "requests": 0, "closed": 0}

    def step(n: int, sock: socket.socket) -> bool:
        if n >= len(script):
            return False
        if n == 0 and gate is not None:
            gate.wait(10)
        data, then = script[n]
        sock.sendall(data)
        return then == KEEP

    with _serve_steps(step, counts) as base:
        yield base, counts


@contextmanager
def serve_keep_alive(
    body: bytes, stall_first: float = 0.0, cut_first: Callable[[], None] | None = None
) -> Iterator[tuple[str, dict[str, int]]]:
    """Answer every request with 200 ``body`` on kept-alive connections, on 127.0.0.1:0; yield
    the base URL and live counts of the ``connections`` accepted and ``requests`` answered.
    With ``stall_first``, the very first answer stops for that many seconds half-way through
    its body. With ``cut_first``, it stops there, calls ``cut_first()``, and sends nothing more
    until the client has dropped the connection (event-driven: no clock involved)."""
    counts = {"connections": 0, "requests": 0}
    answer = (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s"
        % (len(body), body)
    )
    half = len(answer) - len(body) // 2

    def step(n: int, sock: socket.socket) -> bool:
        if n == 0 and cut_first is not None:
            sock.sendall(answer[:half])
            cut_first()
            while sock.recv(65536):  # until the client's FIN (or its reset)
                pass
            return False
        if n == 0 and stall_first:
            sock.sendall(answer[:half])
            time.sleep(stall_first)
            sock.sendall(answer[half:])
        else:
            sock.sendall(answer)
        return True

    with _serve_steps(step, counts) as base:
        yield base, counts
