"""No secret in what an error reporter captures (Sentry-style ``capture_locals=True``): not the
live auth JWT, not the api secret, not the private key; not in our frames, not in the HTTP
libraries' frames below them, not in any exception's message or repr. Over every error path,
every transport (user pools and clients included), both credential types and every position
of the auth header in the request's header list."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import aiohttp
import attrs
import httpx
import pytest
import urllib3
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from opentok_async import AiohttpTransport, AsyncClient, HttpxTransport
from opentok_core import (
    NO_RETRY,
    ApplicationCredentials,
    OpenTokError,
    ProjectCredentials,
    Request,
    Response,
    Timeout,
    ValidationError,
    make_config,
)
from opentok_sync import Client, Urllib3Transport
from opentok_sync._client import default_runtime
from tests.conftest import API_KEY, API_SECRET, SESSION_ID, rsa_pems
from tests.servers import full, self_signed, serve_raw


def _pem(key: Any, encryption: Any) -> str:
    encoding, pkcs8 = serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8
    return key.private_bytes(encoding, pkcs8, encryption).decode()  # type: ignore[no-any-return]


PRIVATE, _ = rsa_pems()
#: Real private keys the SDK refuses (an EC key, an encrypted RSA key): still secrets.
EC_KEY = _pem(ec.generate_private_key(ec.SECP256R1()), serialization.NoEncryption())
ENCRYPTED_KEY = _pem(
    serialization.load_pem_private_key(PRIVATE.encode(), None),
    serialization.BestAvailableEncryption(b"password"),
)

#: The lines of the private keys' PEM bodies: any one of them in captured text is a leak.
PEM_LINES = [
    line
    for pem in (PRIVATE, EC_KEY, ENCRYPTED_KEY)
    for line in pem.splitlines()
    if line and not line.startswith("-----")
]

CREDENTIALS: dict[str, dict[str, Any]] = {
    "project": {"api_key": API_KEY, "api_secret": API_SECRET},
    "application": {"application_id": "app-1", "private_key": PRIVATE},
}

#: Where the auth header goes in the request's header list (moved there by ``Reordered``).
POSITIONS = ["first", "middle", "last"]

JWT_SHAPED = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and every exception it chains to (causes, contexts, group members)."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        todo += list(getattr(current, "exceptions", ()))


def captured(error: BaseException) -> str:
    """What an error reporter sees: each chained exception's message and repr, and every
    frame's locals as ``capture_locals=True`` shows them (their repr; one whose repr raises
    shows none, as Python 3.12 has it: 3.10 and 3.11 raise there, on a half-built attrs
    value)."""
    parts: list[str] = []
    for each in chain(error):
        parts += [str(each), repr(each), repr(each.args)]
        for frame, _ in traceback.walk_tb(each.__traceback__):
            code = frame.f_code
            parts.append(f'File "{code.co_filename}", in {code.co_name}')
            for name, value in frame.f_locals.items():
                with contextlib.suppress(Exception):
                    parts.append(f"    {name} = {value!r}")
    with contextlib.suppress(AttributeError):  # the 3.10 and 3.11 failure above
        parts += traceback.TracebackException.from_exception(error, capture_locals=True).format()
    return "\n".join(parts)


def leaks(text: str, sent: list[str]) -> list[str]:
    """The lines of ``text`` holding a secret: an auth header value sent, the api secret, a
    line of the private key, or anything JWT-shaped (each shown with the frame it is in)."""
    needles = [_raw(value) for value in sent] + [API_SECRET, *PEM_LINES]
    found, frame = [], ""
    for line in text.splitlines():
        if line.lstrip().startswith("File "):
            frame = line.strip()
        if any(needle in line for needle in needles) or JWT_SHAPED.search(line):
            found.append(f"{frame}: {line.strip()[:160]}")
    return found


def _raw(value: str) -> str:
    """The token of an auth header value (after ``Bearer``), as plain text."""
    return str.__str__(value).rsplit(" ", 1)[-1]


def reorder(request: Request, position: str) -> Request:
    """``request`` with its auth header moved to ``position`` in the header list."""
    auth = [h for h in request.headers if h[0] in ("x-opentok-auth", "authorization")]
    rest = [h for h in request.headers if h not in auth]
    at = {"first": 0, "middle": len(rest) // 2, "last": len(rest)}[position]
    assert auth and 0 < len(rest) // 2 < len(rest)  # three distinct positions
    return Request(
        request.method,
        request.url,
        rest[:at] + auth + rest[at:],
        request.body,
        operation=request.operation,
        attempt=request.attempt,
    )


class Reordered:
    """A transport (sync and async) that hands the real one each request with its auth
    header moved to ``position``, and keeps the auth values sent, to look for them."""

    def __init__(self, inner: Any, position: str) -> None:
        self.inner, self.position, self.sent = inner, position, []

    def _moved(self, request: Request) -> Request:
        moved = reorder(request, self.position)
        self.sent += [v for k, v in moved.headers if k in ("x-opentok-auth", "authorization")]
        return moved

    def handle_request(self, request: Request, timeout: Timeout) -> Response:
        return self.inner.handle_request(self._moved(request), timeout)  # type: ignore[no-any-return]

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response:
        return await self.inner.handle_async_request(self._moved(request), timeout)  # type: ignore[no-any-return]

    def close(self) -> None:
        self.inner.close()

    async def aclose(self) -> None:
        await self.inner.aclose()


# Error paths: each gives the base URL to call and the timeout to call it with. -------------

#: A read timeout the server never answers within (it answers nothing at all).
READ = Timeout(connect=5, read=0.2)
#: A total deadline shorter than the read timeout: the attempt is stopped as a whole.
TOTAL = Timeout(connect=5, read=30, total=0.2)


@pytest.fixture(scope="module")
def tls_context(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A server certificate no client trusts (self-signed, not in any CA bundle)."""
    context, _ = self_signed(tmp_path_factory.mktemp("tls"))
    return context


