"""Load the heavy parts of a package on first use (PEP 562 module ``__getattr__``/``__dir__``).

Every operation and model is a frozen attrs class, and building one costs about a millisecond
at import (attrs compiles its methods): importing all of them would add about 300 ms to
``from opentok_sync import Client``. A client needs only the few it calls, so a package lists
its lazy names once, in the table given here, and a name's module is imported on its first
lookup. Type checkers see ordinary imports under ``if TYPE_CHECKING:``
(``tests/core/test_lazy_imports.py`` checks that those and the table agree), and ``__dir__``
makes REPL completion, ``dir()`` and ``help()`` list the lazy names too.

This is the project's one lazy-export mechanism: every package with lazy names uses it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, table: Mapping[str, Iterable[str]]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for ``package``. ``table`` maps a module
    (relative to the package, or absolute) to the names it provides. The first lookup of a name
    imports its module and keeps the value in the package namespace, so later lookups are plain
    attribute reads."""
    namespace = sys.modules[package].__dict__
    where = {name: module for module, names in table.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *where})

    return __getattr__, __dir__
