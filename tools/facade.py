"""What the facade (``src/opentok_async/_api.py``) builds: the one reading of it that the spec
generator and the defaults writer share."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

FACADE = Path(__file__).resolve().parent.parent / "src" / "opentok_async" / "_api.py"

Method = ast.FunctionDef | ast.AsyncFunctionDef


def operation_class(call: ast.Call) -> str | None:
    """``X`` for a call of ``ops.X(...)`` or ``ops.X.<constructor>(...)``, else None."""
    func = call.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute):
        func = func.value  # ops.X.with_properties(...)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        if func.value.id == "ops":
            return func.attr
    return None


def operation_calls(tree: ast.Module) -> Iterator[tuple[Method, ast.Call, str]]:
    """(facade method, call, operation class name) for every operation a method builds, in
    the order the methods are written."""
    for method in _methods(tree):
        for node in ast.walk(method):
            if isinstance(node, ast.Call) and (name := operation_class(node)) is not None:
                yield method, node, name


def _methods(tree: ast.Module) -> Iterator[Method]:
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node
