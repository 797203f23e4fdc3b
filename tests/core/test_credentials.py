"""Credentials and config: explicit types, secrets never in repr, the auth JWT claims."""

from __future__ import annotations

import jwt as pyjwt
import pytest

from opentok_core import (
    GetArchive,
    ProjectCredentials,
    Timeout,
    ValidationError,
    make_config,
    prepare,
)
from opentok_core._credentials import AUTH_JWT_BACKDATE, AUTH_JWT_LIFETIME
from tests.conftest import API_KEY, API_SECRET
from tests.core.test_tokens import APP, PEM


def test_secrets_never_appear_in_repr() -> None:
    creds = ProjectCredentials(API_KEY, API_SECRET)
    config = make_config(credentials=creds)
    request = prepare(GetArchive(archive_id="a"), config, now=1_700_000_000, jti="j")
    for text in (repr(creds), str(creds), repr(config), repr(request), repr(APP)):
        assert API_SECRET not in text and "PRIVATE KEY" not in text
    assert request.header("x-opentok-auth") not in repr(request)


def test_project_auth_jwt_has_reference_claims_and_bounded_lifetime() -> None:
    creds = ProjectCredentials(API_KEY, API_SECRET)
    name, value = creds.auth_header(1_700_000_000.7, "abc")
    assert name == "x-opentok-auth"
    claims = pyjwt.decode(value, API_SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert claims == {
        "iss": API_KEY,
        "ist": "project",
        "iat": 1_700_000_000 - AUTH_JWT_BACKDATE,
        "exp": 1_700_000_000 + AUTH_JWT_LIFETIME,
        "jti": "abc",
    }
    assert claims["exp"] - claims["iat"] <= 300


def test_application_auth_is_a_bearer_rs256_jwt() -> None:
    name, value = APP.auth_header(1_700_000_000, "abc")
    assert name == "authorization" and value.startswith("Bearer ")
    assert pyjwt.get_unverified_header(value[7:])["alg"] == "RS256"
    config = make_config(application_id=APP.application_id, private_key=PEM)
    assert config.api_url == "https://video.api.vonage.com"
    assert config.project_url.endswith(f"/v2/project/{APP.application_id}")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "credentials"),
        ({"api_key": API_KEY}, "api_secret"),
        ({"api_key": API_KEY, "api_secret": "s", "application_id": "x"}, "credentials"),
        ({"api_key": "", "api_secret": "s"}, "api_key"),
        ({"api_key": API_KEY, "api_secret": "s", "api_url": "ftp://x"}, "api_url"),
        ({"application_id": "a", "private_key": "not a pem"}, "private_key"),
        ({"api_key": API_KEY, "api_secret": "s", "app_version": "a\r\nb"}, "app_version"),
    ],
)
def test_bad_configuration_is_refused(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        make_config(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_int_api_key_is_accepted_like_the_official_sdk() -> None:
    assert make_config(123456, API_SECRET).credentials.project_id == "123456"


def test_timeout_forms() -> None:
    assert Timeout.coerce(None) == Timeout(5.0, 30.0)
    assert Timeout.coerce(2) == Timeout(2.0, 2.0)
    assert Timeout.coerce((1, 9)) == Timeout(1.0, 9.0)
    with pytest.raises(ValidationError):
        Timeout.coerce(-1)
