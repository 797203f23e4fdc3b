"""Lazy loading (opentok_core._lazy): importing a client loads no operation, model, emulator or
RSA code; each name still resolves on first use to the object its module defines; and the
run-time tables agree with the ``if TYPE_CHECKING:`` imports type checkers read."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import subprocess
import sys

import pytest

from tests.conftest import PACKAGES as ALL_PACKAGES
from tests.conftest import ROOT

LAZY_PACKAGES = ["opentok_core", "opentok_core.operations", "opentok_core.models"]
PACKAGES = [*LAZY_PACKAGES[1:], *ALL_PACKAGES]


def _type_checking_imports(package: str) -> list[tuple[str, str]]:
    """(module, name) for every import inside the package's ``if TYPE_CHECKING:`` block, a
    star import standing for every name of its module's ``__all__``."""
    module = importlib.import_module(package)
    found = []
    for source, name in _type_checking_imports_of(ast.parse(inspect.getsource(module))):
        if name == "*":
            found += [(source, n) for n in importlib.import_module(source, package).__all__]
        else:
            found.append((source, name))
    return found


@pytest.mark.parametrize("package", LAZY_PACKAGES)
def test_every_lazy_name_resolves_to_its_modules_object(package: str) -> None:
    module = importlib.import_module(package)
    declared = _type_checking_imports(package)
    assert declared, f"{package} has no TYPE_CHECKING imports"
    for source, name in declared:
        expected = getattr(importlib.import_module(source, package), name)
        assert getattr(module, name) is expected, f"{package}.{name}"
    for name in module.__all__:  # and nothing in __all__ is left without a source
        assert getattr(module, name) is not None, f"{package}.{name}"
    # what type checkers read and what runs agree, both ways
    lazy = set(module.__all__) - set(vars(importlib.import_module(package)))
    assert lazy <= {name for _, name in declared}, f"{package}: lazy names type checkers miss"


@pytest.mark.parametrize("package", PACKAGES)
def test_dir_lists_every_public_name_before_any_is_used(package: str) -> None:
    # REPL completion and help() read dir(): lazy names must be there before first use.
    code = f"import {package} as m; print(sorted(set(getattr(m, '__all__', ())) - set(dir(m))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("package", PACKAGES)
def test_unknown_names_are_an_attribute_error(package: str) -> None:
    module = importlib.import_module(package)
    with pytest.raises(AttributeError, match="no attribute 'NoSuchName'"):
        module.NoSuchName  # noqa: B018


_PROBE = """
import json, sys
def loaded():
    prefixes = ("opentok_core.operations.", "opentok_core.models.", "opentok_emulator",
                "opentok_core.callbacks", "cryptography", "opentok_emulator._transport", "h11")
    return sorted(m for m in sys.modules if m.startswith(prefixes))
{code}
print(json.dumps(steps))
"""


def _probe(code: str) -> list[list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(code=code)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("transport", "statement"),
    [
        ("urllib3", "from opentok_sync import Client"),
        ("httpx", "from opentok_async import AsyncClient"),
    ],
)
def test_importing_a_client_loads_no_operation_model_emulator_or_rsa(
    transport: str, statement: str
) -> None:
    # What the HTTP library loads by itself is not ours to save: httpx before 0.28 imports
    # httpcore, and so h11, when it is imported (0.28 waits for the first connection).
    (by_itself, after) = _probe(
        f"import {transport}\nsteps = [loaded()]\n{statement}\nsteps.append(loaded())"
    )
    assert sorted(set(after) - set(by_itself)) == ["opentok_core.models.enums"]


def test_a_call_loads_only_its_own_operation_and_no_rsa_for_project_keys() -> None:
    code = """
from opentok_core import Response
from opentok_sync import Client
from tests.fakes import FakeTransport
steps = []
body = open("spec/fixtures/archives.get/200.json", "rb").read()
client = Client("123456", "secret", transport=FakeTransport(lambda r: Response(200, (), body)))
steps.append(loaded())
client.get_archive("b40ef09b-3811-4726-b508-e41a0f96c68f")
steps.append(loaded())
"""
    built, called = _probe(code)
    assert built == ["opentok_core.models.enums"]
    assert "opentok_core.operations.archives" in called
    assert "opentok_core.operations.sessions" not in called
    assert not any(m.startswith(("cryptography", "opentok_emulator")) for m in called)


def _runtime_names(tree: ast.Module) -> set[str]:
    """Names a module reads when it runs: everything but annotations."""
    found: set[str] = set()

    def scan(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for default in [*node.args.defaults, *node.args.kw_defaults]:
                if default is not None:
                    scan(default)
            for stmt in node.body:
                scan(stmt)
        elif isinstance(node, ast.AnnAssign):
            if node.value is not None:
                scan(node.value)
        elif isinstance(node, ast.arg):
            return
        elif isinstance(node, ast.Name):
            found.add(node.id)
        else:
            for child in ast.iter_child_nodes(node):
                scan(child)

    for node in tree.body:
        if not (isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"):
            scan(node)
    return found


@pytest.mark.parametrize("module", ["opentok_async._api", "opentok_sync._api"])
def test_facades_use_type_checking_only_names_in_annotations_only(module: str) -> None:
    # A facade body must reach operations as ``ops.Name`` (loaded on first use): a name
    # imported under TYPE_CHECKING is not defined when the method runs.
    tree = ast.parse(inspect.getsource(importlib.import_module(module)))
    typing_only = {name for _, name in _type_checking_imports_of(tree)}
    assert not typing_only & _runtime_names(tree)


def _type_checking_imports_of(tree: ast.Module) -> list[tuple[str, str]]:
    found = []
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom):
                    source = "." * stmt.level + (stmt.module or "")
                    found += [(source, alias.name) for alias in stmt.names]
    return found
