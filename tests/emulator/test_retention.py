"""Bounded state: past ``max_sessions``, the oldest ended sessions are forgotten; a session
with a connected client or a running archive or broadcast is kept whatever its age."""

from __future__ import annotations

import pytest

from opentok_emulator import Emulator, new_emulator
from tests.emulator.helpers import Api


def _known(api: Api, session_id: str) -> bool:
    return api.control("GET", f"/sessions/{session_id}").status == 200


def test_an_emulator_at_its_defaults_keeps_at_most_ten_thousand_sessions() -> None:
    # It used to keep every session it ever created (about 0.7 KiB each), never evicting.
    api = Api()
    first = api.session()
    for _ in range(10_000):
        api.session()
        api.replies.clear()
    assert sum(len(p.sessions) for p in api.emulator.projects.values()) == 10_000
    assert not _known(api, first)


def test_past_the_cap_the_oldest_ended_sessions_are_forgotten() -> None:
    api = Api(max_sessions=3)
    first, live, third = api.session(), api.session(), api.session()
    connection = api.connect(live)
    fourth = api.session()
    assert [_known(api, s) for s in (first, live, third, fourth)] == [False, True, True, True]
    fifth = api.session()  # the live one is older, but only ended sessions go
    assert [_known(api, s) for s in (live, third, fourth, fifth)] == [True, False, True, True]
    api.ctl("DELETE", f"/sessions/{live}/connections/{connection}", status=204)
    api.session()
    assert not _known(api, live) and _known(api, fourth)
    assert sum(len(p.sessions) for p in api.emulator.projects.values()) == 3


def test_a_session_being_archived_is_kept_and_its_archive_stays_listed() -> None:
    api = Api(max_sessions=1)
    recorded = api.session()
    connection = api.connect(recorded)
    archive = api.ok("POST", "/archive", {"sessionId": recorded})
    api.ctl("DELETE", f"/sessions/{recorded}/connections/{connection}", status=204)
    api.session()  # the archive still runs (it stops on its own later): kept
    assert _known(api, recorded)
    api.ok("POST", f"/archive/{archive['id']}/stop")
    api.session()
    assert not _known(api, recorded)
    listed = api.ok("GET", "/archive")
    assert [a["id"] for a in listed["items"]] == [archive["id"]]


def test_a_reset_starts_the_count_again() -> None:
    api = Api(max_sessions=2)
    api.session()
    api.session()
    api.ctl("POST", "/reset", status=204)
    kept = [api.session(), api.session()]
    assert all(_known(api, s) for s in kept)


@pytest.mark.parametrize("bad", [0, -1, True, 2.5, "10"])
def test_the_cap_must_be_a_positive_whole_number(bad: object) -> None:
    with pytest.raises(ValueError, match="max_sessions"):
        new_emulator(max_sessions=bad)  # type: ignore[arg-type]


def test_the_default_cap_is_reported_by_the_control_api() -> None:
    api = Api()
    assert api.ctl("GET", "")["maxSessions"] == 10_000
    assert Api(max_sessions=7).ctl("GET", "")["maxSessions"] == 7


class TestTheFixture:
    @pytest.fixture
    def opentok_max_sessions(self) -> int:
        return 2

    def test_keeps_the_number_a_suite_sets(self, opentok_emulator: Emulator) -> None:
        assert opentok_emulator.retention.limit == 2
