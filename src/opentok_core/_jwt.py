"""A small compact-JWS (JWT) encoder and verifier: HS256 with ``hmac``, RS256 with
``cryptography``. No PyJWT. No clock: expiry checks take ``now`` from the caller.

Keys are objects that precompute what they can (the keyed HMAC state with the constant header
segment already absorbed, the parsed RSA key and its padding), because minting sits on hot paths
(a token per page load, an auth JWT per REST call). ``key.encode(payload)`` turns compact JSON
bytes into a whole JWS; ``json_str`` lets callers with a fixed claim set write that JSON with an
f-string, several times faster than ``json.dumps`` on a small dict.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from ._errors import TokenError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

__all__ = [
    "HS256Key",
    "HmacKey",
    "JwsKey",
    "RS256Key",
    "b64url",
    "b64url_decode",
    "decode_jwt",
    "encode_jwt",
    "json_str",
]

_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _b64url(data: bytes) -> bytes:
    return binascii.b2a_base64(data, newline=False).rstrip(b"=").translate(_URLSAFE)


def b64url(data: bytes) -> str:
    """Unpadded base64url, as JWS requires."""
    return _b64url(data).decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode unpadded (or padded) base64url; raises ValueError on bad input."""
    try:
        raw = text.encode("ascii")
    except UnicodeEncodeError as exc:
        raise ValueError("not base64url") from exc
    try:
        return base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc


def _dumps(obj: Any) -> bytes:
    return _ENCODER.encode(obj).encode("utf-8")


def json_str(value: str) -> str:
    """``value`` as a JSON string literal (quoted and escaped), as ``json.dumps`` writes it."""
    return _ENCODER.encode(value)


# RFC 2104: HMAC(K, m) = H((K ^ opad) || H((K ^ ipad) || m)), K zero-padded to the block size.
_IPAD = bytes(x ^ 0x36 for x in range(256))
_OPAD = bytes(x ^ 0x5C for x in range(256))


class HmacKey:
    """An HMAC key whose inner and outer hash states are computed once (RFC 2104).

    Each MAC then costs two state copies and two short updates: no re-keying and no
    ``hmac.HMAC`` object per message. ``prefix`` (optional) is a constant start of every
    message, absorbed into the inner state up front.
    """

    __slots__ = ("_inner", "_outer")

    def __init__(self, key: bytes, digestmod: Callable[..., Any], prefix: bytes = b"") -> None:
        block = digestmod().block_size
        if len(key) > block:
            key = digestmod(key).digest()
        key = key.ljust(block, b"\0")
        self._inner = digestmod(key.translate(_IPAD))
        self._inner.update(prefix)
        self._outer = digestmod(key.translate(_OPAD))

    def digest(self, message: bytes) -> bytes:
        """The MAC of ``prefix + message``."""
        inner = self._inner.copy()
        inner.update(message)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return "HmacKey(<secret>)"


class JwsKey(Protocol):
    """What encode/verify need of a key: its ``alg``, the header segment, sign and verify."""

    alg: str
    header_segment: str

    def encode(self, payload: bytes) -> str:
        """The compact JWS of ``payload`` (the claims as compact JSON bytes)."""
        ...

    def sign(self, signing_input: bytes) -> bytes: ...

    def verify(self, signing_input: bytes, signature: bytes) -> bool: ...


class HS256Key:
    """An HMAC-SHA256 key with its keyed state computed once (and, for minting, the header
    segment already hashed in)."""

    alg = "HS256"
    header_segment = b64url(_dumps({"alg": "HS256", "typ": "JWT"}))
    _prefix = header_segment + "."

    __slots__ = ("_mac", "_minter")

    def __init__(self, secret: str | bytes) -> None:
        key = secret.encode("utf-8") if isinstance(secret, str) else secret
        self._mac = HmacKey(key, hashlib.sha256)
        self._minter = HmacKey(key, hashlib.sha256, self._prefix.encode("ascii"))

    def encode(self, payload: bytes) -> str:
        # _b64url written out twice: two calls fewer on the path of every token.
        segment = binascii.b2a_base64(payload, newline=False).rstrip(b"=").translate(_URLSAFE)
        signature = binascii.b2a_base64(self._minter.digest(segment), newline=False)
        return self._prefix + (segment + b"." + signature.rstrip(b"=").translate(_URLSAFE)).decode(
            "ascii"
        )

    def sign(self, signing_input: bytes) -> bytes:
        return self._mac.digest(signing_input)

    def verify(self, signing_input: bytes, signature: bytes) -> bool:
        return hmac.compare_digest(self.sign(signing_input), signature)

    def __repr__(self) -> str:
        return "HS256Key(<secret>)"