PATHS = ["connect", "read_timeout", "deadline", "tls", "5xx", "garbage"]


@pytest.fixture(params=PATHS)
def path(request: pytest.FixtureRequest, tls_context: Any) -> Iterator[tuple[str, Timeout]]:
    name = request.param
    if name == "connect":
        yield f"http://127.0.0.1:{closed_port()}", Timeout()
        return
    released = threading.Event()
    behaviours: dict[str, Any] = {
        "read_timeout": lambda sock, _: released.wait(10),
        "deadline": lambda sock, _: released.wait(10),
        "tls": full(b'{"id":"a1"}'),
        "5xx": full(b'{"code":500,"message":"boom"}', status=500),
        "garbage": full(b"<html>not json"),
    }
    timeouts = {"read_timeout": READ, "deadline": TOTAL}
    tls = tls_context if name == "tls" else None
    try:
        with serve_raw(behaviours[name], tls=tls) as (url, _):
            yield url, timeouts.get(name, Timeout())
    finally:
        released.set()


# Transports: each makes the real transport to wrap, and what the test must close itself. -----


def _user_pool() -> tuple[Any, list[Any]]:
    return Urllib3Transport(urllib3.PoolManager(retries=False)), []


def _user_httpx_client() -> tuple[Any, list[Any]]:
    client = httpx.AsyncClient(headers={"x-user": "1"})
    return HttpxTransport(client), [client.aclose]


def _user_aiohttp_session() -> tuple[Any, list[Any]]:
    session = aiohttp.ClientSession(headers={"x-user": "1"})
    return AiohttpTransport(session), [session.close]


TRANSPORTS: dict[str, tuple[type, Callable[[], tuple[Any, list[Any]]]]] = {
    "sync-default": (Client, lambda: (Urllib3Transport(), [])),
    "sync-user-pool": (Client, _user_pool),
    "async-free-list": (AsyncClient, lambda: (HttpxTransport(), [])),
    "async-general": (AsyncClient, lambda: (HttpxTransport(), [])),  # with a proxy setting
    "async-user-client": (AsyncClient, _user_httpx_client),
    "aiohttp-default": (AsyncClient, lambda: (AiohttpTransport(), [])),
    "aiohttp-user-session": (AsyncClient, _user_aiohttp_session),
}


