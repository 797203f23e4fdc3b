"""Client tokens: minted tokens verify (ours, PyJWT, a hand HMAC-SHA1), round-trip their claims,
fail on any flipped byte, and bad options are refused before minting."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from urllib.parse import parse_qs

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opentok_core import (
    ApplicationCredentials,
    ProjectCredentials,
    Role,
    TokenError,
    ValidationError,
    decode_token,
    generate_token,
    verify_token,
)
from opentok_testing import strategies as ots
from tests.conftest import API_KEY, API_SECRET, OTHER_SESSION_ID, SESSION_ID

NOW = 1_700_000_000
CREDS = ProjectCredentials(API_KEY, API_SECRET)
_RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PEM = _RSA.private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
).decode()
APP = ApplicationCredentials("c2a8b8a6-0d2b-4b5e-9d7e-1f1a2b3c4d5e", PEM)


def mint(**kw: object) -> str:
    kw.setdefault("now", NOW)
    kw.setdefault("nonce", 77)
    kw.setdefault("jti", "jti-1")
    creds = kw.pop("credentials", CREDS)
    session = kw.pop("session_id", SESSION_ID)
    return generate_token(creds, session, **kw)  # type: ignore[arg-type]


def test_jwt_token_verifies_with_pyjwt_and_carries_the_reference_claims() -> None:
    token = mint(role="moderator", data="name=Ann", initial_layout_class_list=["focus", "big"])
    claims = pyjwt.decode(token, API_SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert claims == {
        "iss": API_KEY,
        "ist": "project",
        "iat": NOW,
        "exp": NOW + 86400,
        "scope": "session.connect",
        "session_id": SESSION_ID,
        "role": "moderator",
        "nonce": 77,
        "connection_data": "name=Ann",
        "initial_layout_class_list": "focus big",
    }
    assert pyjwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}


def test_vonage_token_is_rs256_and_verifies_with_the_public_key() -> None:
    token = mint(credentials=APP, role="subscriber")
    claims = pyjwt.decode(
        token, _RSA.public_key(), algorithms=["RS256"], options={"verify_exp": False}
    )
    assert claims["application_id"] == APP.application_id
    assert claims["sub"] == "video" and claims["scope"] == "session.connect"
    assert claims["acl"] == {"paths": {"/session/**": {}}}
    assert claims["jti"] == "jti-1" and claims["role"] == "subscriber"
    assert verify_token(token, APP).role is Role.SUBSCRIBER


def test_a_jti_function_is_called_only_for_tokens_that_carry_one() -> None:
    # The clients hand their entropy source, not a drawn id: project tokens need none.
    drawn: list[str] = []

    def jti() -> str:
        drawn.append(f"jti-{len(drawn)}")
        return drawn[-1]

    mint(jti=jti)
    mint(jti=jti, use_jwt=False)
    assert drawn == []
    token = mint(credentials=APP, jti=jti)
    assert (
        drawn == ["jti-0"]
        and pyjwt.decode(
            token, _RSA.public_key(), algorithms=["RS256"], options={"verify_exp": False}
        )["jti"]
        == "jti-0"
    )


@pytest.mark.parametrize("bad", [None, 42, "", lambda: 7, lambda: ""])
def test_a_bad_jti_is_refused_for_tokens_that_carry_one(bad: object) -> None:
    with pytest.raises(ValidationError, match="jti"):
        mint(credentials=APP, jti=bad)


def test_t1_token_signature_is_hmac_sha1_over_its_data_string() -> None:
    token = mint(use_jwt=False, data="a&b=c:d", initial_layout_class_list=["x"])
    assert token.startswith("T1==")
    plain = base64.b64decode(token[4:]).decode()
    meta, data_string = plain.split(":", 1)
    fields = parse_qs(meta)
    expected = hmac.new(API_SECRET.encode(), data_string.encode(), hashlib.sha1).hexdigest()
    assert fields["partner_id"] == [API_KEY] and fields["sig"] == [expected]
    data = parse_qs(data_string)
    assert data["connection_data"] == ["a&b=c:d"]
    assert data["session_id"] == [SESSION_ID] and data["role"] == ["publisher"]
    assert data["create_time"] == [str(NOW)] and data["expire_time"] == [str(NOW + 86400)]


def test_t1_needs_project_credentials() -> None:
    with pytest.raises(ValidationError, match="use_jwt"):
        mint(credentials=APP, use_jwt=False)


def test_datetime_expiry_is_converted_as_utc() -> None:
    when = dt.datetime.fromtimestamp(NOW + 3600, tz=dt.timezone.utc).replace(tzinfo=None)
    assert decode_token(mint(expire_time=when)).expire_time == NOW + 3600


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"role": "admin"}, "role"),
        ({"role": 3}, "role"),
        ({"expire_time": NOW - 1}, "expire_time"),
        ({"expire_time": NOW}, "expire_time"),
        ({"expire_time": NOW + 30 * 86400 + 1}, "expire_time"),
        ({"expire_time": "soon"}, "expire_time"),
        ({"expire_time": True}, "expire_time"),
        ({"data": "x" * 1001}, "data"),
        ({"data": 5}, "data"),
        ({"initial_layout_class_list": ["ok", 3]}, "initial_layout_class_list[1]"),
        ({"initial_layout_class_list": 7}, "initial_layout_class_list"),
        ({"session_id": OTHER_SESSION_ID}, "session_id"),
        ({"session_id": ""}, "session_id"),
        ({"session_id": "not a session"}, "session_id"),
        ({"session_id": None}, "session_id"),
        ({"use_jwt": "yes"}, "use_jwt"),
    ],
)
def test_bad_option_is_refused_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        mint(**kwargs)
    assert info.value.field == field
    assert str(info.value).startswith(field)


def test_boundaries_are_accepted() -> None:
    assert mint(expire_time=NOW + 30 * 86400, data="x" * 1000)


def test_verify_rejects_another_secret_and_reports_expiry() -> None:
    token = mint()
    with pytest.raises(TokenError):
        verify_token(token, ProjectCredentials(API_KEY, "another-secret"))
    with pytest.raises(TokenError, match="expired"):
        verify_token(token, CREDS, now=NOW + 86400)
    t1 = mint(use_jwt=False)
    with pytest.raises(TokenError):
        verify_token(t1, ProjectCredentials(API_KEY, "another-secret"))


def test_hs256_token_is_not_accepted_as_rs256() -> None:
    with pytest.raises(TokenError, match="algorithm"):
        verify_token(mint(), APP)


# Properties ---------------------------------------------------------------------------------

# The public strategies (opentok_testing.strategies) drive these: we test with what we
# ship to users for their own property tests.


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(ots.project_credentials(), st.data())
def test_every_minted_token_verifies_and_round_trips(
    creds: ProjectCredentials, data: st.DataObject
) -> None:
    session_id = data.draw(ots.session_ids(creds.api_key), "session_id")
    opts = data.draw(ots.token_options(now=NOW, margin=1), "options")
    nonce = data.draw(st.integers(0, 999_999), "nonce")
    token = mint(credentials=creds, session_id=session_id, nonce=nonce, **opts)
    claims = verify_token(token, creds, now=NOW)
    assert claims.format == ("jwt" if opts["use_jwt"] else "t1")
    assert claims.issuer == creds.api_key
    assert claims.session_id == session_id
    assert claims.role is opts["role"]
    assert claims.expire_time == (opts["expire_time"] or NOW + 86400)
    assert claims.data == opts["data"]
    assert claims.initial_layout_class_list == tuple(opts["initial_layout_class_list"])
    assert claims.nonce == nonce  # an int in both formats, as minted
    assert decode_token(token) == claims


@settings(max_examples=150)
@given(st.booleans(), st.data())
def test_any_flipped_byte_fails_verification(use_jwt: bool, data: st.DataObject) -> None:
    token = mint(use_jwt=use_jwt, data="payload")
    raw = bytearray(token.encode())
    i = data.draw(st.integers(0, len(raw) - 1))
    flip = data.draw(st.integers(1, 255))
    raw[i] ^= flip
    try:
        tampered = raw.decode()
    except UnicodeDecodeError:
        return  # not a string any more: nothing to verify
    if tampered == token:
        return
    try:
        claims = verify_token(tampered, CREDS)
    except TokenError:
        return
    # base64 has slack bits: a change that decodes to the same bytes is the same token.
    assert claims == verify_token(token, CREDS)


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: "T1==" + b.hex())))
def test_verify_and_decode_raise_only_token_error_on_garbage(text: str) -> None:
    for fn in (lambda: verify_token(text, CREDS), lambda: decode_token(text)):
        try:
            fn()
        except TokenError:
            pass


@pytest.mark.parametrize(
    ("given", "read"), [(77, 77), ("77", 77), (0.25, 0.25), ("a1b2", "a1b2"), (None, None)]
)
def test_a_nonce_reads_as_the_token_has_it(given: object, read: object) -> None:
    """Whole numbers as ints (ours, the official SDKs', a T1 token's digits), else as given."""
    from opentok_core import TokenClaims

    claims: dict[str, object] = {"session_id": "1_MX4", "role": "publisher"}
    if given is not None:
        claims["nonce"] = given
    assert TokenClaims.from_claims("jwt", "123456", claims).nonce == read
