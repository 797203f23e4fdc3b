"""The emulator routes every registered operation under its spec name (the name fault injection
uses), from the request our own operation builds."""

from __future__ import annotations

import pytest

from opentok_core import make_config
from tests.conftest import API_KEY, API_SECRET
from tests.emulator.helpers import Api
from tests.registry import CLASSES, NAMES, OPERATIONS

CONFIG = make_config(API_KEY, API_SECRET, api_url="http://emulator.test")


@pytest.mark.parametrize("name", NAMES)
def test_every_registered_operation_is_routed_under_its_name(name: str) -> None:
    request = OPERATIONS[name].build(CONFIG)
    emulator = Api().emulator
    assert emulator.operation_of(request) == name
    assert name in emulator.operations


def test_every_path_of_every_operation_is_routed_once_with_the_operations_method() -> None:
    # Routes take method and paths from the SDK's operation (@handles): a new path on an
    # operation, or a second handler for one, shows here.
    from collections import Counter

    from opentok_emulator._routes import ROUTES

    places = Counter((r.project, r.method, r.template) for r in ROUTES)
    assert [place for place, n in places.items() if n > 1] == []
    routed = {(name, r.method, r.template) for r in ROUTES for name in (r.name, *r.also)}
    for name, cls in CLASSES.items():
        for path in cls.endpoint.paths:
            assert (name, cls.endpoint.method, path) in routed, (name, path)


def test_every_control_operation_is_routed_with_its_own_method_and_path() -> None:
    # The control API's routes come from opentok_emulator.control's operations, as the REST
    # routes come from the SDK's: a control operation and its route cannot disagree.
    import attrs

    from opentok_emulator import control
    from opentok_emulator._routes import CONTROL_ROUTES

    routed = {(r.method, control.PREFIX + r.template.rstrip("/")) for r in CONTROL_ROUTES}
    classes = [getattr(control, n) for n in control.__all__]
    ops = [c for c in classes if attrs.has(c) and hasattr(c, "endpoint")]
    assert len(ops) >= 14
    for op in ops:
        for path in op.endpoint.paths:
            assert (op.endpoint.method, path) in routed, op.name
