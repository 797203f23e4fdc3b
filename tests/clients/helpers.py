"""What the client suites share: a sync/async client pair over fakes, success answers from the
spec fixtures, and the shape of a facade-call row (the ``CALLS`` lists of the resource modules).

Kept out of tests/fakes.py, which must import neither client (tests/core/test_lazy_imports.py
imports it in a probe that watches what gets loaded)."""

from __future__ import annotations

from typing import Any

from opentok_async import AsyncClient
from opentok_core import NO_RETRY, Response
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET, fixture_body, load_spec
from tests.fakes import FakeTransport, Handler, fixed_runtime, json_response

#: A facade call to make on both clients: (method, positional args, keyword args, the name of
#: the operation it sends). Parity tests run every row; test_client_parity.py checks the rows
#: call every registered operation's facade method.
FacadeCall = tuple[str, tuple[Any, ...], dict[str, Any], str]

SPEC = load_spec()


def clients(handler: Handler) -> tuple[Client, AsyncClient, FakeTransport, FakeTransport]:
    """A Client and an AsyncClient, each over its own fake answering with ``handler``; fixed
    runtimes and no retries, so the two send identical requests."""
    sync_fake, async_fake = FakeTransport(handler), FakeTransport(handler)
    sync = Client(API_KEY, API_SECRET, transport=sync_fake, runtime=fixed_runtime(), retry=NO_RETRY)
    asyn = AsyncClient(
        API_KEY, API_SECRET, transport=async_fake, runtime=fixed_runtime(), retry=NO_RETRY
    )
    return sync, asyn, sync_fake, async_fake


def success_for(name: str) -> Response:
    """Operation ``name``'s success status with its fixture body (empty when it has none)."""
    status = SPEC[name]["success"]
    return json_response(status, fixture_body(name, status) or b"")
