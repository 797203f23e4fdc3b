"""What the engine hands a handler, and what a handler hands back: ``Ctx`` (one request),
``Route`` (one row of the routing table), ``Reply`` and ``Callback``.

Handlers import this module, never the engine (``_core``), so the engine can import the
routing table at the top and the package has no import cycle.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any, Protocol

import attrs

from opentok_core import ApplicationCredentials, Request, Response

from ._faults import Faults
from ._retention import SessionRetention
from ._state import Project, Session
from ._wire import Wire, opt_body, parse_body

__all__ = ["Callback", "Ctx", "Handler", "Handles", "Reply", "Route", "Service", "handles"]


class Service(Protocol):
    """What handlers may reach of the emulator beyond their request (``ctx.emulator``)."""

    projects: dict[str, Project]
    callback_url: str | None
    callback_log: deque[Wire]
    archive_processing: float
    faults: Faults
    operations: frozenset[str]
    ids: Callable[[], str]
    retention: SessionRetention

    def reset(self) -> None: ...

    def add_project(self, api_key: str, api_secret: str) -> None: ...

    def add_application(self, app_id: str, key: str | bytes | ApplicationCredentials) -> None: ...

    def record_callback(self, ctx: Ctx, group: str, payload: Wire, url: str | None) -> None: ...

    def schedule(self, due: float, action: Callable[[Ctx], None]) -> None: ...

    def find_session(self, session_id: str) -> Session | None: ...


@attrs.frozen
class Callback:
    """An event to POST to ``url`` as JSON (``group`` is archive, connection, stream, ...),
    with ``headers`` of its own (the signed ``authorization`` when a signature secret is set)."""

    url: str
    group: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


@attrs.frozen
class Reply:
    """What the emulator answers: a response plus what the transport must do with it.

    ``delay``: wait that long before answering. ``drop``: close the connection without an
    answer (after ``delay``). ``cut``: send the head and half the body, then close.
    ``callbacks``: events the HTTP server POSTs to their URLs.
    """

    response: Response
    operation: str | None = None
    delay: float = 0.0
    drop: bool = False
    callbacks: tuple[Callback, ...] = ()
    cut: bool = False


Handler = Callable[["Ctx"], Response]


@attrs.frozen
class Route:
    """``name`` (the spec key, e.g. ``archives.start``), method, path template segments."""

    name: str
    method: str
    template: str
    handler: Handler
    #: Under ``/v2/project/{projectId}`` (True) or at the root (False).
    project: bool = True
    #: For routes shared by two operations (PATCH add/remove stream, mute all/disable):
    #: picks the operation name from the request body.
    namer: Callable[[bytes], str] | None = None
    #: The other names ``namer`` may return.
    also: tuple[str, ...] = ()

    segments: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        segments = tuple(s for s in self.template.split("/") if s)
        object.__setattr__(self, "segments", segments)


class Ctx:
    """Everything a handler needs for one request."""

    def __init__(
        self,
        emulator: Service,
        request: Request,
        params: dict[str, str],
        query: dict[str, str],
        now: float,
    ) -> None:
        self.emulator = emulator
        self.request = request
        self.params = params
        self.query = query
        self.now = now
        self.now_ms = int(now * 1000)
        self.project: Project | None = None
        self.callbacks: list[Callback] = []
        self._body: Wire | None = None

    @property
    def proj(self) -> Project:
        assert self.project is not None
        return self.project

    def body(self) -> Wire:
        """The JSON object body (400 when it is missing or malformed)."""
        if self._body is None:
            self._body = parse_body(self.request.body)
        return self._body

    def opt_body(self) -> Wire:
        """The JSON object body, ``{}`` when there is none."""
        if self._body is None:
            self._body = opt_body(self.request.body)
        return self._body

    def new_id(self) -> str:
        return self.emulator.ids()

    def emit(self, group: str, payload: Wire, url: str | None = None) -> None:
        """Queue a callback event (to ``url``, else the emulator's callback URL) and log it."""
        self.emulator.record_callback(self, group, payload, url)

    def schedule(self, delay_s: float, action: Callable[[Ctx], None]) -> None:
        """Run ``action`` once the injected clock has moved ``delay_s`` seconds on."""
        self.emulator.schedule(self.now + delay_s, action)


@attrs.frozen
class Handles:
    """A handler's claim on an operation's endpoint (``@handles``): the path it answers (all
    of the endpoint's when None), and for a route shared by two operations, the ``also``
    operation it answers when the JSON body's ``when`` key is unset."""

    operation: Any
    path: str | None = None
    also: Any = None
    when: str | None = None


def handles(
    operation: Any, *, path: str | None = None, also: Any = None, when: str | None = None
) -> Callable[[Handler], Handler]:
    """Mark the decorated function as the service's behaviour at ``operation``'s endpoint.

    The method and path come from the SDK's operation class (declared once, there); what the
    service does is the handler's own. ``_routes`` collects the marked handlers.
    """

    if (also is None) != (when is None):
        raise ValueError("a shared route needs both `also` and `when`")

    def mark(handler: Handler) -> Handler:
        claims = getattr(handler, HANDLES, ())
        setattr(handler, HANDLES, (*claims, Handles(operation, path, also, when)))
        return handler

    return mark


#: The attribute ``@handles`` leaves on a handler.
HANDLES = "__opentok_handles__"