async def failure_of(client: Any) -> OpenTokError:
    """The error a call fails with (caught here, so no test frame's locals are captured)."""
    try:
        result = client.get_archive("a1")
        if not isinstance(client, Client):
            await result
    except OpenTokError as error:
        return error
    raise AssertionError("the call succeeded")


@pytest.mark.anyio
@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("credentials", list(CREDENTIALS))
@pytest.mark.parametrize("transport", list(TRANSPORTS))
async def test_no_secret_in_captured_locals_or_messages(
    transport: str,
    credentials: str,
    position: str,
    path: tuple[str, Timeout],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    if transport == "async-general":
        # A proxy setting takes the httpx client's own routing; NO_PROXY sends us direct.
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{closed_port()}")
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{closed_port()}")
        monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    url, timeout = path
    cls, make = TRANSPORTS[transport]
    inner, closers = make()
    reordered = Reordered(inner, position)
    client = cls(
        **CREDENTIALS[credentials],
        api_url=url,
        timeout=timeout,
        retry=NO_RETRY,
        transport=reordered,
    )
    try:
        if transport.startswith("async-") and transport != "async-user-client":
            on_free_list = transport == "async-free-list"
            assert (inner._direct is not None) == on_free_list  # the path under test
        error = await failure_of(client)
    finally:
        if isinstance(client, Client):
            client.close()
        else:
            await client.aclose()
        for close in closers:
            await close()
    assert len(reordered.sent) == 1
    assert leaks(captured(error), reordered.sent) == []


# Construction, minting and token errors: the client's own secret, not the header's. ---------

Make = Callable[[], object]

CONSTRUCTION: dict[str, Make] = {
    "bad api_url": lambda: Client(API_KEY, API_SECRET, api_url="http://127.0.0.1:99999"),
    "bad api_key": lambda: AsyncClient("bad key\n", API_SECRET),
    "bad timeout": lambda: Client(API_KEY, API_SECRET, timeout=-1),
    "bad app_version": lambda: AsyncClient(API_KEY, API_SECRET, app_version="v\x00"),
    "secret too long": lambda: Client(API_KEY, API_SECRET * 200),
    "both credentials": lambda: AsyncClient(
        API_KEY, API_SECRET, application_id="app-1", private_key=PRIVATE
    ),
    "application, bad api_url": lambda: Client(
        application_id="app-1", private_key=PRIVATE, api_url="ftp://x"
    ),
    "application, bad id, key as bytes": lambda: AsyncClient(
        application_id="app\n", private_key=PRIVATE.encode()
    ),
    "an EC private key": lambda: Client(application_id="app-1", private_key=EC_KEY),
    "an encrypted private key": lambda: AsyncClient(
        application_id="app-1", private_key=ENCRYPTED_KEY
    ),
    "ProjectCredentials, bad api_key": lambda: ProjectCredentials("bad\n", API_SECRET),
    "ApplicationCredentials, EC key": lambda: ApplicationCredentials("app-1", EC_KEY),
    "make_config, bad api_url": lambda: make_config(API_KEY, API_SECRET, api_url="x"),
}


def error_of(make: Make) -> OpenTokError:
    try:
        make()
    except OpenTokError as error:
        return error
    raise AssertionError("no error")


@pytest.mark.parametrize("case", list(CONSTRUCTION))
def test_no_credential_in_a_construction_errors_locals(case: str) -> None:
    error = error_of(CONSTRUCTION[case])
    assert isinstance(error, ValidationError)
    assert leaks(captured(error), []) == []


def _broken_clock() -> float:
    return float("nan")  # int(nan) fails as the auth JWT is minted


@pytest.mark.parametrize("credentials", list(CREDENTIALS))
def test_no_credential_in_a_minting_or_token_errors_locals(credentials: str) -> None:
    runtime = default_runtime()
    broken = attrs.evolve(runtime, clock=_broken_clock)
    with Client(**CREDENTIALS[credentials], runtime=broken) as client:
        with pytest.raises(ValueError) as minting:
            client.get_archive("a1")
        assert leaks(captured(minting.value), []) == []
        token = error_of(lambda: client.generate_token(SESSION_ID, role="king"))  # type: ignore[arg-type]
        assert leaks(captured(token), []) == []
