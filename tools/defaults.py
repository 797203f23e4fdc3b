#!/usr/bin/env python3
"""Write each facade default from the operation field it feeds (``make test`` runs ``--check``).

A facade method such as ``start_captions(..., max_duration: int = 14400)`` passes
``max_duration=max_duration`` to ``ops.StartCaptions(...)``, whose attrs field declares the
default. The operation is where that fact lives; the facade shows it as a real value, so that
``help()``, an IDE and the API reference print ``14400`` rather than a sentinel. This tool finds
every such parameter in ``src/opentok_async/_api.py`` (the sync facade is generated from it by
``tools/unasync.py``) and rewrites its default to the field's. ``--check`` exits 1 when one
differs. Only keyword arguments named after a field are read: a method that maps its
parameters itself (``ops.MuteAll.from_call(...)``) declares no default of a field's.
"""

from __future__ import annotations

import ast
import enum
import json
import sys
from pathlib import Path
from typing import Any

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from facade import FACADE, Method, operation_calls  # noqa: E402

from opentok_core import operations  # noqa: E402


def render(value: Any) -> str:
    """The source text of a default value as the facade writes it."""
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # double quotes, as ruff formats them
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    raise TypeError(f"no source form for the default {value!r}")


def _fed(source: str) -> list[tuple[Method, str, str, str, ast.expr, Any]]:
    """(method, parameter, operation, field, the parameter's default node, the attrs field)
    for every facade parameter with a default passed as a keyword to an operation field that
    has one."""
    tree = ast.parse(source)
    found = []
    for method, call, name in operation_calls(tree):
        args = method.args
        positional = [*args.posonlyargs, *args.args]
        with_default = positional[len(positional) - len(args.defaults) :]
        defaults: dict[str, ast.expr] = dict(
            zip([a.arg for a in with_default], args.defaults, strict=True)
        )
        keyword_defaults = zip(args.kwonlyargs, args.kw_defaults, strict=True)
        defaults.update({a.arg: d for a, d in keyword_defaults if d is not None})
        cls = getattr(operations, name)
        if not attrs.has(cls):
            continue
        fields = attrs.fields_dict(cls)
        for keyword in call.keywords:
            value = keyword.value
            if keyword.arg not in fields or not isinstance(value, ast.Name):
                continue
            default_node = defaults.get(value.id)
            field = fields[keyword.arg]
            if default_node is None or field.default is attrs.NOTHING:
                continue
            if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                continue
            found.append((method, value.id, name, keyword.arg, default_node, field))
    return found


def fed_fields(source: str) -> list[tuple[str, str, str, str]]:
    """(method, parameter, operation class, field) for every default the facade shows."""
    return [(m.name, p, op, f) for m, p, op, f, _, _ in _fed(source)]


def findings(source: str) -> list[tuple[int, int, int, str, str, str]]:
    """(line, start col, end col, current text, wanted text, where) for every facade default
    that differs from the operation field it feeds."""
    found = []
    for method, param, op, field_name, node, field in _fed(source):
        wanted = render(field.default)
        current = ast.get_source_segment(source, node) or ""
        if current != wanted:
            where = f"{method.name}({param}) <- {op}.{field_name}"
            found.append(
                (node.lineno, node.col_offset, node.end_col_offset or 0, current, wanted, where)
            )
    return found


def main(argv: list[str]) -> int:
    source = FACADE.read_text(encoding="utf-8")
    wrong = findings(source)
    if "--check" in argv:
        for line, _, _, current, wanted, where in wrong:
            print(f"{FACADE.name}:{line}: {where}: default {current} should be {wanted}")
        if wrong:
            print("run `python tools/defaults.py && python tools/unasync.py`", file=sys.stderr)
        return 1 if wrong else 0
    lines = source.splitlines(keepends=True)
    for line, start, end, _, wanted, _ in sorted(wrong, reverse=True):
        text = lines[line - 1]
        lines[line - 1] = text[:start] + wanted + text[end:]
    FACADE.write_text("".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
