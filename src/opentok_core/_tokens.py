"""Client (connection) tokens: mint them and verify them. Pure: ``now``, ``nonce`` and ``jti``
are arguments.

Formats, each described under spec/service.md#client-tokens: a JWT signed HS256 with the
project secret (the default), an RS256 JWT for Vonage application credentials, and the legacy
``T1==`` token (HMAC-SHA1 over a url-encoded data string).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import functools
import hmac
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, NamedTuple
from urllib.parse import parse_qs, quote_plus

import attrs

from ._credentials import Credentials, ProjectCredentials
from ._errors import TokenError, ValidationError
from ._jwt import decode_jwt, encode_jwt, json_str, split_jwt
from ._model import Model
from ._session_ids import session_info
from ._validate import check_str, to_enum

__all__ = ["Role", "TokenClaims", "TokenOptions", "decode_token", "generate_token", "verify_token"]

DEFAULT_LIFETIME = 24 * 3600
MAX_LIFETIME = 30 * 24 * 3600
MAX_DATA = 1000
T1_PREFIX = "T1=="

# What quote_plus leaves as it is (so session ids, role names and numbers pass unchanged).
_FORM_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"


def _form(value: str) -> str:
    return value if not value.rstrip(_FORM_SAFE) else quote_plus(value)


class Role(str, enum.Enum):
    """What a connection may do in the session (spec/service.md#token-options)."""

    SUBSCRIBER = "subscriber"
    PUBLISHER = "publisher"
    PUBLISHER_ONLY = "publisheronly"
    MODERATOR = "moderator"


RoleValue = Literal["subscriber", "publisher", "publisheronly", "moderator"]
"""A Role's wire value as text: ``role="moderator"`` type-checks, ``role="moderater"`` does not."""


def _expire(value: object, now: int) -> int:
    if value is None:
        return now + DEFAULT_LIFETIME
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        seconds = int(aware.timestamp())
    elif isinstance(value, bool):
        raise ValidationError("expire_time", "must be a unix time (int) or a datetime, not bool")
    elif isinstance(value, (int, float)):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValidationError("expire_time", "must be a finite unix time")
        seconds = int(value)
    elif isinstance(value, str) and value.strip().isdigit():
        seconds = int(value.strip())
    else:
        raise ValidationError(
            "expire_time", f"must be a unix time (int) or a datetime, not {type(value).__name__}"
        )
    if seconds <= now:
        raise ValidationError("expire_time", f"must be in the future (got {seconds}, now {now})")
    if seconds > now + MAX_LIFETIME:
        raise ValidationError("expire_time", "must be at most 30 days from now")
    return seconds


def _check_text(field: str, value: str) -> None:
    # A lone surrogate cannot be UTF-8 encoded: refuse it here, not as a UnicodeEncodeError.
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValidationError(
                field, "must be valid Unicode text (no lone surrogates)"
            ) from None


def _layout(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        # The official SDK takes a list; a single class name is an easy slip, so accept it.
        value = [value]
    if not isinstance(value, Iterable):
        raise ValidationError("initial_layout_class_list", "must be a list of strings")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise ValidationError(
                f"initial_layout_class_list[{i}]", f"must be a string, not {type(item).__name__}"
            )
        if not item or any(c.isspace() for c in item):
            raise ValidationError(
                f"initial_layout_class_list[{i}]", "must be a non-empty name without spaces"
            )
        _check_text(f"initial_layout_class_list[{i}]", item)
    if len(" ".join(items)) > MAX_DATA:
        raise ValidationError("initial_layout_class_list", "joined length must be ≤ 1000")
    return items


class TokenOptions(NamedTuple):
    """Validated inputs of a client token. Build with ``TokenOptions.create``.

    A NamedTuple rather than an attrs class: one is built per minted token, and a tuple is
    several times cheaper to build than a frozen slotted attrs instance.
    """

    session_id: str
    role: Role
    expire_time: int
    data: str | None
    initial_layout_class_list: tuple[str, ...]

    @classmethod
    def create(
        cls,
        credentials: Credentials,
        session_id: object,
        *,
        now: float,
        role: object = Role.PUBLISHER,
        expire_time: object = None,
        data: object = None,
        initial_layout_class_list: object = None,
    ) -> TokenOptions:
        """Validate every option against ``credentials`` and ``now``
        (spec/service.md#token-options)."""
        parts = session_info(session_id).fields  # type: ignore[arg-type]
        # The api key sits in field 1; Vonage application ids are not in the id (node skips it).
        if isinstance(credentials, ProjectCredentials) and parts[1] != credentials.api_key:
            raise ValidationError("session_id", "belongs to another API key")
        if data is not None:
            _check_text("data", check_str("data", data, max_len=MAX_DATA))
        # The defaults (a Role member, no expiry, no layout) skip their checks: the common case.
        return cls(
            session_id,  # type: ignore[arg-type]
            role if type(role) is Role else to_enum(Role, "role", role),
            int(now) + DEFAULT_LIFETIME if expire_time is None else _expire(expire_time, int(now)),
            data,  # type: ignore[arg-type]
            () if initial_layout_class_list is None else _layout(initial_layout_class_list),
        )


def _t1(credentials: ProjectCredentials, opts: TokenOptions, now: int, nonce: int) -> str:
    # The url-encoded data string (spec/service.md#t1-tokens), field by field as urlencode would
    # write it.
    # The session id's and the role's forms come from the session-id cache and a table.
    data_string = (
        f"session_id={session_info(opts.session_id).form}&create_time={now}"
        f"&expire_time={opts.expire_time}&role={_ROLE_FORM[opts.role]}&nonce={nonce}"
        "&initial_layout_class_list="
    )
    if opts.initial_layout_class_list:
        data_string += _form(" ".join(opts.initial_layout_class_list))
    if opts.data is not None:
        data_string += f"&connection_data={_form(opts.data)}"
    sig = credentials.sign_t1(data_string.encode("utf-8"))
    plain = f"partner_id={credentials.api_key}&sig={sig}:{data_string}"
    return T1_PREFIX + binascii.b2a_base64(plain.encode("utf-8"), newline=False).decode("ascii")


#: Each role's value as a JSON string literal, and as a form value.
_ROLE_JSON = {role: json_str(role.value) for role in Role}
_ROLE_FORM = {role: _form(role.value) for role in Role}


@functools.lru_cache(maxsize=64)
def _claims_head(api_key: str) -> str:
    """The start of a project token's claims, up to the value of ``iat``."""
    return f'{{"iss":{json_str(api_key)},"ist":"project","iat":'


def _project_claims(api_key: str, opts: TokenOptions, iat: int, nonce: int) -> bytes:
    # The opentok 3.15 claim set (spec/service.md#jwt-tokens), written straight to compact JSON:
    # this is the hot path of a video app (a token per page load), and it equals json.dumps of
    # the same dict. The quoted session id comes from the session-id cache, the head and the
    # role from tables: only the numbers and the optional strings are written per token.
    text = (
        f'{_claims_head(api_key)}{iat},"exp":{opts.expire_time},'
        f'"scope":"session.connect","session_id":{session_info(opts.session_id).json},'
        f'"role":{_ROLE_JSON[opts.role]},"nonce":{nonce}'
    )
    if opts.data is not None:
        text += f',"connection_data":{json_str(opts.data)}'
    if opts.initial_layout_class_list:
        text += f',"initial_layout_class_list":{json_str(" ".join(opts.initial_layout_class_list))}'
    return (text + "}").encode("utf-8")


def generate_token(
    credentials: Credentials,
    session_id: str,
    *,
    now: float,
    nonce: int,
    jti: str | Callable[[], str],
    role: Role | RoleValue = Role.PUBLISHER,
    expire_time: int | float | dt.datetime | None = None,
    data: str | None = None,
    initial_layout_class_list: Iterable[str] | None = None,
    use_jwt: bool = True,
) -> str:
    """Mint a client token for ``session_id``.

    A JWT by default (HS256 with project credentials, RS256 with application credentials);
    the legacy ``T1==`` format when ``use_jwt`` is False (project credentials only). ``now``
    (unix seconds), ``nonce`` and ``jti`` are supplied by the caller: this function reads no
    clock and no randomness. ``jti`` may be a function returning one, called only when the
    token carries one (application credentials): a project token then costs no entropy.
    Raises ValidationError on bad options.
    """
    opts = TokenOptions.create(
        credentials,
        session_id,
        now=now,
        role=role,
        expire_time=expire_time,
        data=data,
        initial_layout_class_list=initial_layout_class_list,
    )
    iat = int(now)
    if not isinstance(use_jwt, bool):
        raise ValidationError("use_jwt", "must be a bool")
    if not isinstance(nonce, int) or isinstance(nonce, bool):
        raise ValidationError("nonce", "must be an int")
    if not use_jwt:
        if not isinstance(credentials, ProjectCredentials):
            raise ValidationError("use_jwt", "T1 tokens need project (api key/secret) credentials")
        return _t1(credentials, opts, iat, nonce)
    if isinstance(credentials, ProjectCredentials):
        payload = _project_claims(credentials.api_key, opts, iat, nonce)
        return credentials.signing_key.encode(payload)
    # The node variant (spec/service.md#application-tokens): standard `sub`, space-joined layout
    # string.
    claims: dict[str, Any] = {
        "application_id": credentials.application_id,
        "iat": iat,
        "exp": opts.expire_time,
        "jti": _jti(jti),
        "sub": "video",
        "scope": "session.connect",
        "acl": {"paths": {"/session/**": {}}},
        "session_id": opts.session_id,
        "role": opts.role.value,
    }
    if opts.data is not None:
        claims["connection_data"] = opts.data
    if opts.initial_layout_class_list:
        claims["initial_layout_class_list"] = " ".join(opts.initial_layout_class_list)
    return encode_jwt(claims, credentials.signing_key)


def _jti(value: object) -> str:
    """The token id: ``value`` itself, or what calling it returns."""
    if callable(value) and not isinstance(value, str):
        value = value()
    if not isinstance(value, str) or not value:
        raise ValidationError("jti", "must be a non-empty string, or a function returning one")
    return value


def _nonce(value: object) -> int | float | str | None:
    """A nonce claim as the token has it, a whole number as an int (T1 fields are text)."""
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    text = str(value)
    return int(text) if text.isdigit() else text


@attrs.frozen(kw_only=True)
class TokenClaims(Model):
    """What a client token says. ``format`` is ``"jwt"`` or ``"t1"``; ``raw`` keeps every claim.

    ``nonce`` is an int when the token's nonce is a whole number (this SDK's and the official
    ones'; a T1 token's digits too), else the token's own value: some SDKs mint other numbers
    or text, and a decoder must read every token."""

    format: str
    issuer: str | None
    session_id: str
    role: Role | str
    issued_at: int | None
    expire_time: int | None
    data: str | None
    initial_layout_class_list: tuple[str, ...]
    nonce: int | float | str | None
    raw: Mapping[str, Any] = attrs.field(eq=False, repr=False)

    @classmethod
    def from_claims(cls, fmt: str, issuer: str | None, claims: Mapping[str, Any]) -> TokenClaims:
        """Read token claims (JWT claims or T1 fields) into a typed value."""

        def text(name: str) -> str | None:
            value = claims.get(name)
            return None if value is None else str(value)

        def number(name: str) -> int | None:
            value = claims.get(name)
            try:
                return None if value is None or isinstance(value, bool) else int(value)
            except (TypeError, ValueError):
                raise TokenError(f"token claim {name} is not a number") from None

        session_id = text("session_id")
        if not session_id:
            raise TokenError("token has no session_id")
        role_text = text("role") or ""
        try:
            role: Role | str = Role(role_text)
        except ValueError:
            role = role_text
        layout = claims.get("initial_layout_class_list") or ""
        layout_items = tuple(layout) if isinstance(layout, list) else tuple(str(layout).split())
        return cls(
            format=fmt,
            issuer=issuer,
            session_id=session_id,
            role=role,
            issued_at=number("iat") if fmt == "jwt" else number("create_time"),
            expire_time=number("exp") if fmt == "jwt" else number("expire_time"),
            data=text("connection_data"),
            initial_layout_class_list=tuple(str(x) for x in layout_items),
            nonce=_nonce(claims.get("nonce")),
            raw=dict(claims),
        )


def _split_t1(token: str) -> tuple[dict[str, str], str, str]:
    try:
        plain = base64.b64decode(token[len(T1_PREFIX) :], validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise TokenError("malformed T1 token: not base64 text") from None
    meta_text, sep, data_string = plain.partition(":")
    if not sep:
        raise TokenError("malformed T1 token: no ':' between signature and data")
    meta = {k: v[0] for k, v in parse_qs(meta_text, keep_blank_values=True).items()}
    if "sig" not in meta or "partner_id" not in meta:
        raise TokenError("malformed T1 token: missing partner_id or sig")
    return meta, meta["sig"], data_string


def _t1_claims(data_string: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(data_string, keep_blank_values=True).items()}


def decode_token(token: str) -> TokenClaims:
    """Read a client token's claims WITHOUT checking its signature (for inspection and logs).

    Use ``verify_token`` whenever the answer matters.
    """
    if not isinstance(token, str):
        raise TokenError("a token must be a string")
    if token.startswith(T1_PREFIX):
        meta, _, data_string = _split_t1(token)
        return TokenClaims.from_claims("t1", meta["partner_id"], _t1_claims(data_string))
    _, claims, _, _ = split_jwt(token)
    return TokenClaims.from_claims("jwt", _issuer(claims), claims)


def _issuer(claims: Mapping[str, Any]) -> str | None:
    value = claims.get("iss", claims.get("application_id"))
    return None if value is None else str(value)


def verify_token(token: str, credentials: Credentials, *, now: float | None = None) -> TokenClaims:
    """Check a client token's signature against ``credentials`` and return its claims.

    Raises TokenError if the signature does not verify, the token was issued for another
    project, or (when ``now`` is given) it has expired.
    """
    if not isinstance(token, str):
        raise TokenError("a token must be a string")
    if token.startswith(T1_PREFIX):
        if not isinstance(credentials, ProjectCredentials):
            raise TokenError("T1 tokens are verified with project credentials")
        meta, sig, data_string = _split_t1(token)
        expected = credentials.sign_t1(data_string.encode("utf-8"))
        if not hmac.compare_digest(expected, sig):
            raise TokenError("T1 token signature does not verify")
        if meta["partner_id"] != credentials.api_key:
            raise TokenError("token was issued for another API key")
        claims = TokenClaims.from_claims("t1", meta["partner_id"], _t1_claims(data_string))
    else:
        raw = decode_jwt(token, credentials.signing_key)
        claims = TokenClaims.from_claims("jwt", _issuer(raw), raw)
        if claims.issuer != credentials.project_id:
            raise TokenError("token was issued for another project")
    if now is not None and (claims.expire_time is None or claims.expire_time <= now):
        raise TokenError("token has expired")
    return claims
