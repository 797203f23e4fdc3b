"""The precomputed and hand-written fast paths of minting give exactly what the plain standard
library gives: RFC 2104 HMAC from cached states, claims written with f-strings, the T1 data
string, and the remembered session ids. (Correctness only: tests never assert on speed.)"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opentok_core import (
    ProjectCredentials,
    Role,
    ValidationError,
    encode_session_id,
    generate_token,
)
from opentok_core._jwt import HmacKey, HS256Key, b64url, b64url_decode, json_str
from opentok_core._session_ids import _info, decode_session_id, session_fields, session_info
from tests.conftest import API_KEY, API_SECRET, SESSION_ID

CREDS = ProjectCredentials(API_KEY, API_SECRET)
NOW = 1_700_000_000
texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=60)


def _segments(token: str) -> tuple[bytes, bytes]:
    _, payload, _ = token.split(".")
    return b64url_decode(payload), b64url_decode(token.split(".")[2])


@settings(max_examples=60)
@given(
    key=st.binary(max_size=200),
    prefix=st.binary(max_size=80),
    message=st.binary(max_size=300),
    algorithm=st.sampled_from(["sha1", "sha256"]),
)
def test_hmac_key_equals_hmac_module(
    key: bytes, prefix: bytes, message: bytes, algorithm: str
) -> None:
    digestmod = getattr(hashlib, algorithm)
    mac = HmacKey(key, digestmod, prefix)
    expected = hmac.new(key, prefix + message, digestmod).digest()
    assert mac.digest(message) == expected
    assert mac.digest(message) == expected  # the cached states are not consumed


@settings(max_examples=40)
@given(payload=st.binary(max_size=200), secret=st.text(min_size=1, max_size=80))
def test_hs256_encode_is_the_plain_jws_construction(payload: bytes, secret: str) -> None:
    key = HS256Key(secret)
    signing_input = f"{HS256Key.header_segment}.{b64url(payload)}"
    mac = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    assert key.encode(payload) == f"{signing_input}.{b64url(mac)}"
    assert key.verify(signing_input.encode(), mac)


@settings(max_examples=60)
@given(value=texts)
def test_json_str_is_json_dumps(value: str) -> None:
    assert json_str(value) == json.dumps(value, ensure_ascii=False)


@settings(max_examples=60)
@given(
    data=st.none() | texts,
    layout=st.lists(
        st.text(st.characters(blacklist_categories=["Z", "Cc", "Cs"]), min_size=1), max_size=3
    ),
    role=st.sampled_from([*Role, *(r.value for r in Role), "MODERATOR", "Subscriber"]),
    nonce=st.integers(0, 999_999),
    api_key=st.from_regex(r"[0-9]{1,12}", fullmatch=True),
    # 30 characters of up to 4 UTF-8 bytes each keep the encoded session id within its 255.
    rand=st.text(st.characters(blacklist_categories=["Cs"]), max_size=30),
    lifetime=st.none() | st.integers(1, 30 * 86400),
)
def test_project_claims_are_json_dumps_of_the_claim_dict(
    data: str | None,
    layout: list[str],
    role: Role | str,
    nonce: int,
    api_key: str,
    rand: str,
    lifetime: int | None,
) -> None:
    # Any project and session (the cached head and quoted id), any spelling of a role (the
    # table), the default expiry or another.
    session_id = encode_session_id(api_key, "", "Mon Mar 17 00:41:31 PDT 2014", rand)
    token = generate_token(
        ProjectCredentials(api_key, API_SECRET),
        session_id,
        expire_time=None if lifetime is None else NOW + lifetime,
        now=NOW,
        nonce=nonce,
        jti="j",
        role=role,
        data=data,
        initial_layout_class_list=layout,
    )
    claims: dict[str, object] = {
        "iss": api_key,
        "ist": "project",
        "iat": NOW,
        "exp": NOW + (86400 if lifetime is None else lifetime),
        "scope": "session.connect",
        "session_id": session_id,
        "role": Role(str(getattr(role, "value", role)).lower()).value,
        "nonce": nonce,
    }
    if data is not None:
        claims["connection_data"] = data
    if layout:
        claims["initial_layout_class_list"] = " ".join(layout)
    payload, _ = _segments(token)
    assert payload == json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode()


@settings(max_examples=40)
@given(
    api_key=st.text(
        st.characters(blacklist_categories=["Cc", "Cs"]), min_size=1, max_size=20
    ).filter(lambda k: k.strip() == k),
    jti=texts,
)
def test_auth_header_claims_are_json_dumps_of_the_claim_dict(api_key: str, jti: str) -> None:
    name, token = ProjectCredentials(api_key, API_SECRET).auth_header(NOW + 0.7, jti)
    assert name == "x-opentok-auth"
    claims = {"iss": api_key, "ist": "project", "iat": NOW - 60, "exp": NOW + 180, "jti": jti}
    payload, signature = _segments(token)
    assert payload == json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode()
    signing_input = token.rsplit(".", 1)[0].encode()
    assert signature == hmac.new(API_SECRET.encode(), signing_input, hashlib.sha256).digest()


@settings(max_examples=60)
@given(
    data=st.none() | texts,
    layout=st.lists(
        st.text(st.characters(blacklist_categories=["Z", "Cc", "Cs"]), min_size=1), max_size=3
    ),
    nonce=st.integers(0, 999_999),
)
def test_t1_data_string_is_urlencode_of_its_fields(
    data: str | None, layout: list[str], nonce: int
) -> None:
    token = generate_token(
        CREDS,
        SESSION_ID,
        now=NOW,
        nonce=nonce,
        jti="j",
        data=data,
        initial_layout_class_list=layout,
        use_jwt=False,
    )
    fields = [
        ("session_id", SESSION_ID),
        ("create_time", str(NOW)),
        ("expire_time", str(NOW + 86400)),
        ("role", "publisher"),
        ("nonce", str(nonce)),
        ("initial_layout_class_list", " ".join(layout)),
    ]
    if data is not None:
        fields.append(("connection_data", data))
    data_string = urlencode(fields)
    sig = hmac.new(API_SECRET.encode(), data_string.encode(), hashlib.sha1).hexdigest()
    expected = f"partner_id={API_KEY}&sig={sig}:{data_string}"
    assert base64.b64decode(token[4:]).decode() == expected


def test_session_ids_are_remembered_only_when_valid() -> None:
    _info.cache_clear()
    first = session_fields(SESSION_ID)
    assert session_fields(SESSION_ID) is first  # the second call is answered from the cache
    assert decode_session_id(SESSION_ID) == list(first)
    assert session_info(SESSION_ID).json == json.dumps(SESSION_ID)
    assert _info.cache_info().currsize == 1
    for _ in range(2):  # a bad id raises every time and is never cached
        with pytest.raises(ValidationError):
            session_fields("not a session id")
    assert _info.cache_info().currsize == 1


@pytest.mark.parametrize("value", [None, 42, ["1_abc"], b"1_abc"])
def test_non_string_session_ids_are_a_validation_error_not_a_type_error(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        session_fields(value)  # type: ignore[arg-type]
    assert info.value.field == "session_id"


@pytest.mark.parametrize("nonce", ["1", 1.5, True, None])
def test_a_nonce_that_is_not_an_int_is_refused(nonce: object) -> None:
    with pytest.raises(ValidationError) as info:
        generate_token(CREDS, SESSION_ID, now=NOW, nonce=nonce, jti="j")  # type: ignore[arg-type]
    assert info.value.field == "nonce"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"data": "a\ud800"}, "data"),
        ({"initial_layout_class_list": ["ok", "\udfff"]}, "initial_layout_class_list[1]"),
    ],
)
@pytest.mark.parametrize("use_jwt", [True, False])
def test_text_that_cannot_be_utf8_is_a_validation_error(
    kwargs: dict[str, object], field: str, use_jwt: bool
) -> None:
    with pytest.raises(ValidationError) as info:
        generate_token(CREDS, SESSION_ID, now=NOW, nonce=1, jti="j", use_jwt=use_jwt, **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
