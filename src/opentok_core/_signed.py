"""Signed callbacks ("secure callbacks"): verify that a callback came, unchanged and once, from
the service. Pure: the time is a parameter and the replay store is handed in.

The service signs each callback it POSTs with the signature secret configured for that
callback (not the API secret): ``Authorization: Bearer <JWT>``, HS256, with the claims ``iat``,
``jti``, ``iss: "Vonage"``, ``payload_hash`` (SHA-256 hex of the raw body), ``api_key`` and
``application_id`` (spec/service.md#signed-callbacks). The Vonage SDKs only check the JWT's
signature; ``verify_callback`` also checks the body's hash, the age, the issuer, replays and
the project, so that a forged or replayed ``{"status": "available"}`` is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any, Protocol

import attrs

from ._errors import InvalidSignature, TokenError, ValidationError
from ._jwt import HS256Key, encode_jwt, split_jwt
from ._model import Model
from ._validate import check_id, check_str

__all__ = [
    "CallbackClaims",
    "MemorySeenStore",
    "SeenStore",
    "payload_hash",
    "sign_callback",
    "verify_callback",
]

#: The issuer the service writes in its callback JWTs.
ISSUER = "Vonage"


class SeenStore(Protocol):
    """Remembers ids (a JWT's ``jti``, an event's id) to refuse a second delivery.

    ``add`` records ``key`` until ``expires_at`` (unix seconds) and says whether it was new:
    False means it was already there, unexpired, at ``now``. A store shared by several
    processes (Redis ``SET key 1 NX EXAT expires_at``) implements the same method.
    """

    def add(self, key: str, *, now: float, expires_at: float) -> bool: ...


class MemorySeenStore:
    """A bounded in-process SeenStore: expired ids are forgotten, and past ``max_entries`` the
    oldest go first (a flood of fresh ids cannot grow it without bound). Safe to share between
    threads (a threaded web server's handlers): one delivery of an id is admitted."""

    def __init__(self, max_entries: int = 100_000) -> None:
        if isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1:
            raise ValidationError("max_entries", "must be a positive int")
        self._max = max_entries
        self._entries: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, key: str, *, now: float, expires_at: float) -> bool:
        with self._lock:
            while self._entries:
                oldest, expiry = next(iter(self._entries.items()))
                if expiry > now and len(self._entries) < self._max:
                    break
                del self._entries[oldest]
            known = self._entries.get(key)
            if known is not None and known > now:
                return False
            self._entries[key] = expires_at
            self._entries.move_to_end(key)
            return True

    def discard(self, key: str) -> None:
        """Forget ``key`` (a handler failed: let its redelivery through)."""
        with self._lock:
            self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)


@attrs.frozen
class CallbackClaims(Model):
    """The verified claims of a callback's JWT. ``raw`` keeps every claim as sent."""

    iat: float
    payload_hash: str
    jti: str | None = None
    iss: str | None = None
    api_key: str | None = None
    application_id: str | None = None
    exp: float | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


def payload_hash(body: bytes) -> str:
    """The SHA-256 hex digest of the raw body bytes, as the ``payload_hash`` claim holds it."""
    return hashlib.sha256(body).hexdigest()


def _raw_body(body: object) -> bytes:
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    raise ValidationError(
        "body",
        f"must be the raw request body (bytes) to check its hash, not {type(body).__name__}",
    )


#: Longer than any header a web server forwards (they refuse 8-16 KiB heads).
MAX_AUTHORIZATION = 16_384


def _secret(signature_secret: object) -> str | bytes:
    if isinstance(signature_secret, bytes) and 0 < len(signature_secret) <= 4096:
        return signature_secret
    return check_str("signature_secret", signature_secret, min_len=1, max_len=4096)


def _project(api_key: object, application_id: object) -> tuple[str | None, str | None]:
    """The api key and application id asked for, checked as the caller's arguments."""
    key: str | None = None
    if isinstance(api_key, int) and not isinstance(api_key, bool):
        if api_key < 0:
            raise ValidationError("api_key", "must be a positive number or its string")
        key = str(api_key)
    elif api_key is not None:
        key = check_id("api_key", api_key)
    app = None if application_id is None else check_id("application_id", application_id)
    return key, app


def _store(seen: object) -> SeenStore | None:
    if seen is not None and not callable(getattr(seen, "add", None)):
        raise ValidationError("seen", "must have add(key, *, now, expires_at) -> bool")
    return seen  # type: ignore[return-value]


def check_options(
    max_age: object, api_key: object, application_id: object, seen: object
) -> tuple[float, str | None, str | None, SeenStore | None]:
    """The verification options, checked as the caller's arguments (ValidationError)."""
    age = _number(max_age)
    if age is None or age <= 0:
        raise ValidationError("max_age", "must be a positive number of seconds")
    return (age, *_project(api_key, application_id), _store(seen))


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _optional_str(claims: Mapping[str, Any], name: str) -> str | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidSignature("malformed", f"the {name} claim must be a string")
    return str(value)


