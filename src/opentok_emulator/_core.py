"""The emulator's engine: ``Emulator.handle(Request) -> Reply`` over in-memory state.

Pure: the wall clock and the id source are handed in (``clock``, ``ids``); nothing here reads
the time, randomness or a socket. A lock makes it safe to call from many server threads.
Time-driven transitions (an archive becoming available after it stops, an HLS stream going
live) are scheduled on the injected clock and applied at the start of the next request.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import parse_qsl, unquote, urlsplit

from opentok_core import (
    ApplicationCredentials,
    ProjectCredentials,
    Request,
    Response,
    ValidationError,
    sign_callback,
)
from opentok_core.kit import HS256Key, JwsKey, RS256Key, encode_json

from . import _rules as rules
from ._auth import authenticate
from ._context import Callback, Ctx, Reply, Route
from ._faults import Fault, Faults, fault_headers
from ._retention import MAX_SESSIONS, SessionRetention
from ._routes import CONTROL_ROUTES, ROUTES
from ._state import Project, Session
from ._storage import STORAGE_OPERATION, STORAGE_PREFIX
from ._storage import serve as serve_storage
from ._wire import Reject, Wire, error

__all__ = ["Emulator"]

CONTROL_PREFIX = "_emulator"
CALLBACK_LOG_SIZE = 1000


class Emulator:
    """A stateful, faithful stand-in for the OpenTok / Vonage Video REST API.

    ``clock`` returns unix seconds; ``ids`` returns a fresh unique id (a uuid string in the
    adapters). ``projects`` are OpenTok ``ProjectCredentials``; ``applications`` maps a Vonage
    application id to its RSA public key PEM (or ``ApplicationCredentials``). ``callback_url``
    receives the events the service would POST. ``archive_processing`` is how many seconds a
    stopped archive takes to become available. With ``signature_secret``, every callback is
    signed as the service's secure callbacks are (``Authorization: Bearer <JWT>``, HS256 with
    ``iat``, ``jti``, ``iss``, ``payload_hash`` and the project's ``api_key`` or
    ``application_id``; spec/service.md#signed-callbacks). ``max_sessions`` caps the sessions
    kept: past it the oldest ended ones are forgotten (``_retention``).
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float],
        ids: Callable[[], str],
        projects: Iterable[ProjectCredentials] = (),
        applications: Mapping[str, str | bytes | ApplicationCredentials] | None = None,
        callback_url: str | None = None,
        archive_processing: float = 0.0,
        signature_secret: str | None = None,
        max_sessions: int = MAX_SESSIONS,
    ) -> None:
        if isinstance(max_sessions, bool) or not isinstance(max_sessions, int) or max_sessions < 1:
            raise ValidationError("max_sessions", "must be a whole number, at least 1")
        self.retention = SessionRetention(max_sessions)
        self.clock = clock
        self.signature_secret = signature_secret
        self.ids = ids
        self.callback_url = callback_url
        self.archive_processing = archive_processing
        self.projects: dict[str, Project] = {}
        self.faults = Faults()
        self.callback_log: deque[Wire] = deque(maxlen=CALLBACK_LOG_SIZE)
        self._lock = threading.RLock()
        self._timers: list[tuple[float, int, Callable[[Ctx], None]]] = []
        self._seq = itertools.count()
        self._routes = _index(ROUTES)
        self._control = _index(CONTROL_ROUTES)
        self.operations = frozenset(
            (*(n for r in ROUTES for n in (r.name, *r.also)), STORAGE_OPERATION)
        )
        for credentials in projects:
            self.add_project(credentials.api_key, credentials.api_secret)
        for app_id, key in (applications or {}).items():
            self.add_application(app_id, key)

    # Configuration ------------------------------------------------------------------------

    def add_project(self, api_key: str, api_secret: str) -> None:
        """Register an OpenTok project (HS256 auth, JWT and T1 client tokens)."""
        key = ProjectCredentials(api_key, api_secret)
        with self._lock:
            self.projects[key.api_key] = Project(key.api_key, HS256Key(api_secret), api_secret)

    def add_application(
        self, application_id: str, public_key: str | bytes | ApplicationCredentials
    ) -> None:
        """Register a Vonage application by the public half of its RSA key (PEM)."""
        key: JwsKey
        if isinstance(public_key, ApplicationCredentials):
            key = public_key.signing_key
        else:
            key = RS256Key.from_pem(public_key)
        with self._lock:
            self.projects[application_id] = Project(application_id, key, None)

    def reset(self) -> None:
        """Forget every session, media resource, fault and logged callback (keep projects)."""
        with self._lock:
            for project in self.projects.values():
                project.reset()
            self.faults.clear()
            self.retention.clear()
            self.callback_log.clear()
            self._timers.clear()

    # The pure function ---------------------------------------------------------------------

    def __call__(self, request: Request) -> Reply:
        return self.handle(request)

    def handle(self, request: Request) -> Reply:
        """Answer one request as the service would (plus fault directives and callbacks)."""
        with self._lock:
            now = self.clock()
            parts = urlsplit(request.url)
            segments = path_segments(parts.path)
            query = dict(parse_qsl(parts.query, keep_blank_values=True)) if parts.query else {}
            if segments[:1] == [CONTROL_PREFIX]:
                return self._dispatch_control(request, segments[1:], query, now)
            if segments[:1] == [STORAGE_PREFIX]:
                return self._dispatch_storage(request, segments[1:], query, now)
            return self._dispatch_rest(request, segments, query, now)

    def _dispatch_control(
        self, request: Request, segments: list[str], query: dict[str, str], now: float
    ) -> Reply:
        ctx = Ctx(self, request, {}, query, now)
        self._advance(ctx)
        found = _match(_candidates(self._control, False, segments), request.method, segments)
        if isinstance(found, Response):
            return Reply(found, callbacks=tuple(ctx.callbacks))
        route, params = found
        ctx.params = params
        return Reply(self._run(route, ctx), "control." + route.name, callbacks=tuple(ctx.callbacks))

    def _dispatch_storage(
        self, request: Request, segments: list[str], query: dict[str, str], now: float
    ) -> Reply:
        """An archive file's bytes (``_storage.py``): no API auth; storage faults apply."""
        name = STORAGE_OPERATION
        probing = request.method == "HEAD"
        fault = None if probing else self.faults.take(name, "before")
        if fault is not None:
            return _fault_reply(fault, name, None)
        ctx = Ctx(self, request, {}, query, now)
        self._advance(ctx)
        response = serve_storage(ctx, segments)
        after = None if probing else self.faults.take(name, "after")
        if after is not None:
            return _fault_reply(after, name, response, tuple(ctx.callbacks))
        return Reply(response, name, callbacks=tuple(ctx.callbacks))

    def operation_of(self, request: Request) -> str | None:
        """The spec name of the REST operation ``request`` calls (None: no such route)."""
        segments = path_segments(urlsplit(request.url).path)
        found = self._resolve(request, segments)
        return None if isinstance(found, Response) else found[2]

    def _resolve(
        self, request: Request, segments: list[str]
    ) -> tuple[Route, dict[str, str], str, str | None] | Response:
        path_project: str | None = None
        if segments[:2] == ["v2", "project"] and len(segments) >= 3:
            if not segments[2]:
                return Reject(rules.ROUTE_UNKNOWN).response()  # an empty project id
            path_project, rest, project_route = segments[2], segments[3:], True
        else:
            rest, project_route = segments, False
        routes = _candidates(self._routes, project_route, rest)
        found = _match(routes, request.method, rest)
        if isinstance(found, Response):
            return found
        route, params = found
        name = route.namer(request.body) if route.namer is not None else route.name
        return route, params, name, path_project

    def _dispatch_rest(
        self, request: Request, segments: list[str], query: dict[str, str], now: float
    ) -> Reply:
        found = self._resolve(request, segments)
        if isinstance(found, Response):
            return Reply(found)
        route, params, name, path_project = found
        # A HEAD (curl -I, a health probe) is not the operation's call: it spends no fault.
        probing = request.method == "HEAD"
        fault = None if probing else self.faults.take(name, "before")
        if fault is not None:
            return _fault_reply(fault, name, None)
        ctx = Ctx(self, request, params, query, now)
        self._advance(ctx)
        try:
            ctx.project = authenticate(_headers(request), path_project, self.projects, now)
        except Reject as exc:
            return Reply(exc.response(), name, callbacks=tuple(ctx.callbacks))
        response = self._run(route, ctx)
        after = None if probing else self.faults.take(name, "after")
        if after is not None:
            return _fault_reply(after, name, response, tuple(ctx.callbacks))
        return Reply(response, name, callbacks=tuple(ctx.callbacks))

    @staticmethod
    def _run(route: Route, ctx: Ctx) -> Response:
        try:
            return route.handler(ctx)
        except Reject as exc:
            return exc.response()

    # Time and events ---------------------------------------------------------------------

    def schedule(self, due: float, action: Callable[[Ctx], None]) -> None:
        heapq.heappush(self._timers, (due, next(self._seq), action))

    def _advance(self, ctx: Ctx) -> None:
        while self._timers and self._timers[0][0] <= ctx.now:
            _, _, action = heapq.heappop(self._timers)
            action(ctx)

    def record_callback(self, ctx: Ctx, group: str, payload: Wire, url: str | None) -> None:
        target = url or self.callback_url
        self.callback_log.append(
            {"group": group, "url": target, "payload": payload, "at": ctx.now_ms}
        )
        body = encode_json(payload)
        if target:
            ctx.callbacks.append(Callback(target, group, body, self._signed(ctx, payload, body)))
        project_id = payload.get("projectId", payload.get("applicationId"))
        project = self.projects.get(str(project_id)) if project_id is not None else None
        if project is None or not project.registrations:
            return
        name = str(payload.get("event", ""))
        event = "status" if group not in ("connection", "stream") else name[len(group) :]
        for registration in project.registrations.values():
            if registration["group"] == group and registration["event"] in (event.lower(), "*"):
                headers = self._signed(ctx, payload, body)
                ctx.callbacks.append(Callback(registration["url"], group, body, headers))

    def _signed(self, ctx: Ctx, payload: Wire, body: bytes) -> tuple[tuple[str, str], ...]:
        """The signed ``authorization`` header of one delivery (a fresh ``jti`` each)."""
        if not self.signature_secret:
            return ()
        api_key = payload.get("projectId")
        application_id = payload.get("applicationId")
        value = sign_callback(
            body,
            self.signature_secret,
            now=ctx.now,
            jti=self.ids(),
            api_key=None if api_key is None else str(api_key),
            application_id=None if application_id is None else str(application_id),
        )
        return (("authorization", value),)

    # Lookups used by handlers ------------------------------------------------------------

    def find_session(self, session_id: str) -> Session | None:
        for project in self.projects.values():
            session = project.sessions.get(session_id)
            if session is not None:
                return session
        return None

    def locked(self) -> threading.RLock:
        """The state lock, for callers that read several values consistently."""
        return self._lock


