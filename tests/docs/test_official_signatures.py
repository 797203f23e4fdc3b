"""Migration is one import: every method the official opentok 3.15 SDK shares with Client
takes the same parameters in the same order, except the deviations docs/migration.md names."""

from __future__ import annotations

import inspect

import opentok  # the official package, a dev dependency

from opentok_async import AsyncClient
from opentok_sync import Client

# official name -> ours, where the migration guide documents the difference (the official
# keyword is still accepted: see test_migration_surface).
RENAMED = {("mute_all", "excludedStreamIds"): "excluded_stream_ids"}


def params(function: object) -> list[str]:
    return [p for p in inspect.signature(function).parameters if p != "self"]  # type: ignore[arg-type]


def test_shared_methods_take_the_official_parameters_in_order() -> None:
    shared = [
        name
        for name, member in inspect.getmembers(opentok.OpenTok)
        if callable(member) and not name.startswith("_") and hasattr(Client, name)
    ]
    assert len(shared) >= 34
    for name in shared:
        official = [RENAMED.get((name, p), p) for p in params(getattr(opentok.OpenTok, name))]
        for client in (Client, AsyncClient):
            assert params(getattr(client, name))[: len(official)] == official, name


def test_the_constructor_takes_the_official_parameters_in_order() -> None:
    official = params(opentok.OpenTok.__init__)
    assert params(Client.__init__)[: len(official)] == official
