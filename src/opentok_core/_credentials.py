"""The two credential types and the REST auth header each one mints.

The choice is explicit: ``ProjectCredentials`` (OpenTok api key + secret, HS256
``X-OPENTOK-AUTH``) or ``ApplicationCredentials`` (Vonage application id + RSA private key,
RS256 ``Authorization: Bearer``). Nothing is guessed from the shape of a secret (the official
SDK takes a secret ending in ``.xyz`` for a key file path: spec/service.md#py-key-file-secrets).
"""

from __future__ import annotations

import hashlib
from typing import Any, TypeAlias, TypeVar

import attrs

from ._errors import ValidationError
from ._jwt import HmacKey, HS256Key, JwsKey, RS256Key, json_str
from ._validate import check_id, check_str, checked_field

__all__ = [
    "AUTH_JWT_BACKDATE",
    "AUTH_JWT_LIFETIME",
    "ApplicationCredentials",
    "Credentials",
    "ProjectCredentials",
]

T = TypeVar("T")

#: Lifetime of the REST auth JWT, in seconds after ``now``. The service allows at most 300 s
#: between iat and exp (spec/service.md#project-jwt); 180 s is what the official SDK uses.
AUTH_JWT_LIFETIME = 180
#: Clock-skew tolerance: ``iat`` is set this many seconds before ``now``, so a local clock up to
#: a minute fast is not judged "issued in the future" (spec/service.md#clock-skew: 403s from a
#: laptop drifting minutes). A clock up to AUTH_JWT_LIFETIME (3 min) slow still yields an
#: unexpired token. exp - iat is then 240 s, keeping 60 s of margin under the 300 s ceiling.
#: Past these bounds the service answers 403 and the error message names clock skew.
AUTH_JWT_BACKDATE = 60


def _api_key(field: str, value: object) -> str:
    # The official SDK accepts an int api key; it is a string of digits on the wire.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    return check_id(field, value, max_len=64)


def _secret(field: str, value: object) -> str:
    return check_str(field, value, min_len=1, max_len=4096)


class SecretBytes(bytes):
    """A credential's bytes (what ``Secret.encode`` gives an HTTP library): redacted in repr."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "b'<redacted>'"


class Secret(str):
    """A credential header value (an auth JWT): itself on the wire, ``<redacted>`` wherever it
    is repr'd, so that traceback locals captured by an error reporter (a headers dict, the
    ``value`` of urllib3's header loop, its encoded bytes in an HTTP library) never show it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "'<redacted>'"

    def __str__(self) -> str:
        return self  # str() keeps it a Secret (header normalisation calls it)

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        return SecretBytes(str.encode(self, encoding, errors))


def conceal(value: T) -> T:
    """``value`` redacted in repr if it is text (a ``Secret``) or bytes (``SecretBytes``);
    anything else unchanged, for the checks to name its type. The constructors that take a
    credential rebind their parameter to this first, so the locals of every frame it then
    passes through (a validation error's traceback) show it redacted."""
    if isinstance(value, str) and not isinstance(value, Secret):
        return Secret(value)  # type: ignore[return-value]
    if isinstance(value, bytes) and not isinstance(value, SecretBytes):
        return SecretBytes(value)  # type: ignore[return-value]
    return value


