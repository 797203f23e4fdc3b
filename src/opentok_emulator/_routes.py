"""The routing table: every REST operation the SDK declares, under its name (the
``spec/operations.toml`` key), the service routes no SDK operation calls, and the control API
under ``/_emulator``."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import attrs

from . import _archives as archives
from . import _broadcasts as broadcasts
from . import _callbacks as callbacks
from . import _composer as composer
from . import _control as control
from . import _moderation as moderation
from . import _sessions as sessions
from . import _sip as sip
from . import _streams as streams
from . import control as control_ops
from ._context import HANDLES, Handler, Handles, Route

__all__ = ["CONTROL_ROUTES", "ROUTES"]


def _namer(claim: Handles) -> Callable[[bytes], str]:
    """Name the operation of a route two share by its body: ``claim.operation`` when the key
    ``claim.when`` is set (not None or False), else ``claim.also``."""
    yes, no = str(claim.operation.name), str(claim.also.name)

    def namer(body: bytes) -> str:
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return no
        return yes if isinstance(data, dict) and data.get(claim.when) not in (None, False) else no

    return namer


def _routes_of(handler: Handler, claim: Handles) -> list[Route]:
    endpoint = claim.operation.endpoint
    if claim.path is not None and claim.path not in endpoint.paths:
        raise ValueError(f"{claim.operation.name} has no path {claim.path}")
    options: dict[str, Any] = {"project": endpoint.project}
    if claim.also is not None:
        # Two operations on one route (told apart by the body) share method and paths.
        if (claim.also.endpoint.method, claim.also.endpoint.paths) != (
            endpoint.method,
            endpoint.paths,
        ):
            raise ValueError(
                f"{claim.also.name} does not share the route of {claim.operation.name}"
            )
        options.update(namer=_namer(claim), also=(claim.also.name,))
    paths = endpoint.paths if claim.path is None else (claim.path,)
    return [Route(claim.operation.name, endpoint.method, p, handler, **options) for p in paths]


def collect(*modules: ModuleType) -> tuple[Route, ...]:
    """The routes of every ``@handles`` handler in ``modules``, in definition order."""
    routes: list[Route] = []
    for module in modules:
        for value in vars(module).values():
            for claim in getattr(value, HANDLES, ()):
                routes += _routes_of(value, claim)
    return tuple(routes)


# Method and path of every route come from the SDK's operation (``@handles`` names it); what
# the service does there is the emulator's own (the handlers).
ROUTES: tuple[Route, ...] = (
    *collect(sessions, archives, broadcasts, moderation, streams, sip, composer),
    # Legacy callback registration: service routes no operation of the SDK calls (only the
    # Node SDK does), so they are declared here.
    Route("callbacks.register", "POST", "/callback", callbacks.register),
    Route("callbacks.list", "GET", "/callback", callbacks.list_),
    Route("callbacks.unregister", "DELETE", "/callback/{callbackId}", callbacks.unregister),
)


def _control_routes(module: ModuleType) -> tuple[Route, ...]:
    """The control API's routes, relative to its prefix and named without it
    (``emulator.connect`` answers as ``control.connect``): method and path from the control
    operations of ``opentok_emulator.control``, as the REST routes take theirs."""
    return tuple(
        attrs.evolve(
            route,
            name=route.name.removeprefix("emulator."),
            template=route.template.removeprefix(control_ops.PREFIX) or "/",
        )
        for route in collect(module)
    )


CONTROL_ROUTES: tuple[Route, ...] = (
    # What the control API is (no operation reads it: a person or curl does).
    Route("info", "GET", "/", control.info, project=False),
    *_control_routes(control),
)