def _token(authorization: object) -> str:
    if not isinstance(authorization, str) or not authorization.strip():
        raise InvalidSignature("malformed", "no Authorization header: the callback is unsigned")
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidSignature("malformed", "the Authorization header is not 'Bearer <JWT>'")
    return token.strip()


def verify_callback(
    body: bytes,
    authorization: str,
    signature_secret: str,
    *,
    now: float,
    max_age: float = 300,
    api_key: str | int | None = None,
    application_id: str | None = None,
    seen: SeenStore | None = None,
) -> CallbackClaims:
    """Check a callback's ``Authorization`` value (``Bearer <JWT>``) against its raw ``body``.

    Refused, with ``InvalidSignature`` saying why: an algorithm other than HS256 (never
    ``none``), a signature that does not verify with ``signature_secret``, a ``payload_hash``
    other than the body's SHA-256, an ``iat`` more than ``max_age`` seconds before or after
    ``now``, a past ``exp``, an ``iss`` other than Vonage, an ``api_key``/``application_id``
    other than the one asked for (required when asked for, else checked only when present),
    and, given a ``seen`` store, a ``jti`` already seen (a missing ``jti`` is refused then).
    The store is written last, so a refused callback does not spend its id.
    """
    raw = _raw_body(body)
    key = HS256Key(_secret(signature_secret))
    if _number(now) is None:
        raise ValidationError("now", "must be unix seconds (a number)")
    max_age, api_key, application_id, seen = check_options(max_age, api_key, application_id, seen)
    if authorization is not None and not isinstance(authorization, str):
        raise ValidationError("authorization", "must be the header's value, a str")
    if authorization is not None and len(authorization) > MAX_AUTHORIZATION:
        raise ValidationError("authorization", f"is over {MAX_AUTHORIZATION} characters")
    try:
        header, claims, signing_input, signature = split_jwt(_token(authorization))
    except TokenError as exc:
        raise InvalidSignature("malformed", str(exc)) from None
    # RFC 8725 section 3.1: the algorithm is fixed by the verifier, never taken from the token.
    if header.get("alg") != "HS256":
        raise InvalidSignature("algorithm", f"alg must be HS256, not {header.get('alg')!r:.20}")
    if not key.verify(signing_input, signature):
        raise InvalidSignature("signature", "the JWT is not signed with this signature secret")
    claimed = claims.get("payload_hash")
    if not isinstance(claimed, str):
        raise InvalidSignature("payload_hash", "the JWT has no payload_hash claim")
    if not hmac.compare_digest(claimed.lower().encode(), payload_hash(raw).encode()):
        raise InvalidSignature("payload_hash", "the body is not the one that was signed")
    iat = _number(claims.get("iat"))
    if iat is None:
        raise InvalidSignature("malformed", "the JWT has no numeric iat claim")
    if now - iat > max_age:
        raise InvalidSignature("stale", f"issued {now - iat:.0f} s ago, more than {max_age:g} s")
    if iat - now > max_age:
        raise InvalidSignature("future", f"issued {iat - now:.0f} s in the future")
    exp = claims.get("exp")
    if exp is not None:
        exp_at = _number(exp)
        if exp_at is None:
            raise InvalidSignature("malformed", "the exp claim must be a number")
        if exp_at <= now:
            raise InvalidSignature("expired", "the JWT's exp has passed")
    issuer = _optional_str(claims, "iss")
    if issuer is not None and issuer != ISSUER:
        raise InvalidSignature("issuer", f"iss must be {ISSUER!r}, not {issuer!r:.40}")
    result = CallbackClaims(
        iat=iat,
        payload_hash=claimed.lower(),
        jti=_optional_str(claims, "jti"),
        iss=issuer,
        api_key=_optional_str(claims, "api_key"),
        application_id=_optional_str(claims, "application_id"),
        exp=_number(exp),
        raw=claims,
    )
    for name, wanted, got in (
        ("api_key", api_key, result.api_key),
        ("application_id", application_id, result.application_id),
    ):
        if wanted is not None and got != wanted:
            said = "none" if got is None else repr(got)
            raise InvalidSignature(name, f"signed for {name} {said}, not {wanted!r}")
    if seen is not None:
        if result.jti is None:
            raise InvalidSignature("malformed", "the JWT has no jti claim to detect replays by")
        if not seen.add(f"jti:{result.jti}", now=now, expires_at=iat + max_age):
            raise InvalidSignature("replayed", f"jti {result.jti!r:.60} was already seen")
    return result


def sign_callback(
    body: bytes,
    signature_secret: str,
    *,
    now: float,
    jti: str,
    api_key: str | None = None,
    application_id: str | None = None,
) -> str:
    """The ``Authorization`` value the service sends with ``body``: ``Bearer <JWT>`` with the
    claims above (how the emulator signs, and how tests make callbacks)."""
    claims: dict[str, Any] = {
        "iat": int(now),
        "jti": jti,
        "iss": ISSUER,
        "payload_hash": payload_hash(_raw_body(body)),
    }
    if api_key is not None:
        claims["api_key"] = str(api_key)
    if application_id is not None:
        claims["application_id"] = application_id
    return "Bearer " + encode_jwt(claims, HS256Key(_secret(signature_secret)))
