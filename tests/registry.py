"""Every registered operation, one instance each, built from ``spec/examples.toml``.

The house rule: property, totality and parity tests iterate over the operation registry
(``opentok_core.operations.registry()``), never a hand list. They take their operations from
here, so an operation added to the registry (with its example) is covered by all of them with
no edit to a test file; one added without an example fails loudly, at collection.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import opentok_core.operations as operations
from tests.conftest import SPEC, tomllib

EXAMPLES = SPEC / "examples.toml"


class MissingExample(AssertionError):
    """An operation is registered but ``spec/examples.toml`` has no example for it (or the
    reverse): the registry-driven tests cannot build it."""


def load_examples() -> dict[str, dict[str, Any]]:
    """``spec/examples.toml``: constructor arguments for each operation, keyed by its name."""
    with open(EXAMPLES, "rb") as f:
        return dict(tomllib.load(f)["examples"])


def build_all(
    classes: Mapping[str, Any], examples: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """``{name: cls(**example)}`` for every class of ``classes``, sorted by name; raises
    MissingExample when an operation has no example or an example names no operation."""
    missing = sorted(set(classes) - set(examples))
    if missing:
        raise MissingExample(
            f"spec/examples.toml has no example for {', '.join(missing)}: add "
            f'[examples."{missing[0]}"] with constructor arguments for one instance'
        )
    unknown = sorted(set(examples) - set(classes))
    if unknown:
        raise MissingExample(f"spec/examples.toml names no operation: {', '.join(unknown)}")
    return {name: classes[name](**copy.deepcopy(dict(examples[name]))) for name in sorted(classes)}


#: The operation classes, keyed by name (``archives.get``): the registry itself.
CLASSES: dict[str, Any] = dict(sorted(operations.registry().items()))
_EXAMPLES = load_examples()
#: One instance of every registered operation, keyed by name, in name order.
OPERATIONS: dict[str, Any] = build_all(CLASSES, _EXAMPLES)
#: Every registered operation's name, sorted: the ids of registry-parametrized tests.
NAMES: list[str] = list(OPERATIONS)


def example(name: str) -> dict[str, Any]:
    """A fresh copy of the constructor arguments of ``name``'s example (safe to change)."""
    return copy.deepcopy(_EXAMPLES[name])


def make(name: str, **changes: Any) -> Any:
    """``name``'s operation built from its example with ``changes`` applied."""
    return CLASSES[name](**{**example(name), **changes})
