"""``Model.to_dict()`` is every result's JSON-ready form (snake_case, JSON types only: ISO 8601
times, enum values, no ``raw``, no secret) and ``raw`` its wire form: checked on every
operation's success fixture and every callback fixture, with ``json.dumps`` and round trips."""

from __future__ import annotations

import datetime as dt
import inspect
import json
import typing
from typing import Any

import attrs
import pytest

import opentok_core
from opentok_async import AsyncClient
from opentok_core import Archive, ArchiveStatus, Page, Response, TokenClaims, finish, parse_callback
from opentok_core._model import Model
from opentok_sync import Client
from tests.conftest import SPEC
from tests.registry import OPERATIONS

JSON_TYPES = (str, int, float, bool, type(None), list, dict)
ECHOED = {"Session": ("media_mode", "archive_mode", "location", "e2ee")}


def successes() -> list[tuple[str, int, bytes]]:
    found = []
    for name in OPERATIONS:
        for path in sorted((SPEC / "fixtures" / name).glob("2*.json")):
            found.append((name, int(path.stem), path.read_bytes()))
    return found


def only_json(value: Any, where: str = "") -> None:
    assert isinstance(value, JSON_TYPES), (where, value)
    if isinstance(value, dict):
        assert "raw" not in value, where
        for key, item in value.items():
            assert isinstance(key, str) and key == key.lower(), (where, key)  # snake_case
            only_json(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            only_json(item, f"{where}[{i}]")


def test_every_model_class_has_to_dict() -> None:
    classes = [getattr(opentok_core, n) for n in opentok_core.models.__all__]
    classes += [
        getattr(opentok_core, n) for n in ("ArchiveEvent", "SessionCreated", "SipCallEvent")
    ]
    models = [c for c in classes if attrs.has(c)]
    assert len(models) > 15
    assert [c.__name__ for c in models if not callable(getattr(c, "to_dict", None))] == []


@pytest.mark.parametrize(("name", "status", "body"), successes(), ids=lambda x: str(x)[:40])
def test_every_result_dumps_as_json_and_reads_back_from_its_wire_form(
    name: str, status: int, body: bytes
) -> None:
    result = finish(OPERATIONS[name], Response(status, {"content-type": "application/json"}, body))
    if result is None:
        return
    data = result.to_dict()
    only_json(data, name)
    assert json.loads(json.dumps(data)) == data
    raw = getattr(result, "raw", None)
    if raw:
        # A Session echoes the request's options too (the answer has only ids): pass them.
        echoed = {f: getattr(result, f) for f in ECHOED.get(type(result).__name__, ())}
        assert type(result).from_json(raw, **echoed) == result
        assert json.loads(json.dumps(raw)) == raw  # the wire form is JSON as it came


@pytest.mark.parametrize("path", sorted((SPEC / "fixtures" / "callbacks").glob("*.json")))
def test_every_callback_event_dumps_as_json_and_parses_back_from_raw(path: Any) -> None:
    event = parse_callback(path.read_bytes())
    data = event.to_dict()
    only_json(data, path.name)
    assert parse_callback(json.dumps(dict(event.raw)).encode()) == event


def test_to_dict_speaks_json_types_and_keeps_secrets_out() -> None:
    created = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    archive = Archive(
        id="a", status=ArchiveStatus.STOPPED, created_at=created, password="s3cret", raw={"x": 1}
    )
    data = archive.to_dict()
    assert data["status"] == "stopped" and data["created_at"] == "2024-01-02T03:04:05+00:00"
    assert "password" not in data and "raw" not in data and "s3cret" not in json.dumps(data)
    page = Page(items=(archive,), count=7, offset=5).to_dict()
    assert page["count"] == 7 and page["offset"] == 5 and page["items"] == [data]


def test_token_claims_have_a_json_form_too() -> None:
    claims = TokenClaims.from_claims("jwt", "123", {"session_id": "1_MX4", "role": "moderator"})
    assert json.loads(json.dumps(claims.to_dict()))["role"] == "moderator"


def _attrs_classes_in(annotation: Any) -> set[type]:
    if isinstance(annotation, type):
        return {annotation} if attrs.has(annotation) else set()
    return {c for arg in typing.get_args(annotation) for c in _attrs_classes_in(arg)}


def test_every_value_the_public_api_returns_has_to_dict() -> None:
    # what a view would hand to json.dumps: client results, presence, routing, callback claims
    owners: list[Any] = [Client, AsyncClient, opentok_core.SessionMonitor]
    owners += [opentok_core.CallbackRouter, opentok_core.verify_callback]
    # the facade's annotations name the core's types only for type checkers: pass them in
    public = {name: getattr(opentok_core, name) for name in opentok_core.__all__}
    returned: dict[type, str] = {}
    for owner in owners:
        members = inspect.getmembers(owner, callable) if isinstance(owner, type) else []
        for name, function in members or [(owner.__name__, owner)]:
            if not name.startswith("_"):
                hints = typing.get_type_hints(function, localns=public)
                returned |= dict.fromkeys(_attrs_classes_in(hints.get("return")), name)
    assert len(returned) > 15  # Archive, Page, Presence, Routed, DownloadResult, ...
    assert {c.__name__: m for c, m in returned.items() if not issubclass(c, Model)} == {}


def test_who_is_in_a_session_dumps_as_json() -> None:
    monitor = opentok_core.SessionMonitor()
    for name in ("connectionCreated", "streamCreated"):
        event = parse_callback((SPEC / "fixtures" / "callbacks" / f"{name}.json").read_bytes())
        monitor.apply(event)
    data = monitor.session(event.session_id).to_dict()
    only_json(data, "presence")
    assert len(data["connections"]) == len(data["streams"]) == 1
