"""Client and AsyncClient expose the same methods with the same signatures and docstrings, and
the sync facade is exactly what tools/unasync.py generates from the async one."""

from __future__ import annotations

import inspect
import subprocess
import sys

from opentok_async import AsyncClient
from opentok_sync import Client
from tests.conftest import ROOT


def public(cls: type) -> dict[str, object]:
    return {n: m for n, m in inspect.getmembers(cls) if not n.startswith("_") and callable(m)}


def test_same_public_methods_signatures_and_docstrings() -> None:
    sync, asyn = public(Client), public(AsyncClient)
    renamed = {"aclose": "close"}
    assert {renamed.get(n, n) for n in asyn} == set(sync)
    for name, method in asyn.items():
        other = sync[renamed.get(name, name)]
        signature = str(inspect.signature(method)).replace("AsyncIterator[", "Iterator[")  # type: ignore[arg-type]
        assert signature == str(inspect.signature(other)), name  # type: ignore[arg-type]
        assert inspect.getdoc(method) == inspect.getdoc(other), name
        assert not inspect.iscoroutinefunction(other), name
    pure = {"generate_token", "with_options", "append_to_user_agent"}
    for name in pure:
        assert not inspect.iscoroutinefunction(asyn[name])
    for name in set(asyn) - pure:
        if name.startswith("iter_"):
            # written once as an async generator, generated as a plain generator
            assert inspect.isasyncgenfunction(asyn[name]), name
            assert inspect.isgeneratorfunction(sync[name]), name
        else:
            assert inspect.iscoroutinefunction(asyn[name]), name


def test_constructors_match() -> None:
    assert str(inspect.signature(Client)).replace("Transport", "T") == str(
        inspect.signature(AsyncClient)
    ).replace("AsyncTransport", "T")


def test_generated_sync_code_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "unasync.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
