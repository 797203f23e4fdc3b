"""Load the heavy parts of a package on first use (PEP 562 module ``__getattr__``/``__dir__``).

Every operation and model is a frozen attrs class, and building one costs about a millisecond
at import (attrs compiles its methods): importing all of them would add about 300 ms to
``from opentok_sync import Client``. A client needs only the few it calls, so a package lists
its lazy names once, in the table given here, and a name's module is imported on its first
lookup. Type checkers see ordinary imports under ``if TYPE_CHECKING:``
(``tests/core/test_lazy_imports.py`` checks that those and the table agree), and ``__dir__``
makes REPL completion, ``dir()`` and ``help()`` list the lazy names too.

This is the project's one lazy-export mechanism: every package with lazy names uses it.

It also gives each exported class and function its public home (``publish``): a name defined
in a module below its package (``opentok_core._errors.NotFound``) shows the package that
exports it as its ``__module__`` (``opentok_core.NotFound``), in reprs, tracebacks, ``help()``
and pickles. Its annotations are resolved first, in the module that wrote them, so
``typing.get_type_hints`` still works afterwards (FastAPI, pydantic and cattrs read them).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

__all__ = ["lazy_exports", "publish", "public_home"]

#: Lazy names waiting for their module to load: defining module -> [(name, home)].
_PENDING: dict[str, list[tuple[str, str]]] = {}


def public_home(value: Any, home: str) -> bool:
    """Make ``home`` the ``__module__`` of ``value`` (a class or function) if it is defined in a
    module below ``home``; return whether it was. A class's own
    annotations are resolved to objects first (attrs fields too), so ``get_type_hints`` no
    longer needs the module that wrote them; a class whose annotations cannot be resolved at
    run time keeps its module."""
    module = getattr(value, "__module__", None)
    if not isinstance(module, str) or not callable(value) or module == home:
        return False
    if not module.startswith(home + "."):
        return False
    if isinstance(value, type):
        own = value.__dict__.get("__annotations__")
        if own:
            try:
                hints = typing.get_type_hints(value, include_extras=True)
            except NameError:  # a name imported for type checkers only
                return False
            value.__annotations__ = {name: hints[name] for name in own}
            if attrs.has(value):
                attrs.resolve_types(value)
    value.__module__ = home
    return True


def _claim_methods(cls: type, home: str, exported: set[str]) -> None:
    """Name the methods ``cls`` inherits from a base its package does not export (a private
    mixin, such as the clients' generated facade ``_api.Api``) as ``cls``'s own:
    ``Client.create_session.__qualname__ == "Client.create_session"``."""
    for base in cls.__mro__[1:]:
        if base.__name__ in exported or not base.__module__.startswith(home + "."):
            continue
        for name, member in vars(base).items():
            function = getattr(member, "__func__", member)  # staticmethod, classmethod
            if callable(function) and hasattr(function, "__qualname__") and name[:1] != "_":
                function.__qualname__ = f"{cls.__qualname__}.{name}"
                function.__module__ = home


def publish(home: str, namespace: Mapping[str, Any], names: Iterable[str]) -> None:
    """Give the already-loaded ``names`` of ``namespace`` (a package's globals) ``home`` as
    their public home (see ``public_home``); lazy names are given theirs when they load. A
    class's methods from a base ``names`` leaves out are named as the class's own."""
    exported = set(names)
    for name in exported:
        value = namespace.get(name)
        if value is not None and getattr(value, "__name__", None) == name:
            public_home(value, home)
            if isinstance(value, type):
                _claim_methods(value, home, exported)


def _sweep() -> None:
    """Publish the pending names of every module that has loaded since the last sweep (one
    loads another: the operations bring their models)."""
    for module in [m for m in _PENDING if m in sys.modules]:
        namespace = sys.modules[module].__dict__
        for name, home in _PENDING.pop(module):
            value = namespace.get(name)
            if getattr(value, "__module__", None) == module:
                public_home(value, home)


def lazy_exports(
    package: str, table: Mapping[str, Iterable[str]], *, home: str | None = None
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for ``package``. ``table`` maps a module
    (relative to the package, or absolute) to the names it provides. The first lookup of a name
    imports its module and keeps the value in the package namespace, so later lookups are plain
    attribute reads. Each name's public home is ``home`` (default: ``package``), given when its
    module loads."""
    namespace = sys.modules[package].__dict__
    where = {name: module for module, names in table.items() for name in names}
    for module, names in table.items():
        defining = importlib.util.resolve_name(module, package)
        _PENDING.setdefault(defining, []).extend((name, home or package) for name in names)

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        _sweep()
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *where})

    return __getattr__, __dir__
