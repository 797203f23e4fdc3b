"""Every public method of both clients validates its arguments before any I/O.

The test walks the facade with ``inspect`` (so it covers methods as they are added): for each
method it first finds a baseline call that validates, then swaps one argument at a time for a
hostile value chosen from the parameter's annotation (wrong type, empty or control-character
ids, huge strings, unknown enum values, negative numbers, bare strings for lists) and asserts a
ValidationError naming an argument, with no request sent.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import types
import typing
from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import opentok_core
from opentok_async import AsyncClient
from opentok_core import OpenTokError, Response, ValidationError
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET, SESSION_ID
from tests.fakes import FakeTransport, fixed_runtime

# Lifecycle and plumbing, not API calls; and ``signal``, the deprecated alias that only warns and
# calls ``send_signal`` (walked under that name).
NOT_API = {"send", "close", "aclose", "with_options", "config", "timeout", "retry", "signal"}

#: Baseline values for required parameters whose annotation alone does not give a valid value,
#: by parameter name or, where one name means different things, by ``method.parameter``.
BASELINE: dict[str, Any] = {
    "set_stream_class_lists.payload": [{"id": "stream-1", "layoutClassList": ["full"]}],
    "start_broadcast.options": {"outputs": {"hls": {}}},
    "session_id": SESSION_ID,
    "sip_uri": "sip:user@sip.example.com",
    "uri": "sip:user@sip.example.com",
    "url": "https://example.com/page",
    "websocket_uri": "wss://example.com/socket",
    "digits": "1234#",
    "rtmp_url": "rtmp://example.com/live",
    "payload": {"type": "chat", "data": "hello"},
    "websocket_options": {"uri": "wss://example.com/socket"},
    "body": b'{"event": "somethingNew"}',
}


def api_methods(cls: type) -> list[str]:
    return sorted(
        name
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_") and name not in NOT_API and callable(member)
    )


class Weird:
    """A value of no type any parameter accepts."""

    def __repr__(self) -> str:
        return "Weird()"


def options(annotation: Any) -> tuple[Any, ...]:
    """The members of a union annotation (``X | None`` gives ``(X, NoneType)``)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def base(tp: Any) -> Any:
    return typing.get_origin(tp) or tp


def baseline_value(method: str, name: str, annotation: Any) -> Any:
    for key in (f"{method}.{name}", name):
        if key in BASELINE:
            return BASELINE[key]
    kinds = options(annotation)
    for tp in kinds:
        if is_enum(tp):
            return next(iter(tp))
    for tp in kinds:
        if tp is str:
            return "id-1" if name.endswith("id") else "x"
        if tp is bool:
            return True
        if tp is int:
            return 1
        origin = base(tp)
        if origin in (list, tuple, Iterable) or (
            isinstance(origin, type) and issubclass(origin, Iterable) and origin is not str
        ):
            if not (isinstance(origin, type) and issubclass(origin, Mapping)):
                return ["id-1"]
    raise AssertionError(f"no baseline for {name}: {annotation} (add it to BASELINE)")


def hostile_values(name: str, annotation: Any) -> list[Any]:
    """Values the parameter must refuse, from its annotation."""
    kinds = options(annotation)
    if Any in kinds or object in kinds:
        return []
    values: list[Any] = [Weird()]
    takes_str = str in kinds
    is_id = name.endswith("_id") or name == "id"
    if takes_str and is_id:
        values += ["", " padded ", "a\x00b", "line\r\nbreak", "tab\there", "x" * 5000]
    elif takes_str:
        values.append("x" * 1_000_000)
    if takes_str and any(is_enum(tp) for tp in kinds):
        values.append("definitely-not-a-member")
    if int in kinds and bool not in kinds:
        values += [True, -1]
    if bool in kinds:
        values += ["true", 1]
    iterable = [tp for tp in kinds if base(tp) in (Iterable, list, tuple)]
    if iterable:
        values += ["a bare string", [Weird()]]
    return values


def short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 24 else f"{text[:16]}...<{len(text)} chars>"


def hints(method: Any) -> dict[str, Any]:
    # The facades import the models and options they annotate with only for type checkers
    # (they load lazily, see opentok_core._lazy): resolve them in opentok_core's namespace.
    public = {name: getattr(opentok_core, name) for name in opentok_core.__all__}
    return typing.get_type_hints(method, localns=public, include_extras=False)


def plan(cls: type) -> list[tuple[str, str, Any]]:
    """(method, parameter, hostile value) for every method of ``cls``."""
    cases = []
    for name in api_methods(cls):
        method = getattr(cls, name)
        types_ = hints(method)
        for param in list(inspect.signature(method).parameters.values())[1:]:
            for value in hostile_values(param.name, types_.get(param.name, Any)):
                cases.append((name, param.name, value))
    return cases


