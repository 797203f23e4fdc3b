"""The lists the layer checks read agree with the tree: every package under src/ is in the
wheel and in import-linter's root packages, and the private-modules contract names every
private module of the core (import-linter takes no ``_*`` wildcard, so the list is written
out, and a new private module must join it)."""

from __future__ import annotations

from tests.conftest import PACKAGES, PYPROJECT, ROOT

SRC = ROOT / "src"
LINTER = PYPROJECT["tool"]["importlinter"]


def test_every_package_under_src_is_in_the_wheel_and_the_layer_checks() -> None:
    found = sorted(p.parent.name for p in SRC.glob("*/__init__.py"))
    assert sorted(PACKAGES) == found
    assert sorted(LINTER["root_packages"]) == found


def test_the_private_modules_contract_names_every_private_module_of_the_core() -> None:
    core = SRC / "opentok_core"
    private = sorted(
        ".".join(path.relative_to(SRC).with_suffix("").parts)
        for path in core.rglob("_*.py")
        if path.name not in ("__init__.py", "__main__.py")
    )
    (contract,) = [c for c in LINTER["contracts"] if "private modules" in c["name"]]
    assert sorted(contract["forbidden_modules"]) == private
    assert set(contract["source_modules"]) == set(PACKAGES) - {"opentok_core"}


def test_every_package_ships_py_typed() -> None:
    assert [p for p in PACKAGES if not (SRC / p / "py.typed").is_file()] == []
