"""Client and AsyncClient expose the same methods with the same signatures and docstrings (each
worded for its own flavour), and the sync facade is exactly what tools/unasync.py generates from
the async one: stale copies, unused rules and async-only wording all fail its check."""

from __future__ import annotations

import importlib.util
import inspect
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from opentok_async import AsyncClient
from opentok_sync import Client
from tests.conftest import ROOT


def _unasync() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unasync", ROOT / "tools" / "unasync.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


UNASYNC = _unasync()


def public(cls: type) -> dict[str, object]:
    return {n: m for n, m in inspect.getmembers(cls) if not n.startswith("_") and callable(m)}


def test_same_public_methods_signatures_and_docstrings() -> None:
    sync, asyn = public(Client), public(AsyncClient)
    renamed = {"aclose": "close"}
    assert {renamed.get(n, n) for n in asyn} == set(sync)
    for name, method in asyn.items():
        other = sync[renamed.get(name, name)]
        signature = str(inspect.signature(method)).replace("AsyncIterator[", "Iterator[")  # type: ignore[arg-type]
        signature = signature.replace("[AsyncBound]", "[Bound]")  # each bound to its own client
        assert signature == str(inspect.signature(other)), name  # type: ignore[arg-type]
        doc = inspect.getdoc(method)
        assert doc is not None, name
        assert inspect.getdoc(other) == UNASYNC.convert(doc, set()), name
        assert not inspect.iscoroutinefunction(other), name
    pure = {
        "generate_token",
        "with_options",
        "append_to_user_agent",
        "parse_callback",
        "verify_callback",
    }
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


def _checkout(tmp_path: Path) -> Path:
    """A copy of what tools/unasync.py reads and writes, to break on purpose."""
    for relative in ["tools/unasync.py"] + [
        f"src/{package}/{name}"
        for package in ("opentok_async", "opentok_sync")
        for name in UNASYNC.FILES
    ]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / relative, tmp_path / relative)
    return tmp_path


def _unasync_check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "tools" / "unasync.py"), "--check"],
        capture_output=True,
        text=True,
    )


def test_the_check_fails_on_a_hand_edited_sync_file(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    assert _unasync_check(root).returncode == 0
    target = root / "src" / "opentok_sync" / "_api.py"
    target.write_text(target.read_text() + "# a hand edit\n")
    result = _unasync_check(root)
    assert result.returncode == 1
    assert "out of date" in result.stdout and "src/opentok_sync/_api.py" in result.stdout


def test_the_check_fails_on_a_rule_nothing_uses_any_more(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    source = root / "src" / "opentok_async" / "_client.py"
    source.write_text(source.read_text().replace("``anyio.sleep``", "anyio's sleep"))
    result = _unasync_check(root)
    assert result.returncode == 1
    assert "unused unasync rules: ``anyio\\.sleep``" in result.stdout


def test_async_only_wording_cannot_reach_the_sync_files(tmp_path: Path) -> None:
    root = _checkout(tmp_path)
    source = root / "src" / "opentok_async" / "_client.py"
    source.write_text(source.read_text().replace('"""An OpenTok', '"""An awaitable OpenTok'))
    generate = subprocess.run(
        [sys.executable, str(root / "tools" / "unasync.py")], capture_output=True, text=True
    )
    assert generate.returncode == 1
    assert "src/opentok_sync/_client.py:" in generate.stdout and "'awaitable'" in generate.stdout
    assert _unasync_check(root).returncode == 1


def test_the_generated_files_say_where_to_edit_and_never_claim_to_be_the_source() -> None:
    for name in UNASYNC.FILES:
        text = (ROOT / "src" / "opentok_sync" / name).read_text()
        assert text.startswith(f"# Generated from src/opentok_async/{name} by tools/unasync.py")
        assert "edit that file" in text.splitlines()[0]
        assert "source of truth" not in text.lower()
        assert UNASYNC.async_only(name, text) == []
