"""Every exception the SDK exports crosses a process boundary whole: pickled by a worker of
``ProcessPoolExecutor`` or ``multiprocessing.Pool`` (or Celery, RQ), it arrives as the same
class with every field (status, code, message, operation, attempts, retry_after, field,
problem, excerpt, ...). The classes are found, not listed, so a new one is covered too."""

from __future__ import annotations

import importlib
import inspect
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from opentok_core import Request, Response

PACKAGES = ("opentok_core", "opentok_sync", "opentok_async", "opentok_emulator", "opentok_testing")

#: A value for each constructor parameter name any exception class takes.
SAMPLES: dict[str, Any] = {
    "message": "something failed",
    "field": "archive_id",
    "problem": "must not be empty",
    "operation": "archives.get",
    "status": 429,
    "code": 15204,
    "description": "a description",
    "excerpt": '{"code":15204}',
    "response": Response(429, {"retry-after": "2"}, b'{"code":15204}'),
    "attempts": 3,
    "retry_after": 2.5,
    "request": Request(
        "GET", "https://api.example.test:8443/v2/x", operation="archives.get", attempt=3
    ),
    "client": "Client",
    "reason": "replayed",
    "resource": {"id": "a1", "status": "failed"},
    "last": {"id": "a1", "status": "stopped"},
    "state": "stopped",
    "waited": 12.5,
}

#: Attributes that, where a class has them, must survive with their values.
FIELDS = (
    "status",
    "code",
    "message",
    "operation",
    "attempts",
    "retry_after",
    "field",
    "problem",
    "excerpt",
    "description",
    "response",
    "reason",
    "resource",
    "last",
    "state",
    "waited",
)


def exported_errors() -> list[type[BaseException]]:
    """Every exception class in the public ``__all__`` of the SDK's packages."""
    found: dict[str, type[BaseException]] = {}
    for package in PACKAGES:
        module = importlib.import_module(package)
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if isinstance(value, type) and issubclass(value, BaseException):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return sorted(found.values(), key=lambda cls: cls.__qualname__)


def build(cls: type[BaseException]) -> BaseException:
    """An instance of ``cls`` with every constructor parameter it names filled in."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for parameter in list(inspect.signature(cls).parameters.values()):
        if parameter.kind is parameter.VAR_POSITIONAL:
            args.append(SAMPLES["message"])
        elif parameter.kind is parameter.VAR_KEYWORD:
            continue
        elif parameter.name in SAMPLES:
            if parameter.kind is parameter.KEYWORD_ONLY:
                kwargs[parameter.name] = SAMPLES[parameter.name]
            else:
                args.append(SAMPLES[parameter.name])
        elif parameter.default is parameter.empty:
            raise AssertionError(f"{cls.__qualname__}: add a sample for {parameter.name!r}")
    if "retry_after" not in kwargs and hasattr(cls, "retry_after"):
        kwargs["retry_after"] = SAMPLES["retry_after"]
    try:
        return cls(*args, **kwargs)
    except TypeError:  # **kw forwarded to the base: e.g. RateLimited(message, retry_after, **kw)
        base = {k: SAMPLES[k] for k in ("operation", "status", "code", "excerpt", "attempts")}
        return cls(*args, **{**base, **kwargs})


def state(error: BaseException) -> tuple[Any, ...]:
    """What must survive: class, args, text, every attribute and each named field."""
    fields = {name: getattr(error, name) for name in FIELDS if hasattr(error, name)}
    return type(error), error.args, str(error), vars(error), fields


ERRORS = exported_errors()


def test_the_tree_is_found_whole() -> None:
    names = {cls.__name__ for cls in ERRORS}
    assert {"ValidationError", "NotFound", "RateLimited", "ConnectTimeout", "ClientClosed"} <= names


@pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: cls.__qualname__)
def test_every_exported_error_round_trips_through_pickle(cls: type[BaseException]) -> None:
    error = build(cls)
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        assert state(pickle.loads(pickle.dumps(error, protocol))) == state(error)


def _raise(index: int) -> None:
    """Worker: raise the ``index``-th exported error (built in the worker's own process)."""
    raise build(exported_errors()[index])


def test_errors_raised_in_a_process_pool_worker_reach_the_caller_whole() -> None:
    spawn = multiprocessing.get_context("spawn")  # no fork of the threaded test process
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        futures = [pool.submit(_raise, i) for i in range(len(ERRORS))]
        for cls, future in zip(ERRORS, futures, strict=True):
            error = future.exception(timeout=60)
            assert error is not None and state(error) == state(build(cls)), cls


def test_errors_raised_in_a_multiprocessing_pool_reach_get_whole() -> None:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        results = [pool.apply_async(_raise, (i,)) for i in range(len(ERRORS))]
        for cls, result in zip(ERRORS, results, strict=True):
            with pytest.raises(cls) as info:
                result.get(timeout=60)  # a bound, not a measurement: a lost result hangs
            assert state(info.value) == state(build(cls))
