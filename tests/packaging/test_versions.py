"""One version, written as a literal in every package and equal to pyproject's: read without
``importlib.metadata`` (which would pull sockets into the core and needs an installed dist)."""

from __future__ import annotations

import importlib

import pytest

from tests.conftest import PACKAGES, PYPROJECT, ROOT


@pytest.mark.parametrize("package", PACKAGES)
def test_every_package_has_the_projects_version(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__version__ == PYPROJECT["project"]["version"]
    assert "__version__" in module.__all__


def test_no_package_reads_its_version_from_installed_metadata() -> None:
    sources = (ROOT / "src").rglob("*.py")
    assert [p.name for p in sources if "importlib.metadata" in p.read_text()] == []


def test_the_changelog_and_the_user_agent_carry_it() -> None:
    from opentok_core._config import USER_AGENT

    assert f"opentok-py/{PYPROJECT['project']['version']} " in USER_AGENT
    assert (ROOT / "CHANGELOG.md").read_text().startswith("# Changelog")
