"""Properties of the archive and broadcast inputs, layouts and broadcast options: any layout
or options input validates or raises ValidationError, and a valid official dict always sends
exactly itself. What every operation has (finish() is total, also on fixture-shaped bodies with
fields of any type; ids of any text stay one encoded path segment) is tested over the whole
registry in test_operation_properties.py."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from opentok_core import (
    BroadcastOptions,
    Layout,
    StartBroadcast,
    ValidationError,
)
from tests.conftest import SESSION_ID
from tests.core.test_archives import CONFIG

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)


layout_dicts = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["bestFit", "custom", "pip", "focus", "grid", 3, None]),
        "stylesheet": st.one_of(st.none(), st.text(max_size=5), st.integers()),
        "screenshareType": st.sampled_from(["pip", "custom", "bestFit", None, 1]),
    },
)


@settings(max_examples=80)
@given(layout=st.one_of(layout_dicts, json_values))
def test_any_layout_input_is_a_layout_or_a_validation_error(layout: Any) -> None:
    try:
        value = Layout.of(layout)
    except ValidationError:
        return
    assert Layout.of(value.to_json()) == value  # the wire shape reads back to the same value


rtmp = st.fixed_dictionaries(
    {
        "serverUrl": st.sampled_from(["rtmp://a/b", "rtmps://c/d", "http://x", ""]),
        "streamName": st.sampled_from(["k", ""]),
    },
    optional={"id": st.sampled_from(["a", "b", "c", ""])},
)
options = st.fixed_dictionaries(
    {},
    optional={
        "outputs": st.fixed_dictionaries(
            {},
            optional={
                "hls": st.fixed_dictionaries(
                    {}, optional={"dvr": st.booleans(), "lowLatency": st.booleans()}
                ),
                "rtmp": st.lists(rtmp, max_size=7),
            },
        ),
        "maxDuration": st.integers(0, 40_000),
        "maxBitrate": st.integers(0, 7_000_000),
        "resolution": st.sampled_from(["640x480", "1920x1080", "4k"]),
        "multiBroadcastTag": st.text(max_size=4),
        "hasAudio": st.booleans(),
        "hasVideo": st.booleans(),
        "layout": layout_dicts,
    },
)


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


@settings(max_examples=100)
@given(opts=st.one_of(options, json_values))
def test_any_options_dict_validates_and_then_sends_exactly_itself(opts: Any) -> None:
    try:
        op = StartBroadcast(session_id=SESSION_ID, options=opts)
    except ValidationError:
        return
    sent = json.loads(op.build(CONFIG).body)
    assert sent.pop("sessionId") == SESSION_ID and sent.pop("streamMode") == "auto"
    expected = without_nulls(opts)  # a None option is left out, not sent as null
    outputs = {k: v for k, v in expected.pop("outputs", {}).items() if k != "rtmp" or v}
    assert sent == {**expected, "outputs": outputs}
    assert BroadcastOptions.from_dict(sent) == op.options
