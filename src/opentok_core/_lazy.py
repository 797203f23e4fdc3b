"""Load the heavy parts of a package on first use (a PEP 562 module ``__getattr__``).

Every operation and model is a frozen attrs class, and building one costs about a millisecond
at import (attrs compiles its methods). A client needs only the few it calls, so the packages
that hold them import a module the first time one of its names is looked up. Type checkers see
ordinary imports under ``if TYPE_CHECKING:``; at run time ``lazy_exports`` stands in, with the
same names (``tests/core/test_lazy_imports.py`` checks that the two lists agree).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, table: Mapping[str, Iterable[str]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``table`` maps a module (relative to the
    package) to the names it provides. The first lookup of a name imports its module and keeps
    the value in the package namespace, so later lookups are plain attribute reads."""
    namespace = sys.modules[package].__dict__
    where = {name: module for module, names in table.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    return __getattr__
