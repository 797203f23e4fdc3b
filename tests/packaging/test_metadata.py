"""What a package index shows: the README as the front page (install line first, links that
work away from the repository), the licence the metadata declares, and the URLs."""

from __future__ import annotations

import re

from tests.conftest import PYPROJECT, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
URLS = PYPROJECT["project"]["urls"]


def test_the_readme_opens_with_install_then_the_shortest_example_then_the_make_commands() -> None:
    headings = re.findall(r"^## (.+)$", README, flags=re.M)
    assert headings[:3] == ["Install", "The shortest example", "Two commands"]
    assert headings[-1] == "Measured"  # the benchmark table comes after everything for users
    install = README.split("## Install", 1)[1].split("## ", 1)[0]
    assert "pip install opentok-py" in install and '"opentok-py[testing]"' in install
    assert "pip install -e" in install  # from a checkout, until the first release
    assert "make demo" in README and "make test" in README and "make clean" in README


def test_every_readme_link_is_absolute_under_the_repository_url() -> None:
    links = re.findall(r"\]\(([^)]+)\)", README)
    assert links
    relative = [link for link in links if not link.startswith(("https://", "http://", "#"))]
    assert relative == []
    ours = [link for link in links if "opentok-py" in link]
    assert ours and all(link.startswith(URLS["Repository"]) for link in ours)


def test_the_license_file_is_the_declared_mit() -> None:
    assert PYPROJECT["project"]["license"] == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_classifiers_say_typed_and_every_supported_python() -> None:
    classifiers = PYPROJECT["project"]["classifiers"]
    assert "Typing :: Typed" in classifiers
    assert "License :: OSI Approved :: MIT License" in classifiers
    versions = [c.rsplit(" ", 1)[1] for c in classifiers if re.search(r"Python :: 3\.\d+$", c)]
    assert versions[0] == PYPROJECT["project"]["requires-python"].removeprefix(">=")
    assert set(URLS) >= {"Homepage", "Repository", "Documentation", "Changelog", "Issues"}
