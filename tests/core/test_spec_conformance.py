"""Every row of spec/operations.toml matches the code: class, facade, method, path, body kind,
success status and model; documented error fixtures raise the class spec/errors.toml names."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

import pytest

import opentok_core
import opentok_core.operations as operations
from opentok_async import AsyncClient
from opentok_core import ApiError, Response, finish, make_config
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET, fixture_body, load_errors, load_spec
from tests.registry import OPERATIONS

SPEC = load_spec()
ERRORS = load_errors()
CONFIG = make_config(API_KEY, API_SECRET, api_url="https://api.example.test")


@pytest.mark.parametrize("name", sorted(SPEC))
def test_operation_class_carries_its_spec_name(name: str) -> None:
    assert getattr(operations, SPEC[name]["class"]).name == name


def test_the_spec_has_a_row_for_every_registered_operation() -> None:
    assert sorted(operations.registry()) == sorted(SPEC)


@pytest.mark.parametrize("name", sorted(SPEC))
def test_facade_method_exists_on_both_clients(name: str) -> None:
    facade = SPEC[name]["facade"]
    assert callable(getattr(Client, facade)) and callable(getattr(AsyncClient, facade))


@pytest.mark.parametrize("name", sorted(SPEC))
def test_build_matches_method_path_and_body_kind(name: str) -> None:
    row = SPEC[name]
    request = OPERATIONS[name].build(CONFIG)
    assert request.method == row["method"]
    template = re.escape(row["path"]).replace(r"\{projectId\}", API_KEY)
    template = re.sub(r"\\\{[A-Za-z]+\\\}", "[^/]+", template)
    path = urlsplit(request.url).path
    assert re.fullmatch(template, path), (path, row["path"])
    kind = {
        None: "none",
        "application/json": "json",
        "application/x-www-form-urlencoded": "form",
    }[request.header("content-type")]
    assert kind == row["body"]
    assert (request.body == b"") == (kind == "none")
    assert unquote(path).startswith("/")


@pytest.mark.parametrize("name", sorted(SPEC))
def test_success_fixture_parses_into_the_model(name: str) -> None:
    row = SPEC[name]
    body = fixture_body(name, row["success"])
    if row["model"] == "None":
        assert finish(OPERATIONS[name], Response(row["success"], (), body or b"")) is None
        return
    assert body is not None, f"spec/fixtures/{name}/{row['success']}.json is missing"
    result = finish(
        OPERATIONS[name], Response(row["success"], {"content-type": "application/json"}, body)
    )
    assert type(result).__name__ == row["model"]


ERROR_CASES = [(name, status) for name in sorted(SPEC) for status in SPEC[name]["errors"]]


@pytest.mark.parametrize(("name", "status"), ERROR_CASES)
def test_documented_error_status_raises_its_class(name: str, status: int) -> None:
    body = fixture_body(name, status) or b'{"code":-1,"message":"from the server"}'
    expected = getattr(opentok_core, ERRORS.get(str(status), ERRORS["other"]))
    with pytest.raises(expected) as info:
        finish(OPERATIONS[name], Response(status, {"content-type": "application/json"}, body))
    error = info.value
    assert isinstance(error, ApiError)
    assert error.status == status and error.operation == name
    assert error.code is not None and error.message
