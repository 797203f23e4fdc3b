"""The credentials, ids and hand-written "bare" building blocks every comparison shares.

The bare helpers are what a competent engineer would write by hand with the standard library:
they are the floors and anchors our code is measured against, so they are kept plain.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import time
import uuid
from functools import cache

from opentok_core import encode_session_id

API_KEY = "123456"
API_SECRET = "0123456789abcdef0123456789abcdef01234567"
APPLICATION_ID = "c2a8b8a6-0d2b-4b5e-9d7e-1f1a2b3c4d5e"
SESSION_ID = encode_session_id(API_KEY, "", "Mon Mar 17 00:41:31 PDT 2014", "0.6837895344942808")
ARCHIVE_ID = "b40ef09b-3811-4726-b508-e41a0f96c68f"
USER_AGENT = "bench/1"


@cache
def rsa_pem() -> str:
    """A fresh 2048-bit RSA private key as PKCS#8 PEM (the Vonage application key)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


_SECRET = API_SECRET.encode()


def handrolled_jwt(claims: dict[str, object]) -> str:
    """The straightforward json + base64 + hmac HS256 JWT."""
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}"
    signature = hmac.new(_SECRET, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def handrolled_client_token() -> str:
    """A client token with the same claims ours carries, minted by hand (clock and nonce too)."""
    now = int(time.time())
    return handrolled_jwt(
        {
            "iss": API_KEY,
            "ist": "project",
            "iat": now,
            "exp": now + 86400,
            "scope": "session.connect",
            "session_id": SESSION_ID,
            "role": "publisher",
            "nonce": random.randrange(1_000_000),
        }
    )


def handrolled_auth_header() -> str:
    """The X-OPENTOK-AUTH JWT for one REST call, minted by hand (clock and jti too)."""
    now = int(time.time())
    return handrolled_jwt(
        {"iss": API_KEY, "ist": "project", "iat": now, "exp": now + 180, "jti": uuid.uuid4().hex}
    )
