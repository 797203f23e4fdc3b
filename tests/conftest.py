"""Shared fixtures: credentials, a session id of that project, the spec loader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from opentok_core import ProjectCredentials, encode_session_id, make_config

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec"

with open(ROOT / "pyproject.toml", "rb") as _f:
    PYPROJECT: dict[str, Any] = tomllib.load(_f)
#: The distribution's packages, as the wheel lists them (tests/packaging checks the list is
#: every package under src/): the tests over all packages read them from here.
PACKAGES: tuple[str, ...] = tuple(
    Path(p).name for p in PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
)

# Tests never assert on speed: no per-example hypothesis deadline, so a loaded machine (the
# whole team's suites share two cores) cannot turn a slow example into a failure.
settings.register_profile("opentok-py", deadline=None)
settings.load_profile("opentok-py")

API_KEY = "123456"
API_SECRET = "0123456789abcdef0123456789abcdef01234567"
SESSION_ID = encode_session_id(API_KEY, "", "Mon Mar 17 00:41:31 PDT 2014", "0.68378953")
OTHER_SESSION_ID = encode_session_id("999999", "", "Mon Mar 17 00:41:31 PDT 2014", "0.1")


def rsa_pems() -> tuple[str, str]:
    """A fresh RSA-2048 key as PEM text: (private PKCS#8, public SubjectPublicKeyInfo), for
    Vonage application credentials and the emulator's record of them."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private.decode(), public.decode()


def load_spec() -> dict[str, Any]:
    """``spec/operations.toml`` as a dict keyed by operation name."""
    with open(SPEC / "operations.toml", "rb") as f:
        return dict(tomllib.load(f)["operations"])


def load_errors() -> dict[str, str]:
    with open(SPEC / "errors.toml", "rb") as f:
        return dict(tomllib.load(f)["status"])


def fixture_body(operation: str, status: int) -> bytes | None:
    path = SPEC / "fixtures" / operation / f"{status}.json"
    return path.read_bytes() if path.exists() else None


@pytest.fixture
def credentials() -> ProjectCredentials:
    return ProjectCredentials(API_KEY, API_SECRET)


@pytest.fixture
def config():  # type: ignore[no-untyped-def]
    return make_config(API_KEY, API_SECRET, api_url="https://api.example.test")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
