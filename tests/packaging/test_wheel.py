"""The wheel ships every package: an editable install (what ``make test`` uses) would hide a
package left out of ``[tool.hatch.build.targets.wheel]``, so this builds the real wheel and
imports every module from it alone, with the project's source off the path."""

from __future__ import annotations

import configparser
import json
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PACKAGES, ROOT

# Run with -S: no site module, so no .pth file (the editable install's) puts src/ on the path.
_PROBE = """
import importlib, json, pkgutil, sys
sys.path[:0] = [{wheel!r}, {site!r}]
found = {{}}
for name in {packages!r}:
    package = importlib.import_module(name)
    modules = [m.name for m in pkgutil.walk_packages(package.__path__, name + ".")]
    for module in modules:
        if module.endswith("__main__"):
            continue
        importlib.import_module(module)
    found[name] = [package.__file__, len(modules)]
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("opentok_py-*.whl")
    return built


def test_every_package_imports_from_the_wheel_alone(wheel: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    probe = _PROBE.format(
        wheel=str(unpacked), site=sysconfig.get_paths()["purelib"], packages=PACKAGES
    )
    out = subprocess.run(
        [sys.executable, "-S", "-c", probe], capture_output=True, text=True, check=True
    )
    found = json.loads(out.stdout)
    for name in PACKAGES:
        path, modules = found[name]
        assert Path(path).is_relative_to(unpacked), f"{name} came from {path}, not the wheel"
        assert modules > 0


def test_every_package_is_typed_in_the_wheel(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {f"{name}/py.typed" for name in PACKAGES} <= names


def test_the_console_script_and_pytest_plugin_point_at_their_new_packages(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (entry_file,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        text = archive.read(entry_file).decode()
    entries = configparser.ConfigParser()
    entries.read_string(text)
    assert entries["console_scripts"]["opentok"] == "opentok_cli:main"
    assert entries["pytest11"]["opentok"] == "opentok_testing.pytest_plugin"


def test_the_wheel_carries_the_package_index_metadata(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
        names = archive.namelist()
    assert "Classifier: Typing :: Typed" in text
    assert "Classifier: License :: OSI Approved :: MIT License" in text
    assert "Project-URL: Repository, https://" in text and "Project-URL: Changelog, " in text
    # licenses/ (core metadata 2.4) or license_files/ (older hatchling)
    assert any(re.search(r"\.dist-info/licen[cs]e[^/]*/LICENSE$", n) for n in names), names[-5:]
    assert "pip install opentok-py" in text  # the README is the long description


_USER = """
import io, json, sys, contextlib
sys.path[:0] = [{wheel!r}, {site!r}]
from opentok_cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main(["--version"])
    except SystemExit:
        pass
from opentok_core import Archive
archive = Archive.from_json({{"id": "a1", "status": "available", "createdAt": 1700000000000}})
print(json.dumps({{"version": out.getvalue().strip(), "archive": archive.to_dict()}}))
"""


def test_from_the_wheel_alone_a_user_gets_the_version_and_json_ready_models(
    wheel: Path, tmp_path: Path
) -> None:
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(unpacked)
    probe = _USER.format(wheel=str(unpacked), site=sysconfig.get_paths()["purelib"])
    done = subprocess.run(
        [sys.executable, "-S", "-c", probe], capture_output=True, text=True, check=True
    )
    found = json.loads(done.stdout)
    assert found["version"].startswith("opentok ") and found["version"][8:][:1].isdigit()
    assert found["archive"]["created_at"] == "2023-11-14T22:13:20+00:00"
