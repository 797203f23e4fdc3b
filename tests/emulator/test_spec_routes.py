"""The emulator routes every operation of spec/operations.toml under the same name (the name
fault injection uses), from the request our own operation builds."""

from __future__ import annotations

from typing import Any

import pytest

import opentok_core.operations as operations
from opentok_core import make_config
from tests.conftest import API_KEY, API_SECRET, load_spec
from tests.emulator.helpers import Api

SPEC = load_spec()
CONFIG = make_config(API_KEY, API_SECRET, api_url="http://emulator.test")


@pytest.mark.parametrize("name", sorted(SPEC))
def test_every_spec_operation_is_routed_under_its_name(name: str) -> None:
    row: dict[str, Any] = SPEC[name]
    request = getattr(operations, row["class"])(**row.get("example", {})).build(CONFIG)
    emulator = Api().emulator
    assert emulator.operation_of(request) == name
    assert name in emulator.operations
