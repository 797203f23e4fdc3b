"""The emulator authenticates every REST call as the service does and creates sessions in
the real id layout."""

from __future__ import annotations

import json

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from opentok_core import ApplicationCredentials, ProjectCredentials, decode_session_id
from tests.conftest import API_KEY, API_SECRET
from tests.emulator.helpers import T0, Api, error_of


def _pyjwt(claims: dict[str, object], secret: str = API_SECRET) -> dict[str, str]:
    return {"x-opentok-auth": pyjwt.encode(claims, secret, algorithm="HS256")}


GOOD = {"iss": API_KEY, "ist": "project", "iat": int(T0), "exp": int(T0) + 180}


@pytest.mark.parametrize(
    ("headers", "msg"),
    [
        ({}, "Missing"),
        ({"x-opentok-auth": "not.a.jwt"}, "Invalid token format"),
        (_pyjwt(GOOD, "a-wrong-secret-that-is-long-enough-for-hs256"), "Invalid signature"),
        (_pyjwt({**GOOD, "exp": int(T0) - 1}), "Token expired"),
        (_pyjwt({**GOOD, "exp": int(T0) + 301}), "lifetime"),
        (_pyjwt({**GOOD, "ist": "account"}), "ist"),
        (_pyjwt({**GOOD, "iss": "999999"}), "unknown project"),
        (_pyjwt({**GOOD, "iat": int(T0) + 3600, "exp": int(T0) + 3700}), "not yet valid"),
        ({"authorization": "Basic abc"}, "Bearer"),
    ],
)
def test_bad_auth_is_403_with_the_service_error_body(headers: dict[str, str], msg: str) -> None:
    api = Api()
    status, text = error_of(api.call("GET", "/archive", headers=headers))
    assert status == 403 and msg.lower() in text.lower()


def test_an_sdk_style_jwt_without_jti_and_a_node_style_300s_lifetime_pass() -> None:
    api = Api()
    claims = {"iss": API_KEY, "ist": "project", "iat": int(T0), "exp": int(T0) + 300}
    assert api.call("GET", "/archive", headers=_pyjwt(claims)).status == 200


def test_another_projects_key_cannot_touch_this_project() -> None:
    api = Api()
    api.emulator.add_project("654321", "other-secret")
    other = ProjectCredentials("654321", "other-secret")
    # Signed correctly for project 654321, aimed at project 123456's path.
    url_of_first = "/v2/project/" + API_KEY
    reply = api.emulator.handle(
        __import__("opentok_core").Request(
            "GET",
            "http://e" + url_of_first + "/archive",
            [other.auth_header(api.now, "j")],
        )
    )
    assert reply.response.status == 403
    assert api.call("GET", "/archive", credentials=other).status == 200


def test_vonage_application_bearer_rs256_is_verified_against_its_public_key() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    app = ApplicationCredentials("a1b2c3d4-0000-4000-8000-000000000001", pem)
    api = Api(applications={app.application_id: app.signing_key.public_pem()})  # type: ignore[attr-defined]
    assert api.call("GET", "/archive", credentials=app).status == 200
    session = json.loads(
        api.call("POST", "/session/create", project=False, credentials=app, raw=b"").body
    )[0]["session_id"]
    assert decode_session_id(session)[1] == app.application_id
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = pyjwt.encode(
        {"application_id": app.application_id, "iat": int(T0), "exp": int(T0) + 60},
        impostor,
        algorithm="RS256",
    )
    bad = api.call(
        "GET", "/archive", credentials=app, headers={"authorization": "Bearer " + forged}
    )
    assert error_of(bad) == (403, "Invalid signature")


def test_create_session_answers_a_json_array_in_the_real_layout() -> None:
    api = Api()
    response = api.call(
        "POST",
        "/session/create",
        project=False,
        raw=b"p2p.preference=disabled&archiveMode=manual&location=10.1.2.3&e2ee=false",
    )
    assert response.status == 200
    assert response.header("content-type") == "application/json"  # exact, for the official SDK
    body = json.loads(response.body)
    assert isinstance(body, list) and len(body) == 1
    fields = decode_session_id(body[0]["session_id"])
    assert fields[1] == API_KEY and fields[2] == "10.1.2.3"
    assert body[0]["project_id"] == API_KEY and body[0]["create_dt"]
    state = api.ctl("GET", f"/sessions/{body[0]['session_id']}")
    assert state["mediaMode"] == "routed" and state["archiveMode"] == "manual"


def test_create_session_defaults_to_relayed_and_speaks_xml_to_legacy_callers() -> None:
    api = Api()
    response = api.call("POST", "/session/create", project=False, raw=b"", headers=None or {})
    assert response.status == 403  # no auth header at all
    sid = api.session("relayed")
    assert api.ctl("GET", f"/sessions/{sid}")["mediaMode"] == "relayed"
    name, value = api.credentials.auth_header(api.now, "j")
    xml = api.call(
        "POST",
        "/session/create",
        project=False,
        raw=b"",
        headers={"accept": "text/xml", name: value},
    )
    assert xml.body.startswith(b"<?xml") and b"<session_id>1_" in xml.body


@pytest.mark.parametrize(
    "form",
    [
        b"p2p.preference=maybe",
        b"p2p.preference=enabled&archiveMode=always",
        b"p2p.preference=disabled&archiveMode=sometimes",
        b"p2p.preference=disabled&location=not-an-ip",
        b"p2p.preference=enabled&e2ee=true",
        b"p2p.preference=disabled&archiveResolution=1x1",
        b"p2p.preference=disabled&archiveName=" + b"n" * 81,
    ],
)
def test_create_session_rejects_inconsistent_options_with_400(form: bytes) -> None:
    assert Api().call("POST", "/session/create", project=False, raw=form).status == 400


def test_unknown_paths_are_404_and_wrong_methods_405() -> None:
    api = Api()
    assert error_of(api.call("GET", "/nothing/here"))[0] == 404
    response = api.call("DELETE", "/archive")
    assert response.status == 405 and "GET" in (response.header("allow") or "")
    assert api.control("GET", "/nope").status == 404
