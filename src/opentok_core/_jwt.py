"""A small compact-JWS (JWT) encoder and verifier: HS256 with ``hmac``, RS256 with
``cryptography``. No PyJWT. No clock: expiry checks take ``now`` from the caller.

Keys are objects that precompute what they can (the keyed HMAC state, the parsed RSA key and
the constant header segment), because minting sits on hot paths (a token per page load, an auth
JWT per REST call).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from ._errors import TokenError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

__all__ = ["HS256Key", "JwsKey", "RS256Key", "b64url", "b64url_decode", "decode_jwt", "encode_jwt"]


def b64url(data: bytes) -> str:
    """Unpadded base64url, as JWS requires."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


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
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class JwsKey(Protocol):
    """What encode/verify need of a key: its ``alg``, the header segment, sign and verify."""

    alg: str
    header_segment: str

    def sign(self, signing_input: bytes) -> bytes: ...

    def verify(self, signing_input: bytes, signature: bytes) -> bool: ...


class HS256Key:
    """An HMAC-SHA256 key with its keyed state computed once."""

    alg = "HS256"
    header_segment = b64url(_dumps({"alg": "HS256", "typ": "JWT"}))

    __slots__ = ("_mac",)

    def __init__(self, secret: str | bytes) -> None:
        key = secret.encode("utf-8") if isinstance(secret, str) else secret
        self._mac = hmac.new(key, digestmod=hashlib.sha256)

    def sign(self, signing_input: bytes) -> bytes:
        mac = self._mac.copy()
        mac.update(signing_input)
        return mac.digest()

    def verify(self, signing_input: bytes, signature: bytes) -> bool:
        return hmac.compare_digest(self.sign(signing_input), signature)

    def __repr__(self) -> str:
        return "HS256Key(<secret>)"


class RS256Key:
    """An RSA key for RS256: signs with the private half, verifies with the public half."""

    alg = "RS256"
    header_segment = b64url(_dumps({"alg": "RS256", "typ": "JWT"}))

    __slots__ = ("_private", "_public")

    def __init__(
        self, private: RSAPrivateKey | None = None, public: RSAPublicKey | None = None
    ) -> None:
        self._private = private
        self._public = (
            public
            if public is not None
            else (private.public_key() if private is not None else None)
        )

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

    def sign(self, signing_input: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        if self._private is None:
            raise TokenError("this RS256 key has no private half: it can verify, not sign")
        return self._private.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())

    def verify(self, signing_input: bytes, signature: bytes) -> bool:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        if self._public is None:  # pragma: no cover - constructor always sets one
            return False
        try:
            self._public.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
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
    signing_input = key.header_segment + "." + b64url(_dumps(claims))
    return signing_input + "." + b64url(key.sign(signing_input.encode("ascii")))


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
