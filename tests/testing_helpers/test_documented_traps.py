"""The traps docs/testing.md warns about are real, and its ways round them work: hypothesis
refuses the function-scoped fixtures, options drawn for one ``now`` expire under another, the
strategies without hypothesis say how to install it, and overriding ``opentok_emulator``
reaches the client fixtures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings

from opentok_core import ValidationError
from opentok_testing import strategies as ots
from opentok_testing.clients import emulated_client

SUITE = """
import pytest
from hypothesis import assume, given, settings, strategies as st

from opentok_emulator import new_emulator


@pytest.fixture
def opentok_emulator():
    return new_emulator(archive_processing=30.0)


def test_the_override_reaches_the_client_fixture(opentok_client, opentok_emulator):
    assert opentok_emulator.archive_processing == 30.0
    assert opentok_client.create_session().session_id


@settings(max_examples=2)
@given(st.integers())
def test_given_with_the_function_scoped_fixture(opentok_client, n):
    pass
"""


def test_hypothesis_refuses_the_fixture_and_an_override_reaches_the_clients(
    tmp_path: Path,
) -> None:
    (tmp_path / "test_app.py").write_text(SUITE)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_app.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "1 failed, 1 passed" in done.stdout, done.stdout[-3000:]
    assert "function_scoped_fixture" in done.stdout


@settings(max_examples=5, deadline=None)
@given(ots.token_options(now=1_700_000_000))
def test_options_drawn_for_another_now_expire_when_the_client_mints(options: dict) -> None:
    assume(options["expire_time"] is not None)  # None: 24 hours from the real clock
    with emulated_client() as client:
        session_id = client.create_session().session_id
        with pytest.raises(ValidationError, match="expire_time"):
            client.generate_token(session_id, **options)


def test_the_strategies_without_hypothesis_say_how_to_install_it() -> None:
    probe = "import sys; sys.modules['hypothesis'] = None; import opentok_testing.strategies"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 1
    assert "pip install 'opentok-py[testing]'" in done.stderr.splitlines()[-1]
