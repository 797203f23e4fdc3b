"""Properties every registered operation has, each test iterating over the operation registry
(``tests.registry``), never a hand list: an operation added to the registry, with its example in
spec/examples.toml, is covered here with no edit to this file."""

from __future__ import annotations

from typing import Any

import pytest

import opentok_core.operations as operations
from tests.registry import CLASSES, NAMES, OPERATIONS, MissingExample, build_all, load_examples


def test_every_registered_operation_is_built_from_its_example() -> None:
    assert NAMES == sorted(operations.registry())
    for name, op in OPERATIONS.items():
        assert type(op) is CLASSES[name] and op.name == name
        assert op == CLASSES[name](**load_examples()[name])


def test_an_operation_without_an_example_fails_loudly() -> None:
    examples: dict[str, Any] = load_examples()
    del examples["archives.get"]
    with pytest.raises(MissingExample, match=r'no example for archives\.get.*\[examples\."'):
        build_all(CLASSES, examples)


def test_an_example_naming_no_operation_fails_loudly() -> None:
    examples: dict[str, Any] = {**load_examples(), "archives.teleport": {}}
    with pytest.raises(MissingExample, match=r"names no operation: archives\.teleport"):
        build_all(CLASSES, examples)
