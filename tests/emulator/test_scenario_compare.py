"""The shape comparison the real-service smoke test relies on, checked offline: it finds a
missing field, a changed type and a changed status, and an emulator compared with itself
differs in nothing."""

from __future__ import annotations

import pytest

pytest.importorskip("opentok")

from opentok import OpenTok  # noqa: E402

from opentok_emulator import new_emulator  # noqa: E402
from opentok_emulator.server import EmulatorServer  # noqa: E402
from tests.conftest import API_KEY, API_SECRET  # noqa: E402
from tests.official_scenario import (  # noqa: E402
    BILLABLE,
    PARTICIPANTS,
    Answer,
    Calls,
    Run,
    compare,
    differences,
    run,
    shape,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_shapes_differ_by_missing_fields_and_types_not_by_values_or_extras() -> None:
    real = shape({"id": "a", "size": 1, "items": [{"x": True}], "url": None})
    same = shape({"id": "b", "size": 2.5, "items": [{"x": False}], "url": "u", "extra": 1})
    assert differences(real, same) == []
    other = shape({"id": 1, "items": [{"y": 1}], "url": None})
    assert differences(real, other) == [
        '.id: the service sends "string", the emulator "number"',
        ".size: missing from the emulator's answer",
        ".items[].x: missing from the emulator's answer",
    ]


def test_compare_reports_a_status_difference_step_by_step() -> None:
    ot = Calls(OpenTok(API_KEY, API_SECRET))
    real, here = Run(ot), Run(ot)
    real.answers["s"] = [Answer("POST", "/p", 404, {"code": 1, "message": "m"})]
    here.answers["s"] = [Answer("POST", "/p", 400, {"code": 1, "message": "m"})]
    assert compare(real, here) == ["s #1 POST /p: status 404 from the service, 400 here"]


def test_two_emulators_answer_the_smoke_scenario_alike() -> None:
    runs = []
    for _ in range(2):
        with EmulatorServer(new_emulator(api_key=API_KEY, api_secret=API_SECRET)) as server:
            ot = Calls(OpenTok(API_KEY, API_SECRET, api_url=server.url))
            runs.append(run(Run(ot), skip=frozenset({PARTICIPANTS, BILLABLE})))
    assert compare(*runs) == []
    assert runs[0].answers["nobody joined"][0].status == 404  # archive.never-joined
