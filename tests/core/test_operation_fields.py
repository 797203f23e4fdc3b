"""Operation fields name themselves: a value no field accepts raises a ValidationError whose
``field`` is the attribute's own name.

Fields that take more than their annotated type (a wire string for an enum, the official dict
for an options object) have typed converters that name their field themselves, since attrs
hands a plain function no field (``_validate.py``); this holds each of them to its attribute.
"""

from __future__ import annotations

import attrs
import pytest

from opentok_core import ValidationError
from opentok_core.operations import (
    Signal,
    SipAuth,
    SipOptions,
    StreamClassList,
    TranscriptionProperties,
    WebSocketOptions,
)
from tests.conftest import ROOT
from tests.registry import CLASSES, NAMES, example

# Every registered operation with its example, and the value types they take.
EXAMPLES: dict[type, dict[str, object]] = {CLASSES[name]: example(name) for name in NAMES}
EXAMPLES.update(
    {
        Signal: {"data": "hello"},
        SipAuth: {"username": "u", "password": "p"},
        SipOptions: {},
        StreamClassList: {"stream_id": "s1"},
        TranscriptionProperties: {},
        WebSocketOptions: {"uri": "wss://example.test/audio"},
    }
)
CASES = sorted(
    ((cls, field.name) for cls in EXAMPLES for field in attrs.fields(cls) if field.init),
    key=lambda case: (case[0].__name__, case[1]),
)


@pytest.mark.parametrize(
    ("cls", "field"), CASES, ids=[f"{cls.__name__}.{field}" for cls, field in CASES]
)
def test_a_refused_value_is_reported_under_the_fields_own_name(cls: type, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        cls(**{**EXAMPLES[cls], field: object()})
    assert info.value.field == field


def test_the_facade_hands_its_arguments_to_operations_without_type_ignores() -> None:
    # The operations' constructors accept what the facade takes (MediaMode | str, a dict for
    # options, any iterable for a list): mypy --strict checks the calls, nothing silences it.
    source = (ROOT / "src" / "opentok_async" / "_api.py").read_text(encoding="utf-8")
    assert "type: ignore" not in source
