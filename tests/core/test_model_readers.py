"""The generated ``from_json`` readers (models/_compiled.py) read exactly what the hand-written
ones did: on arbitrary JSON each gives an equal model, value types included, or the same
ValueError (tests/core/legacy_readers.py keeps the old readers as the oracle)."""

from __future__ import annotations

import datetime as dt
import enum
import json
import pickle
import types
import weakref
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import opentok_core.models as models
from opentok_core.models import Archive
from opentok_core.models._compiled import JsonModel, reader_source
from tests.conftest import SPEC, fixture_body
from tests.core.legacy_readers import LEGACY, LEGACY_EVENTS

GENERATED = [
    m
    for n in models.__all__
    if isinstance(m := getattr(models, n), type) and issubclass(m, JsonModel)
]


class Text(str):
    """A str subclass, as a direct caller (not json.loads) might pass."""


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


# Every wire key any model reads, plus the ones read by hand (project ids, nested settings).
KEYS = sorted(
    {_camel(f.name) for m in LEGACY for f in attrs.fields(m)}
    | {"projectId", "partnerId", "applicationId", "properties", "settings", "hls", "rtmp"}
    | {"streamId", "connectionId", "captionsId", "serverUrl", "streamName", "other"}
    | {"sessionId", "timestamp", "event", "call", "connection", "stream", "captionId", "reason"}
)
ENUM_VALUES = sorted(
    {
        member.value
        for name in models.__all__
        if isinstance(e := getattr(models, name), type) and issubclass(e, enum.Enum)
        for member in e
    }
)

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**64), 2**64),
    st.integers(-(10**15), 10**15),  # around the representable epoch-ms range
    st.floats(),  # json.loads reads NaN and Infinity too
    st.text(max_size=8),
    st.text(max_size=4).map(Text),
    st.sampled_from(ENUM_VALUES),
    st.sampled_from(ENUM_VALUES).map(Text),
    st.just(1_700_000_000_000),
)
objects = st.recursive(
    st.dictionaries(st.sampled_from(KEYS), leaves, max_size=6),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(KEYS), inner | leaves, max_size=8),
        st.dictionaries(st.sampled_from(KEYS), inner | leaves, max_size=4).map(
            types.MappingProxyType
        ),
    ),
    max_leaves=20,
)


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (an enum member is not its string)."""
    if type(a) is not type(b):
        return False
    if attrs.has(type(a)):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a)))
    if isinstance(a, tuple):
        return len(a) == len(b) and all(map(same, a, b))
    return bool(a == b)


def outcome(read: Any, data: Any) -> Any:
    try:
        return read(data)
    except ValueError as exc:
        return ("ValueError", str(exc))


def test_every_generated_reader_has_the_old_reader_as_oracle() -> None:
    assert set(LEGACY) <= set(GENERATED)
    assert all(issubclass(event, JsonModel) for event in LEGACY_EVENTS)


@settings(max_examples=400)
@given(st.sampled_from(sorted(LEGACY, key=lambda m: m.__name__)), objects | leaves)
def test_generated_readers_equal_the_hand_written_ones(model: Any, data: Any) -> None:
    new, old = outcome(model.from_json, data), outcome(LEGACY[model], data)
    assert same(new, old), (new, old)
    assert same(outcome(model.from_decoded, data), old)  # the listings' reader


def kind(result: Any) -> Any:
    return "ValueError" if isinstance(result, tuple) else result


@settings(max_examples=300)
@given(
    st.sampled_from(sorted(LEGACY_EVENTS, key=lambda m: m.__name__)),
    st.dictionaries(st.sampled_from(KEYS), objects | leaves, max_size=10),
)
def test_generated_callback_readers_read_and_refuse_what_the_old_ones_did(
    event: Any, data: dict[str, Any]
) -> None:
    new, old = outcome(event.from_json, data), outcome(LEGACY_EVENTS[event], data)
    assert same(kind(new), kind(old)), (new, old)


CALLBACKS = {
    path.stem: json.loads(path.read_bytes())
    for path in sorted((SPEC / "fixtures" / "callbacks").glob("*.json"))
}
CALLBACK_EVENTS = {e.__name__: e for e in LEGACY_EVENTS}
FOR_FIXTURE = {
    "archive": "ArchiveEvent",
    "broadcast": "BroadcastEvent",
    "render": "RenderEvent",
    "captions": "CaptionsEvent",
    "connectionCreated": "ConnectionCreated",
    "connectionDestroyed": "ConnectionDestroyed",
    "streamCreated": "StreamCreated",
    "streamDestroyed": "StreamDestroyed",
    "sessionCreated": "SessionCreated",
    "sessionDestroyed": "SessionDestroyed",
    "callUpdated": "SipCallEvent",
}


@settings(max_examples=300)
@given(
    st.sampled_from(sorted(FOR_FIXTURE)),
    st.dictionaries(st.sampled_from(KEYS), objects | leaves, max_size=3),
)
def test_callback_fixtures_with_fields_changed_read_the_same(
    name: str, changes: dict[str, Any]
) -> None:
    event = CALLBACK_EVENTS[FOR_FIXTURE[name]]
    data = {**CALLBACKS[name], **changes}
    new, old = outcome(event.from_json, data), outcome(LEGACY_EVENTS[event], data)
    assert same(kind(new), kind(old)), (new, old)
    if not changes:
        assert not isinstance(new, tuple)


@pytest.mark.parametrize(
    ("model", "fixture"),
    [
        (models.Archive, ("archives.get", 200)),
        (models.Broadcast, ("broadcasts.get", 200)),
        (models.Render, ("renders.get", 200)),
        (models.Stream, ("streams.get", 200)),
        (models.SipCall, ("sip.dial", 200)),
    ],
)
def test_the_spec_fixtures_read_the_same(model: Any, fixture: tuple[str, int]) -> None:
    body = fixture_body(*fixture)
    assert body is not None
    data = json.loads(body)
    assert same(model.from_json(data), LEGACY[model](data))


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (models.Broadcast, {"settings": 1}),
        (models.Render, {"name": 1}),
        (models.BroadcastUrls, {"hls": 1, "rtmp": 1}),
    ],
)
def test_fields_read_by_a_function_fail_first_as_before(model: Any, data: Any) -> None:
    assert outcome(model.from_json, data) == outcome(LEGACY[model], data)


def test_a_generated_model_is_an_ordinary_frozen_instance() -> None:
    data = {
        "id": "a",
        "status": "started",
        "createdAt": 1_700_000_000_000,
        "streams": [{"streamId": "s"}],
    }
    archive = Archive.from_json(data)
    assert type(archive) is Archive and type(archive.streams[0]) is models.ArchiveStream
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        archive.id = "b"  # type: ignore[misc]
    assert archive == Archive(
        id="a",
        status=models.ArchiveStatus.STARTED,
        created_at=dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.timezone.utc),
        streams=(models.ArchiveStream(stream_id="s"),),
    )
    assert hash(archive) == hash(attrs.evolve(archive))
    assert same(pickle.loads(pickle.dumps(archive)), archive)
    assert weakref.ref(archive)() is archive


def test_from_decoded_keeps_the_decoded_object_itself_and_from_json_a_copy() -> None:
    data = {"id": "a", "status": "started"}
    assert Archive.from_decoded(data).raw is data
    assert Archive.from_json(data).raw is not data and Archive.from_json(data).raw == data
    proxy = types.MappingProxyType(data)
    assert type(Archive.from_decoded(proxy).raw) is dict


def test_the_reader_is_compiled_once_and_installed_on_the_class() -> None:
    Archive.from_json({"id": "a"})
    first = Archive.from_json
    Archive.from_json({"id": "b"})
    assert Archive.from_json == first and "from_json" in Archive.__dict__
    assert "self.id = v" in reader_source(Archive)


def test_a_model_whose_fields_have_no_reader_is_refused() -> None:
    @attrs.frozen
    class Odd(JsonModel):
        when: dt.date | None = None

    with pytest.raises(TypeError, match="Odd.when: no reader"):
        Odd.from_json({})

    @attrs.frozen
    class Checked(JsonModel):
        n: int | None = attrs.field(default=None, validator=attrs.validators.instance_of(int))

    with pytest.raises(TypeError, match="validators"):
        Checked.from_json({})


def test_a_model_with_its_own_new_is_read_without_calling_it_as_before() -> None:
    made: list[type] = []

    @attrs.frozen
    class Made(JsonModel):
        name: str | None = None

        def __new__(cls, *args: Any, **kwargs: Any) -> Any:
            made.append(cls)
            return super().__new__(cls)

    read = Made.from_json({"name": "x"})
    assert type(read) is Made and read.name == "x" and made == []
    assert "_new(_builder)" in reader_source(Made)
    assert "_builder()" in reader_source(Archive)
