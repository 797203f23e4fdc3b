"""The emulator over real loopback HTTP: keep-alive, concurrency, faults carried out (delay,
drop), callbacks POSTed, malformed requests, and the ``opentok emulator`` command."""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from opentok_core import NO_RETRY, Request, ServerError, Timeout, TransportError, TransportTimeout
from opentok_emulator import EmulatorTransport, new_emulator
from opentok_emulator.control import ConnectClient, InjectFault, PublishStream
from opentok_emulator.server import EmulatorServer
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET
from tests.servers import serve


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(new_emulator(api_key=API_KEY, api_secret=API_SECRET)) as running:
        yield running


def _client(server: EmulatorServer, **kw: object) -> Client:
    return Client(API_KEY, API_SECRET, api_url=server.url, retry=NO_RETRY, **kw)  # type: ignore[arg-type]


def test_keep_alive_serves_many_requests_on_one_connection(server: EmulatorServer) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    for _ in range(3):
        conn.request("GET", "/_emulator")
        response = conn.getresponse()
        assert response.status == 200
        assert response.getheader("content-type") == "application/json"
        assert json.loads(response.read())["projects"] == [API_KEY]
    conn.request("GET", "/v2/project/123456/archive")  # no auth header
    response = conn.getresponse()
    assert response.status == 403 and json.loads(response.read())["code"] == -1
    conn.request("POST", "/_emulator/reset")
    response = conn.getresponse()
    assert response.status == 204 and response.getheader("content-length") is None
    response.read()
    conn.close()


