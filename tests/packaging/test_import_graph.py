"""The import graph, counting function-local and TYPE_CHECKING imports: no cycle between the
top-level packages, and none between the modules inside the core or the emulator (a cycle
there is what deferred imports used to hide). import-linter's contracts (``make test``) check
the layers; this checks what they do not."""

from __future__ import annotations

import grimp
import pytest

from tests.conftest import PACKAGES


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def test_the_top_level_packages_import_each_other_without_a_cycle(
    graph: grimp.ImportGraph,
) -> None:
    cycles = [
        (a, b)
        for a in PACKAGES
        for b in PACKAGES
        if a < b
        and graph.chain_exists(importer=a, imported=b, as_packages=True)
        and graph.chain_exists(importer=b, imported=a, as_packages=True)
    ]
    assert cycles == []


@pytest.mark.parametrize("package", ["opentok_core", "opentok_emulator"])
def test_no_module_cycle_inside(graph: grimp.ImportGraph, package: str) -> None:
    modules = sorted(m for m in graph.modules if m.startswith(package + "."))
    assert len(modules) > 10
    cycles = sorted(
        (a, b)
        for a in modules
        for b in graph.find_modules_directly_imported_by(a)
        if b.startswith(package + ".") and graph.chain_exists(importer=b, imported=a)
    )
    assert cycles == []
