"""Enum-like parameters take the member or its wire text as a Literal, so a type checker refuses
a typo in user code (``media_mode="routd"``) that ``X | str`` let through."""

from __future__ import annotations

import enum
import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest

import opentok_core
from opentok_core import (
    ArchiveMode,
    ArchiveModeValue,
    LayoutType,
    LayoutTypeValue,
    MediaMode,
    MediaModeValue,
    OutputMode,
    OutputModeValue,
    Resolution,
    ResolutionValue,
    Role,
    RoleValue,
    ScreenshareType,
    ScreenshareTypeValue,
    StreamMode,
    StreamModeValue,
)
from tests.conftest import ROOT

PAIRS: list[tuple[type[enum.Enum], object]] = [
    (MediaMode, MediaModeValue),
    (ArchiveMode, ArchiveModeValue),
    (OutputMode, OutputModeValue),
    (StreamMode, StreamModeValue),
    (Resolution, ResolutionValue),
    (Role, RoleValue),
    (LayoutType, LayoutTypeValue),
    (ScreenshareType, ScreenshareTypeValue),
]


@pytest.mark.parametrize(("enum_type", "literal"), PAIRS, ids=lambda p: getattr(p, "__name__", ""))
def test_each_literal_lists_exactly_its_enums_wire_values(enum_type: type, literal: object) -> None:
    assert set(typing.get_args(literal)) == {member.value for member in enum_type}


def test_every_public_enum_that_a_parameter_takes_has_its_literal() -> None:
    for enum_type, _ in PAIRS:
        assert hasattr(opentok_core, f"{enum_type.__name__}Value")


USER_CODE = """\
from opentok_core import Role
from opentok_sync import Client

client = Client("123456", "secret")
client.create_session(media_mode="routed", archive_mode="always")
client.generate_token("1_MX4xfg", role="moderator")
client.generate_token("1_MX4xfg", role=Role.MODERATOR)
client.start_archive("1_MX4xfg", output_mode="individual", resolution="1280x720")
{typo}
"""


def test_mypy_refuses_a_typo_in_an_enum_like_argument_of_user_code(tmp_path: Path) -> None:
    """One mypy run over two files of user code: the correct one passes, the typo is caught."""
    (tmp_path / "good.py").write_text(USER_CODE.format(typo=""))
    typo = 'client.create_session(media_mode="routd")'
    (tmp_path / "typo.py").write_text(USER_CODE.format(typo=typo))
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "good.py", "typo.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPYPATH": str(ROOT / "src")},
        timeout=300,
    )
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert done.returncode == 1, done.stdout
    assert len(errors) == 1 and errors[0].startswith('typo.py:9: error: Argument "media_mode"')
    assert "Literal['routd']" in errors[0], errors
