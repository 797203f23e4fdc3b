"""REST call authentication, as the service checks it
(spec/service.md#authentication-of-rest-calls).

* ``X-OPENTOK-AUTH``: an HS256 JWT signed with the project secret; ``iss`` = api key, ``ist`` =
  ``project``, ``exp`` in the future and at most 5 minutes after ``iat``
  (spec/service.md#project-jwt).
* ``Authorization: Bearer``: an RS256 JWT signed with a Vonage application's private key and
  verified with the public key registered with the emulator; ``application_id`` names it
  (spec/service.md#application-jwt).

Anything else (no header, a malformed or expired JWT, a wrong secret, another project's key
in the path) is a 403 with the service's ``{code: -1, message}`` body.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from opentok_core import TokenError
from opentok_core.kit import b64url_decode, split_jwt

from . import _rules as rules
from ._state import Project
from ._wire import Reject

__all__ = ["MAX_AUTH_LIFETIME", "authenticate"]

#: The service refuses an auth JWT whose exp is more than 5 minutes after its iat
#: (spec/service.md#project-jwt).
MAX_AUTH_LIFETIME = 300
#: Vonage application JWTs are minted for 15 minutes by vonage-jwt
#: (spec/service.md#application-jwt); allow a day.
MAX_BEARER_LIFETIME = 24 * 3600
#: How far in the future an ``iat`` may be before the JWT is "not yet valid".
IAT_LEEWAY = 60


def _times(claims: Mapping[str, Any], now: float, max_lifetime: int) -> None:
    exp = claims.get("exp")
    if isinstance(exp, bool) or not isinstance(exp, (int, float)):
        raise Reject(rules.AUTH_MALFORMED, detail=": exp is required")
    if exp <= now:
        raise Reject(rules.AUTH_EXPIRED)
    iat = claims.get("iat")
    if iat is not None:
        if isinstance(iat, bool) or not isinstance(iat, (int, float)):
            raise Reject(rules.AUTH_MALFORMED, detail=": iat must be a number")
        if iat > now + IAT_LEEWAY:
            raise Reject(rules.AUTH_FUTURE)
        start = iat
    else:
        start = now
    if exp - start > max_lifetime:
        raise Reject(rules.AUTH_LIFETIME, seconds=max_lifetime)


_HEADERS: dict[str, dict[str, Any]] = {}


def _split(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """``split_jwt`` with the (nearly always identical) JOSE header decoded once."""
    head, dot, rest = token.partition(".")
    header = _HEADERS.get(head)
    if header is None or not dot:
        try:
            header, claims, signing_input, signature = split_jwt(token)
        except TokenError:
            raise Reject(rules.AUTH_MALFORMED, detail="") from None
        if len(_HEADERS) < 64:
            _HEADERS[head] = header
        return header, claims, signing_input, signature
    body, dot, sig = rest.partition(".")
    try:
        claims = json.loads(b64url_decode(body))
        signature = b64url_decode(sig)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Reject(rules.AUTH_MALFORMED, detail="") from None
    if not dot or "." in sig or not isinstance(claims, dict):
        raise Reject(rules.AUTH_MALFORMED, detail="")
    return header, claims, (head + "." + body).encode("ascii", "replace"), signature


def authenticate(
    headers: Mapping[str, str],
    path_project: str | None,
    projects: Mapping[str, Project],
    now: float,
) -> Project:
    """The project a request is authorised for, or raise a 403 ``Reject``.

    ``path_project`` is the ``{apiKey}`` of ``/v2/project/{apiKey}/...`` (None for
    ``/session/create``, where the JWT alone names the project).
    """
    opentok = headers.get("x-opentok-auth")
    bearer = headers.get("authorization")
    if opentok is not None:
        token, expected_alg, id_claim = opentok.strip(), "HS256", "iss"
    elif bearer is not None:
        scheme, _, token = bearer.strip().partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Reject(rules.AUTH_MALFORMED, detail=": expected a Bearer token")
        expected_alg, id_claim = "RS256", "application_id"
    else:
        raise Reject(rules.AUTH_MISSING)
    header, claims, signing_input, signature = _split(token)
    if header.get("alg") != expected_alg:
        raise Reject(rules.AUTH_MALFORMED, detail=f": the algorithm must be {expected_alg}")
    issuer = claims.get(id_claim)
    if not isinstance(issuer, (str, int)) or isinstance(issuer, bool):
        raise Reject(rules.AUTH_ISSUER)
    project = projects.get(str(issuer))
    if project is None or project.key.alg != expected_alg:
        raise Reject(rules.AUTH_UNKNOWN_PROJECT)
    if expected_alg == "HS256" and claims.get("ist") != "project":
        raise Reject(rules.AUTH_MALFORMED, detail=": ist must be 'project'")
    if not project.key.verify(signing_input, signature):
        raise Reject(rules.AUTH_SIGNATURE)
    _times(claims, now, MAX_AUTH_LIFETIME if expected_alg == "HS256" else MAX_BEARER_LIFETIME)
    if path_project is not None and path_project != project.id:
        raise Reject(rules.AUTH_WRONG_PROJECT)
    return project
