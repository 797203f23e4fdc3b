"""The CLI under test: in process, against an emulator served on a loopback port."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from opentok_cli._tools import main
from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET, new_emulator
from opentok_emulator.server import EmulatorServer
from opentok_sync import Client


@pytest.fixture(scope="module")
def emulator_url() -> Iterator[str]:
    """The emulator `opentok emulator` serves, on a free loopback port."""
    with EmulatorServer(new_emulator(), port=0) as server:
        yield server.url


@attrs.define
class Cli:
    """Runs ``opentok ARGS`` in process; remembers which commands ran."""

    capsys: pytest.CaptureFixture[str]
    ran: set[tuple[str, ...]] = attrs.field(factory=set)

    def __call__(self, *argv: str, code: int = 0) -> tuple[str, str]:
        self.capsys.readouterr()
        status = main(list(argv))
        out, err = self.capsys.readouterr()
        assert status == code, (argv, status, out, err)
        assert "Traceback" not in err
        words = tuple(a for a in argv if not a.startswith("-"))
        self.ran.update(words[:n] for n in (1, 2))
        return out, err

    def json(self, *argv: str) -> Any:
        out, _ = self(*argv, "--json")
        return json.loads(out)


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, emulator_url: str
) -> Cli:
    for name in ("VONAGE_APPLICATION_ID", "VONAGE_PRIVATE_KEY", "OPENTOK_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENTOK_API_KEY", DEMO_API_KEY)
    monkeypatch.setenv("OPENTOK_API_SECRET", DEMO_API_SECRET)
    monkeypatch.setenv("OPENTOK_API_URL", emulator_url)
    monkeypatch.setenv("COLUMNS", "100")
    return Cli(capsys)


@pytest.fixture
def control(emulator_url: str) -> Iterator[Client]:
    """A client for the emulator's control API (simulated participants)."""
    with Client(DEMO_API_KEY, DEMO_API_SECRET, api_url=emulator_url) as client:
        yield client
