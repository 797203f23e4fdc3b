"""Client configuration shared by both clients: credentials, base URL, user agent, timeouts.

``make_config`` is the one place the constructor keywords of ``Client`` and ``AsyncClient``
become a validated ``Config``, so the two clients cannot drift.
"""

from __future__ import annotations

import functools
import math
import sys
from urllib.parse import urlsplit

import attrs

from ._credentials import ApplicationCredentials, Credentials, ProjectCredentials, conceal
from ._errors import ValidationError
from ._validate import checked_field
from ._version import __version__

__all__ = ["MAX_TIMEOUT", "Config", "Timeout", "check_api_url", "check_proxy", "make_config"]

# sys.version starts with what platform.python_version() returns (without importing platform).
USER_AGENT = f"opentok-py/{__version__} python/{sys.version.split()[0]}"

#: The longest timeout accepted, in seconds (a day). Longer ones are mistakes, and some are
#: past what a socket timeout or a thread wait can hold (OverflowError deep in a call).
MAX_TIMEOUT = 86_400.0


def _timeout_value(field: str, value: object) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or not 0 < value <= MAX_TIMEOUT
    ):
        raise ValidationError(
            f"timeout.{field}",
            f"must be a positive number of seconds (at most {MAX_TIMEOUT:g}) or None, "
            f"got {value!r:.40}",
        )
    return float(value)


def _printable_ascii(text: str) -> bool:
    """Whether ``text`` is printable ASCII: what both HTTP stacks send as given in a header
    or request line (httpx refuses other characters; urllib3 would send control bytes)."""
    return text.isascii() and text.isprintable()


