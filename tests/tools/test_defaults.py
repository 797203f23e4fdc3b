"""tools/defaults.py keeps each facade default equal to the operation field it feeds: the
committed facade passes its check, and a restated default that drifts is found and rewritten."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from types import ModuleType

import attrs

from opentok_async import AsyncClient
from opentok_core import operations
from opentok_sync import Client
from tests.conftest import ROOT


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("defaults_tool", ROOT / "tools" / "defaults.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["defaults_tool"] = module
    spec.loader.exec_module(module)
    return module


TOOL = _tool()
SOURCE = TOOL.FACADE.read_text(encoding="utf-8")


def test_the_committed_facade_restates_no_default_wrongly() -> None:
    assert TOOL.findings(SOURCE) == []


def test_a_drifted_default_is_found_and_names_its_field() -> None:
    drifted = SOURCE.replace("max_duration: int = 14400", "max_duration: int = 7200", 1)
    assert drifted != SOURCE
    (found,) = TOOL.findings(drifted)
    _, _, _, current, wanted, where = found
    assert (current, wanted) == ("7200", "14400")
    assert "StartCaptions.max_duration" in where


def test_the_signatures_users_see_show_the_operations_defaults() -> None:
    # help(), IDEs and the API reference read inspect.signature: real values, on both clients.
    checked = 0
    for method, param, op_name, field_name in TOOL.fed_fields(SOURCE):
        field = attrs.fields_dict(getattr(operations, op_name))[field_name]
        for client in (Client, AsyncClient):
            shown = inspect.signature(getattr(client, method)).parameters[param].default
            assert shown == field.default, (client.__name__, method, param)
        checked += 1
    assert checked >= 20
