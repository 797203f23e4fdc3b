"""The binding tags of results and ``bind``: what the clients need at import time, kept apart
from the models' methods (``models/_bound.py``), which load with the models on first use.

``Archive[Bound]`` came from a ``Client``, ``Archive[AsyncBound]`` from an ``AsyncClient``;
plain ``Archive`` is ``Archive[Unbound]``. The tags exist for type checkers: no value is ever
one of them. Pure: no I/O.
"""

from __future__ import annotations

from typing import TypeVar

__all__ = ["AsyncBound", "Bound", "Unbound", "bind"]

T = TypeVar("T")


class Unbound:
    """The binding of a value no client returned (``from_json``, unpickled): its methods raise."""


class Bound(Unbound):
    """The binding of a value a ``Client`` returned: its methods return values."""


class AsyncBound(Unbound):
    """The binding of a value an ``AsyncClient`` returned: its methods return awaitables."""


def bind(value: T, client: object) -> T:
    """Bind ``value`` (a model, or each item of a page) to ``client``, and return it; any
    other value is returned as it is."""
    binder = getattr(value, "_bind", None)
    if binder is not None:
        binder(client)
    return value
