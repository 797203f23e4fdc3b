"""The environment the documentation's samples run in: credentials, and a local emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from tests.conftest import API_KEY, API_SECRET, rsa_pems

APPLICATION_ID = "c2a8b8a6-0d2b-4b5e-9d7e-1f1a2b3c4d5e"


@pytest.fixture(scope="session")
def private_key_pem() -> str:
    return rsa_pems()[0]


@pytest.fixture(scope="session")
def emulator_url(private_key_pem: str) -> Iterator[str]:
    """The real emulator on loopback, knowing the sample project and Vonage application."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from opentok_emulator import new_emulator
    from opentok_emulator.server import EmulatorServer

    key = load_pem_private_key(private_key_pem.encode(), password=None)
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    emulator = new_emulator(
        api_key=API_KEY, api_secret=API_SECRET, applications={APPLICATION_ID: public}
    )
    with EmulatorServer(emulator) as server:
        yield server.url


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
