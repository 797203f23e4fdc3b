"""Comparison 1: client-token minting, µs per token."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable

from fixtures import (
    API_KEY,
    API_SECRET,
    APPLICATION_ID,
    SESSION_ID,
    handrolled_client_token,
    rsa_pem,
)
from harness import Contender, Section, interleave
from harness import timed as _timed

from opentok_core import decode_token
from opentok_sync import Client


def timed(fn: Callable[[], object]) -> Contender:
    """Minting is pure CPU: time it in process CPU time (steady on a shared machine)."""
    return _timed(fn, clock=time.process_time)


def jwt_section(rounds: int, n: int) -> Section:
    import jwt as pyjwt
    from opentok import OpenTok

    ours = Client(API_KEY, API_SECRET)
    official = OpenTok(API_KEY, API_SECRET)
    token = ours.generate_token(SESSION_ID)
    signing_input = token.rsplit(".", 1)[0].encode("ascii")
    secret = API_SECRET.encode()

    def floor() -> bytes:
        digest = hmac.new(secret, signing_input, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=")

    claims_template = decode_token(token).raw

    def pyjwt_only() -> str:
        now = int(time.time())
        return pyjwt.encode(
            {**claims_template, "iat": now, "exp": now + 86400}, API_SECRET, algorithm="HS256"
        )

    results = interleave(
        {
            "opentok-py Client.generate_token": timed(lambda: ours.generate_token(SESSION_ID)),
            "official opentok 3.15 generate_token": timed(
                lambda: official.generate_token(SESSION_ID)
            ),
            "PyJWT 2 jwt.encode (same claims)": timed(pyjwt_only),
            "hand-rolled json+base64+hmac JWT": timed(handrolled_client_token),
            "floor: bare HMAC-SHA256 + base64": timed(floor),
        },
        {
            "opentok-py Client.generate_token": n,
            "official opentok 3.15 generate_token": n // 10,
            "PyJWT 2 jwt.encode (same claims)": n // 5,
            "hand-rolled json+base64+hmac JWT": n // 2,
            "floor: bare HMAC-SHA256 + base64": n,
        },
        rounds,
    )
    ours.close()
    return Section(
        "1a. client token, JWT HS256 (project credentials): µs per token",
        list(results.values()),
        "opentok-py Client.generate_token",
    )


def t1_section(rounds: int, n: int) -> Section:
    from opentok import OpenTok

    ours = Client(API_KEY, API_SECRET)
    official = OpenTok(API_KEY, API_SECRET)
    token = ours.generate_token(SESSION_ID, use_jwt=False)
    plain = base64.b64decode(token[4:]).decode()
    data_string = plain.partition(":")[2].encode()
    secret = API_SECRET.encode()
    prefix = f"partner_id={API_KEY}&sig=".encode()

    def floor() -> str:
        sig = hmac.new(secret, data_string, hashlib.sha1).hexdigest().encode()
        return "T1==" + base64.b64encode(prefix + sig + b":" + data_string).decode()

    results = interleave(
        {
            "opentok-py generate_token(use_jwt=False)": timed(
                lambda: ours.generate_token(SESSION_ID, use_jwt=False)
            ),
            "official opentok 3.15 (use_jwt=False)": timed(
                lambda: official.generate_token(SESSION_ID, use_jwt=False)
            ),
            "floor: bare HMAC-SHA1 + base64": timed(floor),
        },
        {
            "opentok-py generate_token(use_jwt=False)": n,
            "official opentok 3.15 (use_jwt=False)": n // 10,
            "floor: bare HMAC-SHA1 + base64": n,
        },
        rounds,
    )
    ours.close()
    return Section(
        "1b. client token, legacy T1: µs per token",
        list(results.values()),
        "opentok-py generate_token(use_jwt=False)",
    )


def rs256_section(rounds: int, n: int) -> Section:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding
    from vonage_http_client import Auth, HttpClient
    from vonage_video import TokenOptions, Video

    pem = rsa_pem()
    ours = Client(application_id=APPLICATION_ID, private_key=pem)
    vonage = Video(HttpClient(Auth(application_id=APPLICATION_ID, private_key=pem)))
    token = ours.generate_token(SESSION_ID)
    signing_input = token.rsplit(".", 1)[0].encode("ascii")
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    sign_padding, sign_hash = padding.PKCS1v15(), hashes.SHA256()

    def floor() -> bytes:
        return key.sign(signing_input, sign_padding, sign_hash)  # type: ignore[union-attr,call-arg]

    results = interleave(
        {
            "opentok-py Client.generate_token (RS256)": timed(
                lambda: ours.generate_token(SESSION_ID)
            ),
            "vonage-video generate_client_token": timed(
                lambda: vonage.generate_client_token(TokenOptions(session_id=SESSION_ID))
            ),
            "floor: one bare RSA-2048 PKCS1v15 sign": timed(floor),
        },
        {
            "opentok-py Client.generate_token (RS256)": n,
            "vonage-video generate_client_token": max(n // 10, 10),
            "floor: one bare RSA-2048 PKCS1v15 sign": n,
        },
        rounds,
    )
    ours.close()
    return Section(
        "1c. client token, RS256 (Vonage application credentials): µs per token",
        list(results.values()),
        "opentok-py Client.generate_token (RS256)",
    )


def hmac_section(rounds: int, n: int) -> Section:
    """The one hand-rolled device of token minting, against the plain ways to do its job."""
    from opentok_core._jwt import HmacKey

    secret = API_SECRET.encode()
    prefix = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."  # the header segment every token starts with
    message = b"eyJpc3MiOiIxMjM0NTYiLCJpYXQiOjE3MDAwMDAwMDB9"
    device = HmacKey(secret, hashlib.sha256, prefix)
    keyed = hmac.new(secret, prefix, hashlib.sha256)

    def copied() -> bytes:
        mac = keyed.copy()
        mac.update(message)
        return mac.digest()

    results = interleave(
        {
            "HmacKey.digest (cached inner/outer states)": timed(lambda: device.digest(message)),
            "hmac.new(key, prefix).copy() + update": timed(copied),
            "hmac.digest(key, prefix + message)": timed(
                lambda: hmac.digest(secret, prefix + message, "sha256")
            ),
        },
        {
            "HmacKey.digest (cached inner/outer states)": n,
            "hmac.new(key, prefix).copy() + update": n,
            "hmac.digest(key, prefix + message)": n,
        },
        rounds,
    )
    return Section(
        "1d. one HMAC-SHA256 of a token's signing input: µs per MAC",
        list(results.values()),
        "HmacKey.digest (cached inner/outer states)",
    )
