"""The control API answers only requests addressed to this machine (DNS-rebinding and
cross-site defence): ``Host`` is a loopback name or the bound address, an ``Origin`` is one of
those, and a write's body is ``application/json``. The REST API is not affected."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from opentok_emulator import new_emulator
from opentok_emulator.server import EmulatorServer, loopback_warning


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(new_emulator()) as running:
        yield running


def _send(port: int, head: str, body: bytes = b"", bound: str = "127.0.0.1") -> tuple[int, bytes]:
    data = head.encode("latin-1") + b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(body)
    with socket.create_connection((bound, port), timeout=5) as sock:
        sock.sendall(data + body)
        answer = b""
        for _ in range(1000):  # bounded: the server closes after answering
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer.partition(b"\r\n\r\n")[2]


def _callback_url(port: int) -> object:
    status, body = _send(port, "GET /_emulator HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    assert status == 200
    return json.loads(body)["callbackUrl"]


def test_a_dns_rebinding_page_cannot_redirect_callbacks(server: EmulatorServer) -> None:
    status, body = _send(
        server.port,
        "PUT /_emulator/callback HTTP/1.1\r\nHost: evil.example\r\n"
        "Origin: http://evil.example\r\nContent-Type: text/plain\r\n",
        b'{"url": "http://evil.example/steal"}',
    )
    assert status == 403 and b"Host: evil.example" in body
    assert _callback_url(server.port) is None


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.1:{port}", "localhost", "LocalHost:{port}", "[::1]:{port}"]
)
def test_loopback_hosts_with_or_without_the_port_are_answered(
    server: EmulatorServer, host: str
) -> None:
    head = f"GET /_emulator HTTP/1.1\r\nHost: {host.format(port=server.port)}\r\n"
    assert _send(server.port, head)[0] == 200


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example", "localhost.:{port}", ""],
)
def test_other_hosts_are_refused_reads_too(server: EmulatorServer, host: str) -> None:
    head = f"GET /_emulator/faults HTTP/1.1\r\nHost: {host.format(port=server.port)}\r\n"
    assert _send(server.port, head)[0] == 403
    # Percent-encoding the prefix reaches the same routes, so it meets the same check.
    head = f"GET /%5Femulator/faults HTTP/1.1\r\nHost: {host.format(port=server.port)}\r\n"
    assert _send(server.port, head)[0] == 403
    head = f"GET /_%65mulator/faults HTTP/1.1\r\nHost: {host.format(port=server.port)}\r\n"
    assert _send(server.port, head)[0] == 403


def test_an_http_1_0_request_without_host_is_refused(server: EmulatorServer) -> None:
    assert _send(server.port, "GET /_emulator HTTP/1.0\r\n")[0] == 403


def test_the_bound_address_is_a_valid_host() -> None:
    with EmulatorServer(new_emulator(), host="127.0.0.2") as running:
        head = f"GET /_emulator HTTP/1.1\r\nHost: 127.0.0.2:{running.port}\r\n"
        assert _send(running.port, head, bound="127.0.0.2")[0] == 200


def test_a_cross_origin_write_is_refused_even_to_a_loopback_host(server: EmulatorServer) -> None:
    head = "POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
    assert _send(server.port, head)[0] == 403
    same = f"POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://localhost:{server.port}\r\n"
    assert _send(server.port, same)[0] == 204


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
def test_a_write_s_body_must_be_json(server: EmulatorServer, content_type: str | None) -> None:
    head = "PUT /_emulator/callback HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if content_type is not None:
        head += f"Content-Type: {content_type}\r\n"
    assert _send(server.port, head, b'{"url": "http://127.0.0.1:9/x"}')[0] == 415
    assert _callback_url(server.port) is None
    json_head = "PUT /_emulator/callback HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    json_head += "Content-Type: application/json; charset=utf-8\r\n"
    assert _send(server.port, json_head, b'{"url": "http://127.0.0.1:9/x"}')[0] == 200


def test_a_bodiless_write_needs_no_content_type(server: EmulatorServer) -> None:
    assert _send(server.port, "DELETE /_emulator/faults HTTP/1.1\r\nHost: 127.0.0.1\r\n")[0] == 204


def test_the_rest_api_does_not_check_host(server: EmulatorServer) -> None:
    status, body = _send(
        server.port, "GET /v2/project/123456/archive HTTP/1.1\r\nHost: emulator.internal\r\n"
    )
    assert status == 403 and b"control API" not in body  # the auth check's answer


@pytest.mark.parametrize(
    ("host", "warned"),
    [
        ("127.0.0.1", False),
        ("127.0.0.2", False),
        ("localhost", False),
        ("::1", False),
        ("0.0.0.0", True),
        ("::", True),
        ("192.168.1.5", True),
        ("emulator.example", True),
    ],
)
def test_binding_beyond_loopback_is_warned_about(host: str, warned: bool) -> None:
    warning = loopback_warning(host)
    assert (warning is not None) is warned
    if warning is not None:
        assert host in warning and "control API" in warning


def test_a_host_cannot_smuggle_a_control_path(server: EmulatorServer) -> None:
    # The engine reads the path from http://{Host}{target}: a Host holding a path of its own
    # must not turn a REST request into a control call the check never saw.
    status, _ = _send(
        server.port,
        "PUT /x HTTP/1.1\r\nHost: 127.0.0.1/_emulator/callback?\r\n"
        "Content-Type: application/json\r\n",
        b'{"url": "http://evil.example/steal"}',
    )
    assert status == 404
    assert _callback_url(server.port) is None