def required_args(cls: type, name: str) -> dict[str, Any]:
    method = getattr(cls, name)
    types_ = hints(method)
    return {
        p.name: baseline_value(name, p.name, types_.get(p.name, Any))
        for p in list(inspect.signature(method).parameters.values())[1:]
        if p.default is inspect.Parameter.empty
    }


def answer(request: Any) -> Response:
    return Response(200, {"content-type": "application/json"}, b"{}")


def sync_client() -> tuple[Client, FakeTransport]:
    fake = FakeTransport(answer)
    return Client(API_KEY, API_SECRET, transport=fake, runtime=fixed_runtime()), fake


def async_client() -> tuple[AsyncClient, FakeTransport]:
    fake = FakeTransport(answer)
    return AsyncClient(API_KEY, API_SECRET, transport=fake, runtime=fixed_runtime()), fake


async def consume(result: Any) -> None:
    """Drive a method's result far enough that it must have validated and done its I/O."""
    if inspect.isawaitable(result):
        await result
    elif inspect.isasyncgen(result):
        async for _ in result:
            break
        await result.aclose()
    elif inspect.isgenerator(result):
        for _ in result:
            break
        result.close()


SYNC_CASES = plan(Client)
ASYNC_CASES = plan(AsyncClient)


def test_the_walk_covers_every_method_and_many_cases() -> None:
    assert api_methods(Client) and len(api_methods(Client)) == len(api_methods(AsyncClient))
    covered = {name for name, _, _ in SYNC_CASES}
    assert covered == set(api_methods(Client)) - {
        n for n in api_methods(Client) if len(inspect.signature(getattr(Client, n)).parameters) == 1
    }


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_every_method_accepts_its_baseline(kind: str) -> None:
    client, fake = sync_client() if kind == "sync" else async_client()
    for name in api_methods(type(client)):
        args = required_args(type(client), name)
        before = len(fake.requests)
        try:
            await consume(getattr(client, name)(**args))
        except ValidationError as exc:
            pytest.fail(f"{name}({args}) refused its baseline: {exc}; add it to BASELINE")
        except OpenTokError:
            pass  # an empty {} answer may not parse: that is about the response, not the input
        # The baseline got as far as I/O, so a ValidationError below is the argument's doing.
        does_io = inspect.iscoroutinefunction(
            getattr(AsyncClient, name)
        ) or inspect.isasyncgenfunction(getattr(AsyncClient, name))
        assert (len(fake.requests) > before) == does_io, name


@pytest.mark.anyio
@pytest.mark.parametrize(("name", "param", "value"), SYNC_CASES, ids=short)
async def test_sync_method_refuses_hostile_argument(name: str, param: str, value: Any) -> None:
    client, fake = sync_client()
    args = {**required_args(Client, name), param: value}
    with pytest.raises(ValidationError):
        await consume(getattr(client, name)(**args))
    assert fake.requests == []


@pytest.mark.anyio
@pytest.mark.parametrize(("name", "param", "value"), ASYNC_CASES, ids=short)
async def test_async_method_refuses_hostile_argument(name: str, param: str, value: Any) -> None:
    client, fake = async_client()
    args = {**required_args(AsyncClient, name), param: value}
    with pytest.raises(ValidationError):
        await consume(getattr(client, name)(**args))
    assert fake.requests == []


ID_PARAMS = [
    (name, p.name)
    for name in api_methods(Client)
    for p in list(inspect.signature(getattr(Client, name)).parameters.values())[1:]
    if p.name.endswith("_id") and str in options(hints(getattr(Client, name)).get(p.name))
]
control_text = st.text(max_size=20).flatmap(
    lambda t: st.integers(0, len(t)).flatmap(
        lambda i: st.sampled_from([chr(c) for c in (*range(32), 127)]).map(
            lambda c: t[:i] + c + t[i:]
        )
    )
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ID_PARAMS), control_text)
def test_ids_with_control_characters_are_refused_before_io(
    case: tuple[str, str], text: str
) -> None:
    name, param = case
    client, fake = sync_client()
    args = {**required_args(Client, name), param: text}
    with pytest.raises(ValidationError) as info:
        result = getattr(client, name)(**args)
        if inspect.isgenerator(result):
            next(result)
    assert param in info.value.field or info.value.field.endswith("_id")
    assert fake.requests == []


def test_datetime_is_not_accidentally_accepted_where_a_str_is_expected() -> None:
    # A guard on the walker itself: a value of the wrong type must be refused, not stringified.
    client, fake = sync_client()
    with pytest.raises(ValidationError):
        client.get_archive(dt.datetime.now())  # type: ignore[arg-type]
    assert fake.requests == []
