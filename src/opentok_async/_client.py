"""AsyncClient: configuration, a transport, and the one generic ``send``.

``tools/unasync.py`` generates ``opentok_sync/_client.py`` from ``opentok_async/_client.py``:
of the two clients, only the transports are written twice.
"""

from __future__ import annotations

import logging
import os
import random
import ssl
from time import monotonic, time
from types import TracebackType
from typing import Any, TypeVar

from anyio import sleep as _sleep

from opentok_core import (
    PROXY_ADVICE,
    ClientClosed,
    Config,
    Credentials,
    Operation,
    RetryPolicy,
    Runtime,
    Sleep,
    Timeout,
    TransportError,
    ValidationError,
    append_user_agent,
    bind,
    check_proxy,
    conceal,
    make_config,
    refuse_connection_settings,
    run,
)

from ._api import AsyncApi
from ._transport import AsyncTransport, HttpxTransport, Sleeper

__all__ = ["AsyncClient"]

T = TypeVar("T")
C = TypeVar("C", bound="AsyncClient")


def default_runtime() -> Runtime:
    """The real clocks and entropy: wall time for JWTs, monotonic time for budgets."""
    return Runtime(
        clock=time,
        monotonic=monotonic,
        # 128 random bits as hex: a JWT id needs uniqueness, not a UUID object (6x cheaper).
        entropy=lambda: os.urandom(16).hex(),
        jitter=random.random,
        nonce=lambda: int(random.random() * 1_000_000),
    )


logger = logging.getLogger("opentok")

#: What ``verify=`` takes: on (the default), off, a CA bundle's path, or your own SSLContext.
Verify = bool | str | os.PathLike[str] | ssl.SSLContext


def tls_context(verify: object) -> bool | ssl.SSLContext:
    """``verify=`` as a transport takes it: True, False or an SSLContext. A CA bundle's path
    (a PEM file, or a directory of hashed certificates) becomes a verifying SSLContext here,
    since httpx deprecates ``verify=<path>``; a path that cannot be loaded is a
    ValidationError, at construction."""
    if isinstance(verify, (bool, ssl.SSLContext)):
        return verify
    if not isinstance(verify, (str, os.PathLike)):
        raise ValidationError(
            "verify",
            f"must be True, False, a CA bundle path or an ssl.SSLContext, not {verify!r:.60}",
        )
    path = os.fspath(verify)
    try:
        if os.path.isdir(path):
            return ssl.create_default_context(capath=path)
        return ssl.create_default_context(cafile=path)
    except (OSError, ssl.SSLError) as exc:
        raise ValidationError(
            "verify", f"could not load CA certificates from {path!r}: {exc.strerror or exc}"
        ) from None


def _policy(value: object) -> RetryPolicy:
    if not isinstance(value, RetryPolicy):
        raise ValidationError("retry", f"must be a RetryPolicy, not {type(value).__name__}")
    return value


class _Closed:
    """Whether a client is closed: by its own ``aclose()``, or by that of the client it was
    copied from (``with_options``), which the copy sees through ``parent``."""

    __slots__ = ("closed", "parent")

    def __init__(self, parent: _Closed | None) -> None:
        self.closed = False
        self.parent = parent

    def __bool__(self) -> bool:
        return self.closed or bool(self.parent)


