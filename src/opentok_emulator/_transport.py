"""The in-process emulator transport: ``Client(..., transport=EmulatorTransport())`` talks to
an ``opentok_emulator.Emulator`` with zero sockets (for users' unit tests).

It serves both clients (``handle_request`` and ``handle_async_request``). The emulator decides
delays and dropped connections (fault injection); this adapter only sleeps, which is why it
lives outside the pure core. The real clock and uuid4 ids are plugged in here.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Mapping

import attrs

from opentok_core import ApplicationCredentials, ProjectCredentials, Request, Response, Timeout
from opentok_core import TransportError as _TransportError

from ._context import Callback
from ._core import Emulator
from ._demo import DEMO_API_KEY, DEMO_API_SECRET
from ._exchange import exchange
from ._retention import MAX_SESSIONS

__all__ = ["EmulatorTransport", "new_application", "new_emulator"]


def _uuid() -> str:
    return str(uuid.uuid4())


def new_application() -> ApplicationCredentials:
    """Fresh Vonage application credentials to register with an emulator: a uuid4 id and a new
    2048-bit RSA key (``private_key`` is its PEM; ``signing_key.public_pem()`` the public half
    the emulator verifies with, or hand the credentials to ``add_application`` whole)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return ApplicationCredentials(_uuid(), pem)


def new_emulator(
    *,
    api_key: str | None = DEMO_API_KEY,
    api_secret: str | None = DEMO_API_SECRET,
    projects: Iterable[ProjectCredentials] = (),
    applications: Mapping[str, str | bytes | ApplicationCredentials] | None = None,
    callback_url: str | None = None,
    archive_processing: float = 0.0,
    signature_secret: str | None = None,
    max_sessions: int = MAX_SESSIONS,
    clock: Callable[[], float] = time.time,
    ids: Callable[[], str] = _uuid,
) -> Emulator:
    """An Emulator on the real clock and uuid4 ids, knowing ``api_key``/``api_secret`` (the
    demo project by default) plus any other ``projects`` and Vonage ``applications``; past
    ``max_sessions`` sessions the oldest ended ones are forgotten."""
    known = list(projects)
    if api_key is not None and api_secret is not None:
        known.insert(0, ProjectCredentials(api_key, api_secret))
    return Emulator(
        clock=clock,
        ids=ids,
        projects=known,
        applications=applications,
        callback_url=callback_url,
        archive_processing=archive_processing,
        signature_secret=signature_secret,
        max_sessions=max_sessions,
    )


class EmulatorTransport:
    """A transport for ``Client`` and ``AsyncClient`` answering from an in-memory Emulator.

    ``on_callback`` (optional) receives the events the service would POST to a callback URL
    (they are also logged: ``GET /_emulator/callbacks``).
    """

    def __init__(
        self,
        emulator: Emulator | None = None,
        *,
        on_callback: Callable[[Callback], None] | None = None,
    ) -> None:
        self.emulator = emulator if emulator is not None else new_emulator()
        self._on_callback = on_callback

    def _answer(self, request: Request, timeout: Timeout) -> tuple[float, Response | Exception]:
        reply = self.emulator.handle(request)
        if self._on_callback is not None:
            for callback in reply.callbacks:
                self._on_callback(callback)
        if request.method == "HEAD":  # as on the wire: a GET's answer without its body
            reply = attrs.evolve(reply, response=attrs.evolve(reply.response, body=b""))
        return exchange(reply, timeout, request)

    def handle_request(self, request: Request, timeout: Timeout) -> Response:
        wait, outcome = self._answer(request, timeout)
        if wait > 0:
            time.sleep(wait)
        if isinstance(outcome, _TransportError):
            raise outcome
        assert isinstance(outcome, Response)
        return outcome

    async def handle_async_request(self, request: Request, timeout: Timeout) -> Response:
        from anyio import sleep

        wait, outcome = self._answer(request, timeout)
        if wait > 0:
            await sleep(wait)
        if isinstance(outcome, _TransportError):
            raise outcome
        assert isinstance(outcome, Response)
        return outcome

    def close(self) -> None:
        """Nothing to release (the emulator's state stays readable)."""

    async def aclose(self) -> None:
        """Nothing to release (the emulator's state stays readable)."""
