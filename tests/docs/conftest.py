"""The environment the documentation's samples run in: credentials, and a local emulator."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from opentok_core import Request, Response, encode_session_id
from tests.conftest import API_KEY, API_SECRET
from tests.servers import serve

APPLICATION_ID = "c2a8b8a6-0d2b-4b5e-9d7e-1f1a2b3c4d5e"


def _emulate(request: Request) -> Response:
    headers = {"content-type": "application/json"}
    if request.method == "POST" and request.url.endswith("/session/create"):
        routed = b"p2p.preference=disabled" in request.body
        sid = encode_session_id(API_KEY, "", "Mon Nov 25 13:57:00 PST 2024", str(routed))
        return Response(200, headers, json.dumps([{"session_id": sid}]).encode())
    if request.method == "GET" and re.search(r"/archive/[^/]+$", request.url):
        return Response(404, headers, b'{"code":404,"message":"archive not found"}')
    return Response(404, headers, b'{"code":404,"message":"not found"}')


@pytest.fixture(scope="session")
def emulator_url() -> Iterator[str]:
    with serve(_emulate) as (url, _):
        yield url


@pytest.fixture(scope="session")
def private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def sample_env(
    emulator_url: str, private_key_pem: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Credentials in the environment and the API at the emulator. (The working directory stays:
    hypothesis keeps its caches there.)"""
    key_file = tmp_path / "private.key"
    key_file.write_text(private_key_pem)
    monkeypatch.setenv("OPENTOK_API_KEY", API_KEY)
    monkeypatch.setenv("OPENTOK_API_SECRET", API_SECRET)
    monkeypatch.setenv("OPENTOK_API_URL", emulator_url)
    monkeypatch.setenv("VONAGE_APPLICATION_ID", APPLICATION_ID)
    monkeypatch.setenv("VONAGE_PRIVATE_KEY", str(key_file))
    return tmp_path