class RS256Key:
    """An RSA key for RS256: signs with the private half, verifies with the public half."""

    alg = "RS256"
    header_segment = b64url(_dumps({"alg": "RS256", "typ": "JWT"}))

    _prefix = header_segment + "."

    __slots__ = ("_private", "_public", "_scheme")

    def __init__(
        self, private: RSAPrivateKey | None = None, public: RSAPublicKey | None = None
    ) -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        self._private = private
        self._public = (
            public
            if public is not None
            else (private.public_key() if private is not None else None)
        )
        self._scheme = (padding.PKCS1v15(), hashes.SHA256())

    @classmethod
    def from_pem(cls, pem: str | bytes) -> RS256Key:
        """Parse a PEM private key (PKCS#8 or PKCS#1) or public key; raises ValueError."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        data = pem.encode("ascii") if isinstance(pem, str) else pem
        if b"PUBLIC KEY" in data:
            public = serialization.load_pem_public_key(data)
            if not isinstance(public, rsa.RSAPublicKey):
                raise ValueError("not an RSA public key")
            return cls(public=public)
        try:
            private = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError):
            raise ValueError("not a readable unencrypted PEM private key") from None
        if not isinstance(private, rsa.RSAPrivateKey):
            raise ValueError("not an RSA private key")
        return cls(private=private)

    def encode(self, payload: bytes) -> str:
        signing_input = self._prefix + b64url(payload)
        return signing_input + "." + b64url(self.sign(signing_input.encode("ascii")))

    def sign(self, signing_input: bytes) -> bytes:
        if self._private is None:
            raise TokenError("this RS256 key has no private half: it can verify, not sign")
        return self._private.sign(signing_input, *self._scheme)

    def verify(self, signing_input: bytes, signature: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature

        if self._public is None:  # pragma: no cover - constructor always sets one
            return False
        try:
            self._public.verify(signature, signing_input, *self._scheme)
        except InvalidSignature:
            return False
        return True

    def public_pem(self) -> bytes:
        """The public half as SubjectPublicKeyInfo PEM (to register with a verifier)."""
        from cryptography.hazmat.primitives import serialization

        assert self._public is not None
        return self._public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def __repr__(self) -> str:
        return "RS256Key(<key>)"


def encode_jwt(claims: Mapping[str, Any], key: JwsKey) -> str:
    """Sign ``claims`` into a compact JWS with ``key``."""
    return key.encode(_dumps(claims))


def split_jwt(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """Split a compact JWS into (header, claims, signing input, signature) without verifying.

    Raises TokenError on anything that is not a well-formed JWS with JSON-object segments.
    """
    if not isinstance(token, str):
        raise TokenError("a JWT must be a string")
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError("a JWT has three dot-separated segments")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise TokenError(f"malformed JWT: {type(exc).__name__}") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise TokenError("malformed JWT: header and claims must be JSON objects")
    return header, claims, (parts[0] + "." + parts[1]).encode("ascii"), signature


def decode_jwt(
    token: str, key: JwsKey, *, now: float | None = None, leeway: float = 0
) -> dict[str, Any]:
    """Verify ``token``'s signature with ``key`` and return its claims.

    The header's ``alg`` must equal the key's (no "none", no algorithm confusion). When ``now``
    is given, ``exp`` must be later than ``now - leeway`` and ``iat`` no later than
    ``now + leeway``.
    """
    header, claims, signing_input, signature = split_jwt(token)
    if header.get("alg") != key.alg:
        raise TokenError(f"JWT algorithm must be {key.alg}")
    if not key.verify(signing_input, signature):
        raise TokenError("JWT signature does not verify")
    if now is not None:
        exp = claims.get("exp")
        if not isinstance(exp, (int, float)) or isinstance(exp, bool):
            raise TokenError("JWT has no numeric exp claim")
        if exp <= now - leeway:
            raise TokenError("JWT has expired")
        iat = claims.get("iat")
        if isinstance(iat, (int, float)) and not isinstance(iat, bool) and iat > now + leeway:
            raise TokenError("JWT is not yet valid (iat is in the future)")
    return claims
