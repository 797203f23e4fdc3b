"""Every public method of the official ``opentok`` SDK (unmodified), in one scenario against
``opentok emulator`` over HTTP: the console script in a process of its own, as a user runs it.

The scenario is shared with the opt-in smoke test against the real service
(tests/smoke/test_real_service.py), which compares the answers' shapes."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest

opentok = pytest.importorskip("opentok")  # a dev extra (pyproject): always there in make test

from opentok import OpenTok  # noqa: E402

from opentok_emulator.control import ConnectClient, PublishStream  # noqa: E402
from opentok_sync import Client  # noqa: E402
from tests.conftest import API_KEY, API_SECRET  # noqa: E402
from tests.emulator_process import emulator_process  # noqa: E402
from tests.official_scenario import SCENARIO, Calls, Run, run  # noqa: E402

# The official SDK uses pytz/datetime APIs that newer Pythons deprecate; not our warnings.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def opentok_emulator_process() -> Iterator[str]:
    """`opentok emulator` from the console script: its URL. (The tests' project: PyJWT warns
    about the demo secret's length, and warnings are errors.)"""
    with emulator_process("--api-key", API_KEY, "--api-secret", API_SECRET) as started:
        yield started.url


def emulated_run(url: str, control: Client) -> Run:
    """A scenario run on the emulator at ``url``, its participants through the control API."""

    def join(session_id: str, token: str) -> str:
        return control.send(ConnectClient(session_id=session_id, token=token)).connection_id

    def publish(session_id: str, connection_id: str, video_type: str) -> str:
        stream = PublishStream(
            session_id=session_id, connection_id=connection_id, video_type=video_type
        )
        return control.send(stream).stream_id

    ot = Calls(OpenTok(API_KEY, API_SECRET, api_url=url))
    return Run(ot, join=join, publish=publish)


def test_every_public_method_of_the_official_sdk_runs_against_opentok_emulator(
    opentok_emulator_process: str,
) -> None:
    with Client(API_KEY, API_SECRET, api_url=opentok_emulator_process) as control:
        result = run(emulated_run(opentok_emulator_process, control))
    public = {n for n, v in inspect.getmembers(OpenTok) if callable(v) and not n.startswith("_")}
    assert public - result.ot.called == set(), "official SDK methods no scenario step calls"
    assert set(result.answers) == {step.name for step in SCENARIO}
    # What the service is known to answer, through the SDK's own error mapping.
    assert result.state["never_joined"]["start_archive"] == "NotFoundError"
    assert result.state["second_start"] == "ArchiveError"  # 409: already being recorded
    assert "accepted" not in result.state["refusals"].values(), result.state["refusals"]
    assert result.state["refusals"]["get_archive"] == "NotFoundError"
    assert result.state["disconnect_twice"] != "accepted"
    assert result.state["stop_render"] == "RequestError"  # its 200-only check meets our 204