def path_segments(path: str) -> list[str]:
    """The decoded segments of ``path``. An empty segment stays (``.../project/{id}//archive``
    names no resource, so it must not collapse onto ``.../archive``: ledger rule
    ``route.unknown``); only the leading slash and one trailing slash are dropped."""
    segments = path.split("/")
    if segments[:1] == [""]:
        segments = segments[1:]
    if len(segments) > 1 and segments[-1] == "":
        segments = segments[:-1]
    if segments == [""]:
        return []
    return [unquote(s) if "%" in s else s for s in segments]


def _headers(request: Request) -> dict[str, str]:
    return {k: v for k, v in request.headers}


RouteIndex = dict[tuple[bool, int, str], list[Route]]


def _index(routes: Iterable[Route]) -> RouteIndex:
    """Routes by (under a project, segment count, first segment): every template starts
    with a literal, so a request is compared with a handful of routes, not all of them."""
    index: RouteIndex = {}
    for route in routes:
        first = route.segments[0] if route.segments else ""
        index.setdefault((route.project, len(route.segments), first), []).append(route)
    return index


def _candidates(index: RouteIndex, project: bool, segments: list[str]) -> list[Route]:
    return index.get((project, len(segments), segments[0] if segments else ""), [])


def _match(
    routes: Iterable[Route], method: str, segments: list[str]
) -> tuple[Route, dict[str, str]] | Response:
    allowed = []
    for route in routes:
        pattern = route.segments
        if len(pattern) != len(segments):
            continue
        params: dict[str, str] = {}
        for want, got in zip(pattern, segments, strict=True):
            if want.startswith("{"):
                if not got:
                    break  # an empty id is no id
                params[want[1:-1]] = got
            elif want != got:
                break
        else:
            if route.method == method or (method == "HEAD" and route.method == "GET"):
                return (
                    route,
                    params,
                )  # HEAD is answered as GET (RFC 9110 9.3.2); HTTP drops the body
            allowed.append(route.method)
    if allowed:
        if "GET" in allowed:
            allowed.append("HEAD")
        allow = (("allow", ", ".join(allowed)),)
        return Reject(rules.ROUTE_METHOD, headers=allow, method=method).response()
    return Reject(rules.ROUTE_UNKNOWN).response()


def _fault_reply(
    fault: Fault, name: str, real: Response | None, callbacks: tuple[Callback, ...] = ()
) -> Reply:
    if fault.status is not None:
        response = error(fault.status, fault.message, headers=fault_headers(fault))
    else:
        response = real if real is not None else error(500, fault.message)
    return Reply(
        response, name, delay=fault.delay, drop=fault.drop, callbacks=callbacks, cut=fault.cut
    )