class AsyncClient(AsyncApi):
    """An OpenTok / Vonage Video client.

    Give one credential type: ``AsyncClient(api_key, api_secret)`` for an OpenTok project or
    ``AsyncClient(application_id=..., private_key=pem)`` for a Vonage application.

    Args:
        api_key, api_secret: OpenTok project credentials.
        api_url: base URL (a local emulator, a proxy); defaults per credential type.
        timeout: seconds, ``(connect, read)`` or a Timeout; default 5 s connect / 30 s read.
        app_version: appended to the User-Agent.
        application_id, private_key: Vonage application credentials (PEM text).
        credentials: a ready ProjectCredentials or ApplicationCredentials instead.
        retry: a RetryPolicy (default: 3 attempts within 30 s, only when no side effect can
            repeat; see README "Failure modes"), or NO_RETRY.
        transport: anything with the AsyncTransport methods (default: pooled, keep-alive).
        runtime: clocks and entropy, for deterministic tests.
        sleep: how to wait between retries (default: ``anyio.sleep``); tests pass a recorder
            to observe the backoff without waiting.
        verify: TLS certificate verification of the default transport: True (the default),
            a CA bundle's path (PEM file or hashed directory), an ``ssl.SSLContext``, or False
            (verification off: logged once as a warning; never for production).
        proxy: an ``http://`` or ``https://`` proxy URL for every request of the default
            transport.
        trust_env: whether the default transport honours ``HTTPS_PROXY``, ``HTTP_PROXY``,
            ``ALL_PROXY`` and ``NO_PROXY`` (default True; ``proxy=`` wins over them).
            ``download_archive`` connects to the storage with the same ``verify``, ``proxy``
            and ``trust_env`` (with a ``transport`` of yours: the defaults).

    One client may serve any number of tasks of one event loop: it keeps no per-request state.
    """

    def __init__(
        self,
        api_key: str | int | None = None,
        api_secret: str | None = None,
        api_url: str | None = None,
        timeout: Timeout | float | tuple[float, float] | None = None,
        app_version: str | None = None,
        *,
        application_id: str | None = None,
        private_key: str | bytes | None = None,
        credentials: Credentials | None = None,
        retry: RetryPolicy | None = None,
        transport: AsyncTransport | None = None,
        runtime: Runtime | None = None,
        sleep: Sleeper | None = None,
        verify: Verify = True,
        proxy: str | None = None,
        trust_env: bool = True,
    ) -> None:
        # Redacted in repr first: a validation error's traceback shows this frame's locals.
        api_secret, private_key = conceal(api_secret), conceal(private_key)
        self._config: Config = make_config(
            api_key,
            api_secret,
            application_id=application_id,
            private_key=private_key,
            credentials=credentials,
            api_url=api_url,
            app_version=app_version,
        )
        self._app_version = app_version
        self._timeout = Timeout.coerce(timeout)
        self._retry = RetryPolicy() if retry is None else _policy(retry)
        self._runtime = runtime or default_runtime()
        self._sleep: Sleeper = sleep or _sleep
        if not isinstance(trust_env, bool):
            raise ValidationError("trust_env", "must be True or False")
        if transport is not None:
            refuse_connection_settings(
                "transport",
                "verify=, proxy= and trust_env= configure the default transport: "
                "set them on the transport you give instead",
                verify,
                proxy,
                trust_env,
            )
            self._transport: AsyncTransport = transport
            self._connection_options: dict[str, Any] = {}  # downloads: the defaults
        else:
            context = tls_context(verify)
            # One set of settings for the API transport and the archive download path.
            self._connection_options = {
                "verify": context,
                "proxy": check_proxy(proxy),
                "trust_env": trust_env,
            }
            self._transport = HttpxTransport(**self._connection_options)
            if context is False:
                logger.warning(
                    "%s: TLS certificate verification is off (verify=False): any server can "
                    "pose as %s; give verify= a CA bundle path instead",
                    type(self).__name__,
                    self._config.api_url,
                )
        self._owns_transport = True
        self._closed = _Closed(None)

    @property
    def config(self) -> Config:
        """The validated configuration (credentials are redacted in its repr)."""
        return self._config

    @property
    def timeout(self) -> Timeout:
        """The timeouts every call uses unless given its own."""
        return self._timeout

    @timeout.setter
    def timeout(self, value: Timeout | float | tuple[float, float] | None) -> None:
        # The official SDK's ``opentok.timeout = 10`` (seconds, or a pair as requests took).
        self._timeout = Timeout.coerce(value)

    @property
    def retry(self) -> RetryPolicy:
        """The retry policy every call uses unless given its own."""
        return self._retry

    @property
    def app_version(self) -> str | None:
        """The ``app_version`` given at construction (in the User-Agent), or None."""
        return self._app_version

    @app_version.setter
    def app_version(self, value: object) -> None:
        raise ValidationError(
            "app_version",
            "is set at construction (AsyncClient(..., app_version=...)); "
            "append_to_user_agent(...) adds to the User-Agent later",
        )

    @property
    def api_key(self) -> str:
        """The project's API key (the application id with Vonage credentials), e.g. for the
        page that connects a browser client. As the official SDK's ``opentok.api_key``."""
        return self._config.credentials.project_id

    @property
    def api_url(self) -> str:
        """The REST API's base URL every request goes to."""
        return self._config.api_url

    @property
    def user_agent(self) -> str:
        """The User-Agent every request carries."""
        return self._config.user_agent

    @property
    def proxies(self) -> None:
        """Always None: proxies belong to the transport (see the setter)."""
        return None

    @proxies.setter
    def proxies(self, value: object) -> None:
        # The official SDK reads ``opentok.proxies``; silently ignoring it would send directly.
        raise ValidationError("proxies", PROXY_ADVICE)

    @property
    def jwt_livetime(self) -> int:
        """Minutes an auth JWT is valid: always 3 (see the setter)."""
        return 3

    @jwt_livetime.setter
    def jwt_livetime(self, value: object) -> None:
        raise ValidationError(
            "jwt_livetime",
            "is fixed: each request mints a fresh auth JWT valid 3 minutes, backdated 60 s "
            "for clock skew",
        )

    def append_to_user_agent(self, value: str) -> None:
        """Add ``value`` to the end of the User-Agent of this client's later requests (the
        official SDK's method; no separator is added). Prefer ``app_version=`` at construction:
        this changes the client in place, and copies made by ``with_options`` keep theirs."""
        self._config = append_user_agent(self._config, value)

    def with_options(
        self: C,
        *,
        timeout: Timeout | float | tuple[float, float] | None = None,
        retry: RetryPolicy | None = None,
    ) -> C:
        """A client sharing this one's credentials and connection pool, with other defaults.

        ``await client.with_options(timeout=2, retry=NO_RETRY).get_archive(archive_id)`` sets
        them for one call. Closing the copy leaves the shared pool open: close the original.
        """
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        if timeout is not None:
            clone._timeout = Timeout.coerce(timeout)
        if retry is not None:
            clone._retry = _policy(retry)
        clone._owns_transport = False
        clone._closed = _Closed(self._closed)
        return clone

    async def send(
        self,
        operation: Operation[T],
        *,
        timeout: Timeout | float | tuple[float, float] | None = None,
        retry: RetryPolicy | None = None,
    ) -> T:
        """Run any operation (e.g. ``GetArchive(archive_id=...)``) and return its result.

        Raises ApiError subclasses for error statuses, TransportError/TransportTimeout when the
        exchange fails. ``timeout`` and ``retry`` override the client's for this call.
        """
        closed = self._closed  # its own flag first: a copy's parent is asked only then
        if closed.closed or closed.parent is not None and closed:
            raise ClientClosed(operation.name, type(self).__name__)
        limit = self._timeout if timeout is None else Timeout.coerce(timeout)
        policy = self._retry if retry is None else _policy(retry)
        flow = run(operation, self._config, self._runtime, policy, limit)
        outcome: Any = None
        while True:
            try:
                action = flow.send(outcome)
            except StopIteration as done:
                # What a client returns is bound to it: archive.stop() (models/_bound.py).
                result: T = bind(done.value, self)
                return result
            if isinstance(action, Sleep):
                await self._sleep(action.seconds)
                outcome = None
                continue
            try:
                outcome = await self._transport.handle_async_request(action.request, action.timeout)
            except TransportError as exc:
                outcome = exc

    @property
    def is_closed(self) -> bool:
        """Whether ``aclose()`` was called (on this client, or on the one it was copied from):
        every call then raises ClientClosed."""
        return bool(self._closed)

    async def aclose(self) -> None:
        """Close the transport's connection pool (not from a ``with_options`` copy, which only
        stops calls through itself). Calls made afterwards raise ClientClosed."""
        if self._closed.closed:
            return
        self._closed.closed = True
        if self._owns_transport:
            await self._transport.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        # Also for a client whose __init__ failed: a traceback's captured locals repr ``self``.
        config: Config | None = self.__dict__.get("_config")
        if config is None:
            return "AsyncClient(<not configured>)"
        return f"AsyncClient({config.credentials!r}, api_url={config.api_url!r})"
