"""Properties every registered operation has, each test iterating over the operation registry
(``tests.registry``), never a hand list: an operation added to the registry, with its example in
spec/examples.toml, is covered here with no edit to this file."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote, urlsplit

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import opentok_core.operations as operations
from opentok_core import (
    ApiError,
    OpenTokError,
    Response,
    UnexpectedResponse,
    ValidationError,
    finish,
)
from opentok_core._errors import EXCERPT_LIMIT
from tests.conftest import API_KEY, fixture_body, load_spec
from tests.registry import (
    CLASSES,
    NAMES,
    OPERATIONS,
    MissingExample,
    build_all,
    load_examples,
    make,
)
from tests.wire import CONFIG

SPEC = load_spec()
BOUND = EXCERPT_LIMIT + 1  # the excerpt plus its ellipsis


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


# finish() is total ---------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=15,
)


def fixture_keys(value: Any) -> set[str]:
    """Every object key, at any depth, of a JSON value."""
    if isinstance(value, dict):
        return set(value).union(*(fixture_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(fixture_keys(v) for v in value))
    return set()


#: The success fixture of each operation that has one, parsed.
FIXTURES = {
    name: json.loads(body)
    for name in NAMES
    if (body := fixture_body(name, SPEC[name]["success"])) is not None
}
#: Keys the service's bodies use, from every success fixture: bodies shaped like real ones.
KEYS = sorted(set().union(*(fixture_keys(v) for v in FIXTURES.values())))
shaped = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=8)
bodies = st.one_of(
    st.binary(max_size=400),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.one_of(shaped, st.lists(shaped, max_size=2)).map(lambda v: json.dumps(v).encode()),
    st.sampled_from(
        [
            b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            b"<html><body>502 Bad Gateway</body></html>",
            b"<?xml version='1.0'?><error>down</error>",
            b'{"id": 1',
            b'{"id": "abc", "status": ',
            b"\xef\xbb\xbf{}",
            b"null",
            b"[]",
            b"[{}]",
            b"{}",
            b'{"items": null}',
            b'"just a string"',
            b"NaN",
            b"",
            b"\x00" * 64,
        ]
    ),
)
headers = st.lists(
    st.tuples(
        st.sampled_from(["content-type", "retry-after", "x-request-id", "content-length", "x-a"]),
        st.text(max_size=16),
    ),
    max_size=4,
)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(status=st.integers(100, 599), hdrs=headers, body=bodies)
def test_finish_returns_a_result_or_raises_an_api_error(
    name: str, status: int, hdrs: Any, body: bytes
) -> None:
    """Whatever status, headers and body come back, ``finish`` returns the model or raises an
    ApiError (a success status never raises anything but UnexpectedResponse) carrying the
    status, the operation and a bounded excerpt."""
    op = OPERATIONS[name]
    try:
        finish(op, Response(status, hdrs, body))
    except OpenTokError as exc:
        assert isinstance(exc, ApiError), repr(exc)
        assert exc.status == status and exc.operation == name
        assert not 200 <= status < 300 or isinstance(exc, UnexpectedResponse)
        assert len(exc.excerpt) <= BOUND and len(str(exc)) < 4 * BOUND


# Success bodies shaped like the fixture, with fields of the wrong type or missing ----------


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key/index path in a JSON value."""
    found = []
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        found.append((*prefix, key))
        found.extend(paths(value, (*prefix, key)))
    return found


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of ``data`` with the field at ``path`` set to ``value``."""
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = replaced(copy[path[0]], path[1:], value)
    return copy


def mutations(value: Any) -> st.SearchStrategy[Any]:
    """The success fixture with one field dropped, retyped or nulled, at any depth."""
    if isinstance(value, dict) and value:
        keys = sorted(value)
        return st.sampled_from(keys).flatmap(
            lambda k: st.one_of(
                st.just({x: v for x, v in value.items() if x != k}),
                json_values.map(lambda v: {**value, k: v}),
                mutations(value[k]).map(lambda v: {**value, k: v}),
            )
        )
    if isinstance(value, list) and value:
        return st.integers(0, len(value) - 1).flatmap(
            lambda i: mutations(value[i]).map(lambda v: [*value[:i], v, *value[i + 1 :]])
        )
    return json_values


@st.composite
def retyped(draw: st.DrawFn, body: Any) -> Any:
    """The success fixture with one to three fields, at any depth, set to any JSON value."""
    done: list[tuple[Any, ...]] = []
    for path in draw(st.lists(st.sampled_from(paths(body)), min_size=1, max_size=3)):
        if any(path[: len(parent)] == parent for parent in done):
            continue  # inside a field already replaced: that path is gone
        body = replaced(body, path, draw(json_values))
        done.append(path)
    return body


@pytest.mark.parametrize("name", sorted(FIXTURES))
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fixture_shaped_bodies_with_wrong_types_give_the_model_or_unexpected_response(
    name: str, data: st.DataObject
) -> None:
    success = SPEC[name]["success"]
    body = data.draw(st.one_of(mutations(FIXTURES[name]), retyped(FIXTURES[name])), "body")
    hdrs = data.draw(st.sampled_from([(), (("content-type", "application/json"),)]), "headers")
    try:
        result = finish(OPERATIONS[name], Response(success, hdrs, json.dumps(body).encode()))
    except OpenTokError as exc:
        assert isinstance(exc, UnexpectedResponse) and exc.status == success
        assert isinstance(exc.__cause__, (ValueError, TypeError, KeyError)), repr(exc.__cause__)
    else:  # an operation with no result ignores any success body
        assert (result is None) == (SPEC[name]["model"] == "None")


# Ids in paths ------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{([A-Za-z]+)\}")
PROJECT = "/v2/project/{projectId}"


def fields_of(template: str) -> list[str]:
    """The operation fields a spec path template takes ids from (``{archiveId}`` is
    ``archive_id``); the project id comes from the credentials, not the operation."""
    return [
        re.sub(r"(?<!^)([A-Z])", lambda m: "_" + m.group(1).lower(), placeholder)
        for placeholder in PLACEHOLDER.findall(template)
        if placeholder != "projectId"
    ]


#: (operation name, path template) for every template of every registered operation that
#: holds an id, from spec/operations.toml: the oracle the built URLs are held to.
ID_PATHS = [
    (name, template) for name in NAMES for template in SPEC[name]["paths"] if fields_of(template)
]

PATH_IDS = [f"{name}:{template.removeprefix(PROJECT)}" for name, template in ID_PATHS]


def with_ids(name: str, template: str, ids: dict[str, str]) -> Any:
    """``name``'s example with the ids of ``template`` set to ``ids``, and the ids only its
    other templates hold left out, so that ``template`` is the one it goes to."""
    others = {f for t in SPEC[name]["paths"] for f in fields_of(t)} - set(ids)
    return make(name, **ids, **dict.fromkeys(others))


def segments(template: str, ids: dict[str, str]) -> list[str]:
    """The path segments ``template`` gives, each id whole in the segment of its placeholder."""
    names = iter(fields_of(template))
    return [
        API_KEY if part == "{projectId}" else ids[next(names)] if PLACEHOLDER.search(part) else part
        for part in template.split("/")
    ]


def query_of(name: str, template: str) -> str:
    """The query string ``name``'s example sends to ``template`` (ids never change it)."""
    ids = {f: "x" for f in fields_of(template)}
    return urlsplit(with_ids(name, template, ids).build(CONFIG).url).query


