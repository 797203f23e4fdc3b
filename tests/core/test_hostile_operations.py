"""Hostile input at the core: any value in any field of any registered operation either raises
ValidationError when the operation is made, or yields a request that stays under the API URL
with no control character in its URL or header values (no path, query or header injection)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opentok_core import ValidationError, make_config
from tests.conftest import API_KEY, API_SECRET
from tests.registry import CLASSES, NAMES, example

CONFIG = make_config(API_KEY, API_SECRET, api_url="https://api.example.test")
#: (operation name, field) for every constructor field of every registered operation.
FIELDS = [
    (name, field.name) for name in NAMES for field in attrs.fields(CLASSES[name]) if field.init
]

junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.text(max_size=30)
    | st.text(alphabet=st.characters(max_codepoint=0x20), max_size=5)
    | st.binary(max_size=10)
    | st.sampled_from(["../../admin", "a/b?c=d#e", "x\r\nX-Injected: 1", "%2e%2e", "\u202e", ""]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def control(text: str) -> bool:
    return any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), junk)
def test_any_value_in_any_field_is_refused_or_safe_on_the_wire(case: Any, value: Any) -> None:
    name, field = case
    try:
        op = CLASSES[name](**{**example(name), field: value})
    except ValidationError:
        return
    request = op.build(CONFIG)
    assert request.url.startswith(CONFIG.api_url + "/")
    parts = urlsplit(request.url)
    assert parts.netloc == "api.example.test" and not parts.fragment
    assert not control(request.url) and " " not in request.url
    # The path goes where the spec says: an id can never climb out with "..".
    assert "/../" not in parts.path and not parts.path.endswith("/..")
    for header, text in request.headers:
        assert not control(header) and not control(text), header
