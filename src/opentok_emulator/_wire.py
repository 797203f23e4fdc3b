"""Wire helpers of the emulator: JSON replies, the ``{code, message, description}`` error body,
and readers that turn a malformed request field into a 400 (``Reject``).

The emulator writes the service's wire format (camelCase keys, ms timestamps) from
``spec/service.md`` and its evidence, independently of the client's models, so the end to end
tests really cross-check the client.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from opentok_core import Response

from . import _rules as rules
from ._rules import Rule

__all__ = ["Reject", "Wire", "empty", "error", "json_reply"]

Wire = dict[str, Any]

#: Exactly ``application/json``: the official SDK compares the create-session content type by
#: string equality and parses XML otherwise (spec/service.md#py-exact-content-type).
JSON_TYPE = (("content-type", "application/json"),)


class Reject(Exception):
    """Raised by a handler to refuse a request by one of the ledger's rules (``_rules``): the
    rule's status, its code and its message filled from ``fields``."""

    def __init__(
        self,
        rule: Rule,
        /,
        *,
        headers: tuple[tuple[str, str], ...] = (),
        **fields: object,
    ) -> None:
        message = rule.format(fields)
        super().__init__(message)
        self.rule = rule
        self.status = rule.status
        self.message = message
        self.code = rule.wire_code
        self.headers = headers

    def response(self) -> Response:
        return error(self.status, self.message, code=self.code, headers=self.headers)


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def _dumps(payload: Any) -> bytes:
    # One encoder for every reply: json.dumps with options builds a new one per call.
    return _ENCODER.encode(payload).encode("utf-8")


def json_reply(status: int, payload: Any) -> Response:
    """A JSON response with the exact content type the service sends."""
    return Response(status, JSON_TYPE, _dumps(payload))


def empty(status: int) -> Response:
    """A response without a body (204 on signal, force disconnect, delete, stream changes)."""
    return Response(status, (), b"")


def error(
    status: int,
    message: str,
    *,
    code: int | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> Response:
    """The REST error body ``{"code", "message", "description"}`` (spec/service.md#error-bodies)."""
    body = {"code": status if code is None else code, "message": message, "description": message}
    return Response(status, JSON_TYPE + headers, _dumps(body))


def parse_body(body: bytes) -> Wire:
    """A JSON object request body, or 400 "Invalid JSON"."""
    if not body.strip():
        raise Reject(rules.BODY_REQUIRED)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise Reject(rules.BODY_JSON) from None
    if not isinstance(data, dict):
        raise Reject(rules.BODY_OBJECT)
    return data


def opt_body(body: bytes) -> Wire:
    """A JSON object body that may be absent (node sends ``{}`` where py sends nothing)."""
    return parse_body(body) if body.strip() else {}


# Field readers: a wrong type or range is the service's 400, naming the field. ---------------


def get_str(
    data: Mapping[str, Any],
    key: str,
    *,
    required: bool = False,
    min_len: int = 0,
    max_len: int | None = None,
) -> str | None:
    value = data.get(key)
    if value is None:
        if required:
            raise Reject(rules.FIELD_REQUIRED, key=key)
        return None
    if not isinstance(value, str):
        raise Reject(rules.FIELD_STRING, key=key)
    if len(value) < min_len or (max_len is not None and len(value) > max_len):
        raise Reject(rules.FIELD_LENGTH, key=key)
    return value


def req_str(data: Mapping[str, Any], key: str, **kw: Any) -> str:
    value = get_str(data, key, required=True, **kw)
    assert value is not None
    return value


def get_bool(data: Mapping[str, Any], key: str, default: bool | None = None) -> bool | None:
    value = data.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise Reject(rules.FIELD_BOOLEAN, key=key)
    return value


def get_int(
    data: Mapping[str, Any], key: str, *, lo: int, hi: int, default: int | None = None
) -> int | None:
    """An integer field in ``lo..hi``; a string of decimal digits counts as its number
    (ledger rule ``field.integer``)."""
    value = data.get(key)
    if value is None:
        return default
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise Reject(rules.FIELD_INTEGER, key=key, lo=lo, hi=hi)
    return value


def get_choice(
    data: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str | None = None
) -> str | None:
    value = data.get(key)
    if value is None:
        return default
    if value not in choices:
        raise Reject(rules.FIELD_CHOICE, key=key, choices=", ".join(choices))
    assert isinstance(value, str)
    return value


def get_str_list(data: Mapping[str, Any], key: str) -> list[str] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise Reject(rules.FIELD_STRING_LIST, key=key)
    return list(value)


def get_obj(data: Mapping[str, Any], key: str) -> Wire | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise Reject(rules.FIELD_OBJECT, key=key)
    return value


def query_int(query: Mapping[str, str], key: str, *, default: int, lo: int, hi: int) -> int:
    """An integer query parameter (``offset``, ``count``), or 400."""
    text = query.get(key)
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise Reject(rules.QUERY_INTEGER, key=key) from None
    if not lo <= value <= hi:
        raise Reject(rules.QUERY_RANGE, key=key, lo=lo, hi=hi)
    return value


def is_application(project_id: str) -> bool:
    """A Vonage application id (a uuid), as opposed to a numeric OpenTok api key."""
    return not (project_id.isdigit() and len(project_id) < 16)


def owner_fields(project_id: str) -> Wire:
    """The owner keys of an archive or broadcast: ``projectId``, plus ``applicationId`` under
    Vonage application credentials (vv's archive and broadcast fixtures carry it;
    spec/service.md#archive-object)."""
    fields: Wire = {"projectId": wire_project_id(project_id)}
    if is_application(project_id):
        fields["applicationId"] = project_id
    return fields


def wire_project_id(project_id: str) -> int | str:
    """Project ids are numbers on the wire (callback and archive samples); application ids are
    uuids and stay strings."""
    return int(project_id) if project_id.isdigit() and len(project_id) < 16 else project_id