# Any printable text, reserved characters and all, with no leading or trailing whitespace.
id_texts = st.text(min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and not any(ord(c) < 32 or ord(c) == 127 for c in s)
)
RESERVED = "a/b?c#d%e é"
# Text that reads as an escape once on the wire if "%" is not itself encoded.
id_samples = st.sampled_from([RESERVED, "a%2Fb", "%2e%2e", "%3F%23"])


@pytest.mark.parametrize(("name", "template"), ID_PATHS, ids=PATH_IDS)
@settings(max_examples=40)
@given(data=st.data())
def test_any_id_stays_one_path_segment(name: str, template: str, data: st.DataObject) -> None:
    """Each id, of any text, is exactly one segment of the path the spec gives, in its place,
    and changes neither the query nor the fragment."""
    ids = {f: data.draw(st.one_of(id_samples, id_texts), f) for f in fields_of(template)}
    parts = urlsplit(with_ids(name, template, ids).build(CONFIG).url)
    assert parts.fragment == "" and parts.query == query_of(name, template)
    assert f"{parts.scheme}://{parts.netloc}" == CONFIG.api_url
    assert [unquote(segment) for segment in parts.path.split("/")] == segments(template, ids)


@pytest.mark.parametrize(("name", "template"), ID_PATHS, ids=PATH_IDS)
def test_reserved_characters_in_ids_are_percent_encoded(name: str, template: str) -> None:
    ids = dict.fromkeys(fields_of(template), RESERVED)
    url = with_ids(name, template, ids).build(CONFIG).url
    path = "/".join(segments(template, dict.fromkeys(ids, "a%2Fb%3Fc%23d%25e%20%C3%A9")))
    query = query_of(name, template)
    assert url == CONFIG.api_url + path + (query and "?" + query)
    assert "#" not in url


# Operations with no result ----------------------------------------------------------------

BODILESS = [name for name in NAMES if SPEC[name]["model"] == "None"]


@pytest.mark.parametrize("name", BODILESS)
@pytest.mark.parametrize("status", [200, 202, 204])
def test_bodiless_successes_accept_any_2xx_without_a_body(name: str, status: int) -> None:
    # Every 2xx is a success; a body is read only where there is a result
    # (spec/service.md#empty-successes).
    assert finish(OPERATIONS[name], Response(status, (), b"")) is None


@pytest.mark.parametrize("name", sorted(n for n, op in OPERATIONS.items() if hasattr(op, "token")))
def test_a_token_with_a_lone_surrogate_is_refused_before_build(name: str) -> None:
    # It could never be encoded for the wire: a ValidationError naming the field, not a
    # UnicodeEncodeError from build().
    with pytest.raises(ValidationError, match="token"):
        attrs.evolve(OPERATIONS[name], token="T1==\ud800")