def check_api_url(value: object) -> str:
    """``value`` as a base URL (no trailing slash), or ValidationError("api_url", why).

    An http(s) URL with a host, an optional port in 1-65535 and an optional path prefix;
    printable ASCII with no spaces (an internationalised host name goes in its xn-- form), no
    user:password@, query or fragment: each would be sent, or fail, in a different way by
    the two clients' HTTP stacks.
    """
    if not isinstance(value, str):
        raise ValidationError("api_url", f"must be a str, not {type(value).__name__}")
    if not _printable_ascii(value) or " " in value:
        raise ValidationError(
            "api_url", f"must be printable ASCII without spaces, got {value!r:.80}"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not value.startswith(f"{parts.scheme}://"):
        raise ValidationError("api_url", f"must be an http:// or https:// URL, got {value!r:.80}")
    if not parts.hostname:
        raise ValidationError("api_url", f"must name a host, got {value!r:.80}")
    if "@" in parts.netloc:
        raise ValidationError("api_url", "must not carry user:password@ (credentials go apart)")
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise ValidationError("api_url", f"must have no query or fragment, got {value!r:.80}")
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port is not None and not 1 <= port <= 65535 or parts.netloc.endswith(":"):
        raise ValidationError("api_url", f"port must be a number in 1-65535, got {value!r:.80}")
    return value.rstrip("/")


@attrs.frozen
class Timeout:
    """How long one HTTP attempt may take, in seconds.

    Args:
        connect: to open the connection (TCP and TLS). Default 5 s.
        read: the longest wait for the next bytes of the response. Default 30 s.
        total: the whole attempt, connect to last body byte, so a server that trickles bytes
            cannot hold a call forever. Default (None): ``connect + read``.

    ``connect=None`` or ``read=None`` disables that limit (not recommended: with either one off
    and no ``total``, a call can block for as long as the server wants).
    """

    connect: float | None = checked_field(_timeout_value, default=5.0)
    read: float | None = checked_field(_timeout_value, default=30.0)
    total: float | None = checked_field(_timeout_value, default=None)

    @property
    def deadline(self) -> float | None:
        """Seconds a whole attempt may take: ``total``, else ``connect + read``, else None."""
        if self.total is not None:
            return self.total
        if self.connect is None or self.read is None:
            return None
        return self.connect + self.read

    def clamp(self, limit: float) -> Timeout:
        """These timeouts cut to ``limit`` seconds (a retry's share of the budget left)."""
        limit = max(limit, 0.001)
        cut = [limit if v is None else min(v, limit) for v in (self.connect, self.read)]
        deadline = self.deadline
        return Timeout(cut[0], cut[1], limit if deadline is None else min(deadline, limit))

    @classmethod
    def coerce(cls, value: Timeout | float | tuple[float, float] | None) -> Timeout:
        """Accept a Timeout, one number for both, or a ``(connect, read)`` pair."""
        if value is None:
            return cls()
        if isinstance(value, Timeout):
            return value
        if isinstance(value, tuple) and len(value) == 2:
            return cls(connect=value[0], read=value[1])
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return cls(connect=value, read=value)
        raise ValidationError("timeout", "must be seconds, a (connect, read) pair or a Timeout")


@attrs.frozen
class Config:
    """Everything an operation needs to build and sign a request."""

    credentials: Credentials
    api_url: str
    user_agent: str = USER_AGENT

    @functools.cached_property
    def project_url(self) -> str:
        """``{api_url}/v2/project/{project id}``, the prefix of every path but session create
        (worked out once per Config: every request builds its URL from it)."""
        from ._paths import quote

        return f"{self.api_url}/v2/project/{quote(self.credentials.project_id)}"


def make_config(
    api_key: str | int | None = None,
    api_secret: str | None = None,
    *,
    application_id: str | None = None,
    private_key: str | bytes | None = None,
    credentials: Credentials | None = None,
    api_url: str | None = None,
    app_version: str | None = None,
) -> Config:
    """Validate client constructor keywords into a Config.

    Exactly one credential type must be given: ``api_key`` + ``api_secret``, or
    ``application_id`` + ``private_key``, or a ready ``credentials`` object.
    """
    api_secret, private_key = conceal(api_secret), conceal(private_key)  # see conceal
    given = [
        name
        for name, present in (
            ("api_key/api_secret", api_key is not None or api_secret is not None),
            ("application_id/private_key", application_id is not None or private_key is not None),
            ("credentials", credentials is not None),
        )
        if present
    ]
    if len(given) != 1:
        raise ValidationError(
            "credentials",
            "give exactly one of api_key + api_secret, application_id + private_key, "
            f"or credentials= (got {', '.join(given) or 'none'})",
        )
    if credentials is None:
        if api_key is not None or api_secret is not None:
            if api_key is None or api_secret is None:
                raise ValidationError("api_secret" if api_key else "api_key", "is required")
            credentials = ProjectCredentials(str(api_key), api_secret)
        else:
            if application_id is None or private_key is None:
                raise ValidationError(
                    "private_key" if application_id else "application_id", "is required"
                )
            credentials = ApplicationCredentials(application_id, private_key)
    elif not isinstance(credentials, (ProjectCredentials, ApplicationCredentials)):
        raise ValidationError("credentials", "must be ProjectCredentials or ApplicationCredentials")
    url = check_api_url(credentials.default_api_url if api_url is None else api_url)
    agent = USER_AGENT
    if app_version is not None:
        agent = f"{USER_AGENT} {_agent_text('app_version', app_version)}"
    return Config(credentials=credentials, api_url=url, user_agent=agent)


#: What setting the official SDK's ``opentok.proxies`` answers on our clients (written here, not
#: in the client source, so the sync client generated from the async one says the same).
PROXY_ADVICE = (
    "is not read after construction: give the client proxy=url (or set HTTPS_PROXY, which "
    "both clients honour by default)"
)


def check_proxy(value: object) -> str | None:
    """``proxy=`` checked: None, or an http:// or https:// URL with a host (as ``api_url``,
    user:password@ allowed: a proxy's credentials go in its URL)."""
    if value is None:
        return None
    if not isinstance(value, str) or not _printable_ascii(value) or " " in value:
        raise ValidationError("proxy", f"must be an http(s) URL string, got {value!r:.80}")
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        port = 0
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or (port is not None and not 1 <= port <= 65535)
    ):
        raise ValidationError(
            "proxy", "must be an http:// or https:// URL with a host and a valid port"
        )
    return value


def refuse_connection_settings(
    field: str, reason: str, verify: object, proxy: object, trust_env: object
) -> None:
    """Refuse ``verify=``/``proxy=``/``trust_env=`` given beside a ``field`` (a client, pool or
    transport of the user's) that keeps its own settings, which they would silently not reach."""
    if verify is not True or proxy is not None or trust_env is not True:
        raise ValidationError(field, reason)


def append_user_agent(config: Config, value: str) -> Config:
    """``config`` with ``value`` added to the end of its User-Agent, as the official SDK's
    ``append_to_user_agent`` does (no separator is added)."""
    return attrs.evolve(config, user_agent=config.user_agent + _agent_text("value", value))


def _agent_text(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValidationError(field, f"must be a str, not {type(value).__name__}")
    if not _printable_ascii(value):
        raise ValidationError(
            field, f"must be printable ASCII, no control characters (got {value!r:.80})"
        )
    if len(value) > _MAX_AGENT_TEXT:
        raise ValidationError(field, f"must be at most {_MAX_AGENT_TEXT} characters")
    return value


#: A User-Agent addition longer than this is a mistake, and servers refuse huge header lines.
_MAX_AGENT_TEXT = 256