@attrs.frozen(repr=False, init=False)
class ProjectCredentials:
    """An OpenTok project: ``api_key`` and ``api_secret``. The secret never appears in repr,
    nor in a validation error's traceback locals."""

    api_key: str = checked_field(_api_key)
    api_secret: str = checked_field(_secret, repr=False)
    _key: HS256Key = attrs.field(init=False, eq=False, repr=False)
    _t1_key: HmacKey = attrs.field(init=False, eq=False, repr=False)

    default_api_url = "https://api.opentok.com"
    auth_header_name = "x-opentok-auth"

    def __init__(self, api_key: str, api_secret: str) -> None:
        api_secret = conceal(api_secret)
        self.__attrs_init__(api_key, api_secret)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_key", HS256Key(self.api_secret))
        object.__setattr__(self, "_t1_key", HmacKey(self.api_secret.encode(), hashlib.sha1))

    @property
    def project_id(self) -> str:
        """The id that goes in ``/v2/project/{id}`` paths."""
        return self.api_key

    @property
    def signing_key(self) -> JwsKey:
        """The key client tokens are signed (and verified) with."""
        return self._key

    def auth_header(self, now: float, jti: str) -> tuple[str, str]:
        """The ``X-OPENTOK-AUTH`` header for a REST call made at ``now``
        (spec/service.md#project-jwt)."""
        # Claims written straight to compact JSON (the same bytes json.dumps would give): a
        # fresh JWT is minted for every call, so this is on the hot path of every request.
        payload = (
            f'{{"iss":{json_str(self.api_key)},"ist":"project",'
            f'"iat":{int(now) - AUTH_JWT_BACKDATE},"exp":{int(now) + AUTH_JWT_LIFETIME},'
            f'"jti":{json_str(jti)}}}'
        )
        return self.auth_header_name, Secret(self._key.encode(payload.encode("utf-8")))

    def sign_t1(self, data_string: bytes) -> str:
        """The hex HMAC-SHA1 of a legacy T1 token's data string (spec/service.md#t1-tokens)."""
        return self._t1_key.digest(data_string).hex()

    def __repr__(self) -> str:
        # getattr: a traceback's locals show this half-built too, when a check failed
        api_key = getattr(self, "api_key", None)
        return f"ProjectCredentials(api_key={api_key!r}, api_secret=<redacted>)"


def _app_id(field: str, value: object) -> str:
    return check_id(field, value, max_len=64)


def _pem(field: str, value: object) -> RS256Key:
    if isinstance(value, RS256Key):
        return value
    if not isinstance(value, (str, bytes)):
        raise ValidationError(field, f"must be a PEM string or bytes, not {type(value).__name__}")
    text = value if isinstance(value, bytes) else value.encode("utf-8", "replace")
    if b"-----BEGIN" not in text or b"PRIVATE KEY-----" not in text:
        raise ValidationError(field, "must be the PEM text of an RSA private key (-----BEGIN ...)")
    try:
        key = RS256Key.from_pem(text)
    except ValueError as exc:
        raise ValidationError(field, str(exc)) from None
    return key


@attrs.frozen(repr=False, init=False)
class ApplicationCredentials:
    """A Vonage application: ``application_id`` and its RSA ``private_key`` (PEM text).

    The PEM is parsed once here, not per token or per call.
    """

    application_id: str = checked_field(_app_id)
    private_key: Any = attrs.field(default=None, repr=False, eq=False)
    _key: RS256Key = attrs.field(init=False, eq=False, repr=False)

    default_api_url = "https://video.api.vonage.com"
    auth_header_name = "authorization"

    def __init__(self, application_id: str, private_key: Any = None) -> None:
        private_key = conceal(private_key)
        self.__attrs_init__(application_id, private_key)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_key", _pem("private_key", self.private_key))

    @property
    def project_id(self) -> str:
        """The id that goes in ``/v2/project/{id}`` paths (the application id)."""
        return self.application_id

    @property
    def signing_key(self) -> JwsKey:
        """The key client tokens are signed with (RS256)."""
        return self._key

    def auth_header(self, now: float, jti: str) -> tuple[str, str]:
        """The ``Authorization: Bearer`` header for a REST call made at ``now``
        (spec/service.md#application-jwt)."""
        payload = (
            f'{{"application_id":{json_str(self.application_id)},'
            f'"iat":{int(now) - AUTH_JWT_BACKDATE},"exp":{int(now) + AUTH_JWT_LIFETIME},'
            f'"jti":{json_str(jti)}}}'
        )
        return self.auth_header_name, Secret("Bearer " + self._key.encode(payload.encode("utf-8")))

    def __repr__(self) -> str:
        return (
            f"ApplicationCredentials(application_id={getattr(self, 'application_id', None)!r}, "
            "private_key=<redacted>)"
        )


Credentials: TypeAlias = ProjectCredentials | ApplicationCredentials
