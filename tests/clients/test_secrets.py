"""Secrets stay secret: the api secret, the private key and every auth JWT sent never appear in a
log record (any logger, at DEBUG), an exception's str or repr, or a repr of what a user can
print, over a full scenario with both clients, both credential types, retries, faults and
errors. Our own ``opentok`` logger still says what happened: method, path, status, latency."""

from __future__ import annotations

import base64
import inspect
import logging
import traceback
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from opentok_async import AsyncClient
from opentok_core import (
    ApplicationCredentials,
    OpenTokError,
    ProjectCredentials,
    Request,
    Timeout,
    make_config,
)
from opentok_emulator import new_emulator
from opentok_emulator.control import ConnectClient, InjectFault, PublishStream
from opentok_emulator.server import EmulatorServer
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET

pytestmark = pytest.mark.anyio
APP_ID = "a1b2c3d4-0000-4000-8000-00000000beef"
_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PEM = _KEY.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
)
#: The private key's DER, whose base64 lines are what a leak of the PEM would show.
KEY_LINES = [line for line in PEM.decode().splitlines() if not line.startswith("-----")]


class Capture(logging.Handler):
    """Keeps every record fully formatted (message, args, exception text)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.lines: list[str] = []
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.lines.append(self.format(record))
        self.lines.append(repr(record.args))


class Recording:
    """The emulator, noting every auth header that reached it (the JWTs to look for)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.tokens: list[str] = []

    def handle(self, request: Request) -> Any:
        for name in ("x-opentok-auth", "authorization"):
            value = request.header(name)
            if value:
                self.tokens.append(value.removeprefix("Bearer "))
        return self.inner.handle(request)


@pytest.fixture
def capture() -> Iterator[Capture]:
    handler = Capture()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


async def call(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result


async def scenario(c: Any, shown: list[str]) -> None:
    """Everything a service does in a day, good and bad; collects what a user could print."""
    shown += [repr(c), str(c), repr(c.config), repr(c.config.credentials)]
    session_id = (await call(c.create_session(media_mode="routed"))).session_id
    token = c.generate_token(session_id, role="moderator", data="name=Alice")
    connection = await call(c.send(ConnectClient(session_id=session_id, token=token)))
    await call(c.send(PublishStream(session_id=session_id, connection_id=connection.connection_id)))
    await call(c.send(InjectFault(operation="archives.start", status=503, count=1)))
    archive = await call(c.start_archive(session_id, name="secret-free"))
    shown.append(repr(archive))
    await call(c.get_archive(archive.id))
    await call(c.stop_archive(archive.id))
    await call(c.send(InjectFault(operation="archives.list", drop=True)))
    await call(c.list_archives())
    await call(c.send(InjectFault(operation="sessions.create", delay=1.0)))
    failures = [
        lambda: c.get_archive("no-such-archive"),  # 404
        lambda: c.with_options(timeout=Timeout(2, 0.2)).create_session(),  # read timeout
        lambda: c.send(InjectFault(operation="archives.get", status=500, count=1)),
        lambda: c.get_archive(archive.id),  # 500
    ]
    for attempt in failures:
        try:
            await call(attempt())
        except OpenTokError as exc:
            shown += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    assert len(shown) > 4 + 3 * 3  # three failures really happened


async def run_with(kind: str, url: str, shown: list[str], **credentials: Any) -> None:
    cls: Any = Client if kind == "sync" else AsyncClient
    c = cls(api_url=url, **credentials)
    try:
        await scenario(c, shown)
        wrong = cls(API_KEY, "not-the-secret-" + "x" * 30, api_url=url)
        try:
            await call(wrong.list_archives())
        except OpenTokError as exc:
            shown += [str(exc), repr(exc)]
        await call(wrong.close() if kind == "sync" else wrong.aclose())
    finally:
        await call(c.close() if kind == "sync" else c.aclose())


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_no_secret_or_jwt_in_logs_errors_or_reprs(kind: str, capture: Capture) -> None:
    public_pem = _KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    recording = Recording(
        new_emulator(api_key=API_KEY, api_secret=API_SECRET, applications={APP_ID: public_pem})
    )
    shown: list[str] = []
    with EmulatorServer(recording) as server:  # type: ignore[arg-type]
        await run_with(kind, server.url, shown, api_key=API_KEY, api_secret=API_SECRET)
        await run_with(kind, server.url, shown, application_id=APP_ID, private_key=PEM)
    shown += [
        repr(ProjectCredentials(API_KEY, API_SECRET)),
        repr(ApplicationCredentials(APP_ID, PEM)),
        repr(make_config(API_KEY, API_SECRET)),
    ]

    assert len(recording.tokens) > 20  # the scenario really signed many calls
    secrets = [API_SECRET, *KEY_LINES, *recording.tokens]
    # A JWT's signature alone is as good as the JWT for an attacker replaying within its life.
    secrets += [token.rsplit(".", 1)[-1] for token in recording.tokens]
    secrets.append(base64.b64encode(API_SECRET.encode()).decode())
    text = "\n".join(capture.lines + shown)
    leaks = [s[:12] + "..." for s in secrets if s in text]
    assert leaks == []

    ours = [r.getMessage() for r in capture.records if r.name == "opentok"]
    assert any("archives.start POST /v2/project/" in m and "-> 503" in m for m in ours)
    assert any("retrying in" in m for m in ours)
    assert any("-> 200 in " in m and " ms " in m and "request id" in m for m in ours)
    assert any("TransportError" in m or "TransportTimeout" in m for m in ours)
