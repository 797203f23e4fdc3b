"""What users see of a name at run time is its public home: ``opentok_core.NotFound``, not
``opentok_core._errors.NotFound``, in reprs, tracebacks, ``help()`` and pickles; and
``typing.get_type_hints`` still works on every class after the move (FastAPI, pydantic and
cattrs read the hints). The facade's methods read as the client's own."""

from __future__ import annotations

import importlib
import inspect
import pickle
import typing

import pytest

import opentok_async
import opentok_core
import opentok_emulator
import opentok_sync

PACKAGES = [opentok_core, opentok_sync, opentok_async, opentok_emulator]


def exported(package: object) -> list[tuple[str, object]]:
    names = package.__all__  # type: ignore[attr-defined]
    found = [(name, getattr(package, name)) for name in names]
    return [(n, v) for n, v in found if inspect.isclass(v) or inspect.isfunction(v)]


def test_the_issue_examples() -> None:
    from opentok_core import Archive, NotFound

    assert NotFound.__module__ == "opentok_core"
    assert Archive.__module__ == "opentok_core"
    assert opentok_sync.Client.__module__ == "opentok_sync"
    assert opentok_sync.Client.create_session.__qualname__ == "Client.create_session"
    assert opentok_async.AsyncClient.start_archive.__qualname__ == "AsyncClient.start_archive"
    assert "Client" in dir(opentok_sync)


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_every_exported_class_and_function_lives_at_its_public_home(package: object) -> None:
    home = package.__name__  # type: ignore[attr-defined]
    for name, value in exported(package):
        if getattr(value, "__name__", name) != name:
            continue  # an alias (OpenTok = Client) keeps the name it was defined with
        assert value.__module__ == home, name  # type: ignore[attr-defined]
        found = importlib.import_module(value.__module__)  # type: ignore[attr-defined]
        assert getattr(found, value.__qualname__) is value, name  # type: ignore[attr-defined]


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.__name__)
def test_type_hints_resolve_on_every_exported_class(package: object) -> None:
    for name, value in exported(package):
        if inspect.isclass(value) and value.__dict__.get("__annotations__"):
            typing.get_type_hints(value)  # raises NameError if a hint cannot be resolved
            if hasattr(value, "__attrs_attrs__"):
                assert not any(isinstance(f.type, str) for f in value.__attrs_attrs__), name


def test_models_and_errors_pickle_by_their_public_names() -> None:
    from opentok_core import Archive, ArchiveStatus, NotFound

    archive = Archive(id="a", status=ArchiveStatus.STARTED)
    assert b"opentok_core.models" not in pickle.dumps(archive, protocol=0)
    assert pickle.loads(pickle.dumps(archive)) == archive
    error = NotFound("gone", operation="archives.get", status=404)
    assert type(pickle.loads(pickle.dumps(error))) is NotFound
    assert "opentok_core.NotFound" in repr(type(error))


@pytest.mark.parametrize("cls", [opentok_sync.Client, opentok_async.AsyncClient])
def test_every_facade_method_is_the_clients_own(cls: type) -> None:
    public = [m for n, m in inspect.getmembers(cls) if callable(m) and not n.startswith("_")]
    assert len(public) > 40
    assert [
        m.__qualname__ for m in public if not m.__qualname__.startswith(f"{cls.__name__}.")
    ] == []


def test_a_class_loaded_by_another_module_is_published_at_the_next_lookup() -> None:
    """An operation module loads its models directly; they get their home all the same."""
    from opentok_core import StreamList  # noqa: F401  (any lazy lookup sweeps)
    from opentok_core.models.streams import Stream

    assert Stream.__module__ == "opentok_core"
