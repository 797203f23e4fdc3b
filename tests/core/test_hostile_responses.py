"""Garbage from the server (or anyone) never escapes as anything but a typed error.

For every registered operation, truncated, huge or deeply nested bodies give the model or a
typed error with a bounded excerpt (that any status, headers and body give a result or an
ApiError is test_operation_properties.py's). Every model reader and every public decoder
(tokens, session ids, callbacks) is fuzzed with random bytes and near-valid input.
"""

from __future__ import annotations

import inspect
import json
import typing
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import opentok_core
import opentok_core.models as models
from opentok_core import (
    ApiError,
    OpenTokError,
    ProjectCredentials,
    Response,
    UnexpectedResponse,
    finish,
    generate_token,
    sign_callback,
)
from opentok_core._errors import EXCERPT_LIMIT
from tests.conftest import API_KEY, API_SECRET, SESSION_ID, fixture_body, load_spec
from tests.registry import CLASSES, NAMES, OPERATIONS

SPEC = load_spec()
SUCCESS = {name: SPEC[name]["success"] for name in NAMES}
BOUND = EXCERPT_LIMIT + 1  # the excerpt plus its ellipsis

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


FIXTURES = {
    name: json.loads(body)
    for name in NAMES
    if (body := fixture_body(name, SUCCESS[name])) is not None
}


@settings(max_examples=100)
@given(st.sampled_from(sorted(FIXTURES)), st.data())
def test_truncated_success_body(name: str, data: st.DataObject) -> None:
    body = fixture_body(name, SUCCESS[name]) or b""
    cut = data.draw(st.integers(0, max(0, len(body) - 1)))
    response = Response(SUCCESS[name], {"content-type": "application/json"}, body[:cut])
    try:
        finish(OPERATIONS[name], response)
    except OpenTokError as exc:
        assert isinstance(exc, UnexpectedResponse) and len(exc.excerpt) <= BOUND


HUGE_HTML = b"<html><body>" + b"<p>outage</p>" * 1_500_000 + b"</body></html>"  # ~20 MB
DEEP = b"[" * 200_000 + b"]" * 200_000


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("body", [HUGE_HTML, DEEP, b'{"a":' * 50_000], ids=["huge", "deep", "open"])
@pytest.mark.parametrize("status", [200, 500])
def test_huge_and_deep_bodies_give_bounded_errors(name: str, body: bytes, status: int) -> None:
    if status == 200 and SPEC[name]["model"] == "None":
        # No result to read: any 2xx body is ignored (spec/service.md#empty-successes).
        assert finish(OPERATIONS[name], Response(status, (), body)) is None
        return
    with pytest.raises(OpenTokError) as info:
        finish(OPERATIONS[name], Response(status, {"content-type": "text/html"}, body))
    exc = info.value
    assert isinstance(exc, ApiError) and exc.status == status
    assert len(exc.excerpt) <= BOUND and len(str(exc)) < 4 * BOUND


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_truncated_flag_on_a_success_is_unexpected_response(name: str) -> None:
    body = fixture_body(name, SUCCESS[name]) or b""
    with pytest.raises(UnexpectedResponse, match="cut"):
        finish(OPERATIONS[name], Response(SUCCESS[name], (), body, truncated=True))


MODELS = [
    getattr(models, n)
    for n in models.__all__
    if callable(getattr(getattr(models, n), "from_json", None))
]


def result_models(cls: Any) -> set[Any]:
    """The models an operation's ``parse`` returns: ``Page[Archive[Any]]`` gives ``Archive``
    (a model generic over its binding counts as its class)."""
    result = typing.get_type_hints(cls.parse)["return"]
    found = {typing.get_origin(t) or t for t in (result, *typing.get_args(result))}
    return {t for t in found if callable(getattr(t, "from_json", None))}


@pytest.mark.parametrize("name", [n for n in NAMES if SPEC[n]["model"] != "None"])
def test_the_model_fuzz_covers_what_the_operation_returns(name: str) -> None:
    returned = result_models(CLASSES[name])
    assert returned and returned <= set(MODELS), (returned, MODELS)


@settings(max_examples=50)
@given(st.sampled_from(MODELS), st.dictionaries(st.text(max_size=12), json_values, max_size=8))
def test_model_readers_raise_only_value_error(model: Any, data: dict[str, Any]) -> None:
    try:
        model.from_json(data)
    except ValueError:
        pass


# Fuzzing the public decoders -------------------------------------------------------------

CREDENTIALS = ProjectCredentials(API_KEY, API_SECRET)
GOOD_JWT = generate_token(CREDENTIALS, SESSION_ID, now=1_700_000_000, nonce=1, jti="j")
GOOD_T1 = generate_token(
    CREDENTIALS, SESSION_ID, now=1_700_000_000, nonce=1, jti="j", use_jwt=False
)


def decoders() -> list[tuple[str, Any]]:
    """Every public ``parse_*``/``decode_*``/``verify_*`` function, ready to take one input."""
    found = []
    for name in opentok_core.__all__:
        fn = getattr(opentok_core, name)
        if not (inspect.isfunction(fn) and name.startswith(("parse_", "decode_", "verify_"))):
            continue
        params = list(inspect.signature(fn).parameters.values())
        required = [p for p in params[1:] if p.default is inspect.Parameter.empty]
        extra: dict[str, Any] = {}
        for p in required:
            if p.name == "credentials":
                extra[p.name] = CREDENTIALS
            elif p.name in ("secret", "api_secret", "signature_secret"):
                extra[p.name] = API_SECRET
            elif p.name == "authorization":  # a good signature of another body
                extra[p.name] = sign_callback(b"{}", API_SECRET, now=1_700_000_000, jti="j")
            elif p.name == "now":
                extra[p.name] = 1_700_000_000
            else:
                raise AssertionError(f"teach this test how to call {name}({p.name}=...)")
        found.append((name, lambda x, fn=fn, extra=extra: fn(x, **extra)))
    return found


DECODERS = decoders()


def near(token: str) -> st.SearchStrategy[str]:
    """A valid token with a character changed, dropped or inserted, or cut short."""
    return st.integers(0, len(token) - 1).flatmap(
        lambda i: st.one_of(
            st.characters().map(lambda c: token[:i] + c + token[i + 1 :]),
            st.just(token[:i] + token[i + 1 :]),
            st.characters().map(lambda c: token[:i] + c + token[i:]),
            st.just(token[:i]),
        )
    )


fuzz_inputs = st.one_of(
    st.binary(max_size=300),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
    st.text(max_size=300),
    near(GOOD_JWT),
    near(GOOD_T1),
    near(SESSION_ID),
    json_values.map(json.dumps),
    json_values,
    st.sampled_from(["T1==", "a.b.c", "..", "e30.e30.", "1_MX4", "2_", "T1==" + "A" * 5000]),
)


def test_the_fuzz_covers_the_known_decoders() -> None:
    known = {"decode_token", "verify_token", "decode_session_id", "verify_callback"}
    assert known <= {n for n, _ in DECODERS}


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DECODERS), fuzz_inputs)
def test_decoders_only_raise_typed_errors(decoder: tuple[str, Any], value: Any) -> None:
    name, call = decoder
    try:
        call(value)
    except OpenTokError:
        pass