def test_expect_100_continue_and_malformed_requests(server: EmulatorServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        body = b'{"status": 500, "operation": "archives.list"}'
        sock.sendall(
            b"POST /_emulator/faults HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\n"
            b"Expect: 100-continue\r\nContent-Length: %d\r\n\r\n" % len(body)
        )
        assert sock.recv(1024).startswith(b"HTTP/1.1 100")
        sock.sendall(body)
        assert b"201 Created" in sock.recv(4096)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        assert sock.recv(4096).startswith(b"HTTP/1.1 400")


def test_fifty_concurrent_clients(server: EmulatorServer) -> None:
    with _client(server) as client:
        sid = client.create_session(media_mode="routed").session_id

        def connect(n: int) -> str:
            token = client.generate_token(sid, data=f"user-{n}")
            return client.send(ConnectClient(session_id=sid, token=token)).connection_id

        with ThreadPoolExecutor(50) as pool:
            ids = list(pool.map(connect, range(100)))
        assert len(set(ids)) == 100
        assert len(client.list_streams(sid)) == 0


def test_delay_and_drop_faults_are_carried_out_on_the_wire(server: EmulatorServer) -> None:
    with _client(server, timeout=(2, 0.3)) as client:
        client.send(InjectFault(operation="archives.list", delay=1.0))
        with pytest.raises(TransportTimeout):
            client.list_archives()
        client.send(InjectFault(operation="archives.list", drop=True))
        with pytest.raises(TransportError):
            client.list_archives()
        assert client.list_archives().count == 0


def _read_until_closed(sock: socket.socket) -> bytes:
    data = b""
    for _ in range(1000):  # bounded: the socket has a timeout, and the server closes
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
    raise AssertionError("the server never closed the connection")


def test_idle_keep_alive_connections_are_closed_and_clients_reconnect() -> None:
    emulator = new_emulator(api_key=API_KEY, api_secret=API_SECRET)
    with EmulatorServer(emulator, idle_timeout=0.2) as running:
        with socket.create_connection(("127.0.0.1", running.port), timeout=5) as sock:
            sock.sendall(b"GET /_emulator HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            started = time.monotonic()
            answer = _read_until_closed(sock)
            idle = time.monotonic() - started
        # Closed after the idle time, not at once: the server stamps the connection's last
        # activity a moment before `started`, so only half the timeout is asserted (0.198 s was
        # seen), and the upper bound is generous for a loaded machine.
        assert answer.startswith(b"HTTP/1.1 200") and 0.1 <= idle < 3
        # A pooled client whose kept-alive connection was closed meanwhile just reconnects.
        with _client(running) as client:
            first = client.create_session().session_id
            time.sleep(0.5)
            assert client.create_session().session_id != first


def test_a_request_too_slow_to_arrive_gets_a_408_and_is_closed() -> None:
    emulator = new_emulator(api_key=API_KEY, api_secret=API_SECRET)
    with EmulatorServer(emulator, idle_timeout=0.2) as running:
        with socket.create_connection(("127.0.0.1", running.port), timeout=5) as sock:
            sock.sendall(b"GET /_emulator HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the head never ends
            answer = _read_until_closed(sock)
    assert answer.startswith(b"HTTP/1.1 408") and b"connection: close" in answer.lower()


def test_an_answer_held_by_a_delay_fault_is_not_cut_by_the_idle_timeout() -> None:
    emulator = new_emulator(api_key=API_KEY, api_secret=API_SECRET)
    with EmulatorServer(emulator, idle_timeout=0.2) as running, _client(running) as client:
        client.send(InjectFault(operation="sessions.create", delay=0.6))
        assert client.create_session().session_id


def test_a_slow_but_steady_reader_is_not_cut_by_the_idle_timeout() -> None:
    # Reading a large answer a little at a time pauses and resumes the server's writing; each
    # resume is activity although no request bytes arrive. A reader that stopped is dropped.
    class Wire(asyncio.Transport):
        def __init__(self) -> None:
            super().__init__()
            self.aborted = False

        def abort(self) -> None:
            self.aborted = True

    async def scenario() -> tuple[bool, bool]:
        server = EmulatorServer(new_emulator(), idle_timeout=60)
        connection, wire = server._protocol(), Wire()
        connection.connection_made(wire)
        loop = asyncio.get_running_loop()
        connection.pause_writing()
        await asyncio.sleep(0.02)
        before = loop.time()
        connection.resume_writing()  # the client read some of the answer
        connection.pause_writing()
        connection.expire(before + 59.99, 60, 30)  # just under the idle timeout since resumed
        kept = not wire.aborted
        connection.expire(loop.time() + 61, 60, 30)  # and then nothing, for too long
        server.callbacks.close()
        return kept, wire.aborted

    assert asyncio.run(scenario()) == (True, True)


def test_head_spends_no_fault_and_is_listed_as_allowed() -> None:
    emulator = new_emulator(api_key=API_KEY, api_secret=API_SECRET)
    with EmulatorServer(emulator) as running, _client(running) as client:
        client.send(InjectFault(operation="archives.list", status=503))
        conn = http.client.HTTPConnection("127.0.0.1", running.port, timeout=5)
        conn.request("HEAD", f"/v2/project/{API_KEY}/archive")
        head = conn.getresponse()
        head.read()
        assert head.status == 403  # no auth: answered, the fault untouched
        conn.request("PATCH", f"/v2/project/{API_KEY}/archive")
        response = conn.getresponse()
        response.read()
        assert response.status == 405 and "HEAD" in (response.getheader("allow") or "")
        conn.close()
        with pytest.raises(ServerError):
            client.list_archives()  # the fault is still there for the real call


def test_the_in_process_transport_answers_head_without_a_body() -> None:
    transport = EmulatorTransport(new_emulator(api_key=API_KEY, api_secret=API_SECRET))
    head = transport.handle_request(
        Request("HEAD", "http://emulator/_emulator", [], b""), Timeout()
    )
    get = transport.handle_request(Request("GET", "http://emulator/_emulator", [], b""), Timeout())
    assert head.status == get.status == 200 and head.body == b"" and get.body


def test_the_idle_and_request_timeouts_must_be_positive() -> None:
    for bad in (0, -1, 0.001, True, "5"):
        with pytest.raises(ValueError, match="idle_timeout"):
            EmulatorServer(new_emulator(), idle_timeout=bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="request_timeout"):
            EmulatorServer(new_emulator(), request_timeout=bad)  # type: ignore[arg-type]


def test_callbacks_are_posted_to_the_callback_url() -> None:
    got: list[dict[str, object]] = []
    arrived = threading.Event()

    def receiver(request):  # type: ignore[no-untyped-def]
        from opentok_core import Response

        got.append(json.loads(request.body))
        if len(got) >= 3:
            arrived.set()
        return Response(200, (), b"")

    with serve(receiver) as (hook_url, seen):
        emulator = new_emulator(api_key=API_KEY, api_secret=API_SECRET, callback_url=hook_url)
        with EmulatorServer(emulator) as server, _client(server) as client:
            sid = client.create_session(media_mode="routed").session_id
            conn = client.send(ConnectClient(session_id=sid, token=client.generate_token(sid)))
            client.send(PublishStream(session_id=sid, connection_id=conn.connection_id))
            assert arrived.wait(5)
    assert [e["event"] for e in got[:3]] == ["sessionCreated", "connectionCreated", "streamCreated"]
    assert all(r.header("content-type") == "application/json" for r in seen)


def test_the_emulator_command_prints_its_url_and_stops_cleanly_on_ctrl_c() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "opentok_cli", "emulator", "--port", "0", "--max-sessions", "5"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("OpenTok emulator listening on http://127.0.0.1:")
        url = first.split()[-1]
        lines = [proc.stdout.readline() for _ in range(3)]
        assert "123456" in lines[0] and "demo-secret" in lines[1]
        with Client("123456", "demo-secret-0123456789abcdef", api_url=url) as client:
            assert client.create_session().session_id.startswith("1_")
        with urllib.request.urlopen(url + "/_emulator", timeout=5) as info:
            assert json.loads(info.read())["maxSessions"] == 5
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "emulator stopped" in out


def test_the_emulator_command_reports_a_busy_port() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "opentok_cli", "emulator", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=20,
        )
    assert done.returncode == 1 and "cannot listen" in done.stderr
