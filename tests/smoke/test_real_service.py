"""The opt-in smoke test against the real service: the official SDK's scenario
(tests/official_scenario.py) run there and on a fresh emulator, answer shapes compared field by
field. Anyone with an account checks the emulator against the service this way:

    OPENTOK_SMOKE_API_KEY=... OPENTOK_SMOKE_API_SECRET=... python -m pytest -m real_service

It runs only the steps that need no connected client and start nothing billable (no archive
can start without a client in the session; renders, captions, SIP calls and Audio Connector
sockets would be real jobs). Without those variables it is skipped: it never fails offline.
Dedicated variable names, so that credentials set for other purposes never send a test run to
the service by accident.
"""

from __future__ import annotations

import os

import pytest

opentok = pytest.importorskip("opentok")  # a dev extra (pyproject): always there in make test

from opentok import OpenTok  # noqa: E402

from opentok_emulator import new_emulator  # noqa: E402
from opentok_emulator.server import EmulatorServer  # noqa: E402
from tests.conftest import API_KEY, API_SECRET  # noqa: E402
from tests.official_scenario import BILLABLE, PARTICIPANTS, Calls, Run, compare, run  # noqa: E402

KEY, SECRET = os.environ.get("OPENTOK_SMOKE_API_KEY"), os.environ.get("OPENTOK_SMOKE_API_SECRET")
URL = os.environ.get("OPENTOK_SMOKE_API_URL", "https://api.opentok.com")
OFFLINE_SAFE = frozenset({PARTICIPANTS, BILLABLE})

pytestmark = [
    pytest.mark.real_service,
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.skipif(
        not (KEY and SECRET),
        reason="set OPENTOK_SMOKE_API_KEY and OPENTOK_SMOKE_API_SECRET to run against the service",
    ),
]


def test_the_emulator_answers_in_the_shapes_of_the_real_service() -> None:
    assert KEY and SECRET
    real = run(Run(Calls(OpenTok(KEY, SECRET, api_url=URL))), skip=OFFLINE_SAFE)
    with EmulatorServer(new_emulator(api_key=API_KEY, api_secret=API_SECRET)) as server:
        ot = Calls(OpenTok(API_KEY, API_SECRET, api_url=server.url))
        emulated = run(Run(ot), skip=OFFLINE_SAFE)
    found = compare(real, emulated)
    assert found == [], "the emulator departs from the service:\n" + "\n".join(found)
    # The SDK's error mapping of the service's refusals, the same on both.
    for key in ("refusals", "never_joined"):
        assert emulated.state[key] == real.state[key], key
