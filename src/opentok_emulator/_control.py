"""The control API, under ``/_emulator/``: what a test needs that the real service does not
offer. Simulated participants connect with a client token (verified as the service would),
publish and leave; tests read what each connection received; faults and callbacks are set
and inspected here. No authentication: it is a local test tool. Documented in
``docs/emulator.md``; typed operations in ``opentok_emulator.control``.
"""

from __future__ import annotations

from opentok_core import Response, __version__

from . import _rules as rules
from . import control
from ._common import join, leave, publish, unpublish, verify_client_token
from ._context import Ctx, handles
from ._state import Connection, Session
from ._wire import (
    Reject,
    empty,
    get_bool,
    get_choice,
    get_str,
    get_str_list,
    json_reply,
    req_str,
)

__all__: list[str] = []

PUBLISHING_ROLES = ("publisher", "publisheronly", "moderator")


def info(ctx: Ctx) -> Response:
    emulator = ctx.emulator
    return json_reply(
        200,
        {
            "emulator": "opentok-py",
            "version": __version__,
            "projects": sorted(p.id for p in emulator.projects.values() if p.secret is not None),
            "applications": sorted(p.id for p in emulator.projects.values() if p.secret is None),
            "callbackUrl": emulator.callback_url,
            "operations": sorted(emulator.operations),
            "maxSessions": emulator.retention.limit,
        },
    )


@handles(control.ResetEmulator)
def reset(ctx: Ctx) -> Response:
    ctx.emulator.reset()
    return empty(204)


@handles(control.RegisterProject)
def add_project(ctx: Ctx) -> Response:
    body = ctx.body()
    api_key = req_str(body, "apiKey", min_len=1, max_len=64)
    ctx.emulator.add_project(api_key, req_str(body, "apiSecret", min_len=1, max_len=4096))
    return json_reply(201, {"apiKey": api_key})


@handles(control.RegisterApplication)
def add_application(ctx: Ctx) -> Response:
    body = ctx.body()
    app_id = req_str(body, "applicationId", min_len=1, max_len=64)
    try:
        ctx.emulator.add_application(app_id, req_str(body, "publicKey", min_len=1))
    except ValueError:
        raise Reject(rules.CONTROL_PUBLIC_KEY) from None
    return json_reply(201, {"applicationId": app_id})


@handles(control.SetCallbackUrl)
def set_callback(ctx: Ctx) -> Response:
    url = get_str(ctx.body(), "url", min_len=1, max_len=2048)
    if url is not None and not url.startswith(("http://", "https://")):
        raise Reject(rules.CONTROL_URL)
    ctx.emulator.callback_url = url
    return json_reply(200, {"url": url})


@handles(control.ListCallbacks)
def callbacks(ctx: Ctx) -> Response:
    items = list(ctx.emulator.callback_log)
    group = ctx.query.get("group")
    if group:
        items = [i for i in items if i["group"] == group]
    return json_reply(200, {"count": len(items), "items": items})


def _session(ctx: Ctx) -> Session:
    session = ctx.emulator.find_session(ctx.params["sessionId"])
    if session is None:
        raise Reject(rules.CONTROL_SESSION)
    ctx.project = ctx.emulator.projects[session.project_id]
    return session


def _connection(ctx: Ctx, session: Session) -> Connection:
    connection = session.connections.get(ctx.params["connectionId"])
    if connection is None:
        raise Reject(rules.CONTROL_CONNECTION)
    return connection


@handles(control.GetSessionState)
def session_state(ctx: Ctx) -> Response:
    return json_reply(200, _session(ctx).to_state())


@handles(control.ConnectClient)
def connect(ctx: Ctx) -> Response:
    session = _session(ctx)
    token = ctx.body().get("token")
    claims = verify_client_token(ctx, session, token)
    layout = claims.get("initial_layout_class_list") or ""
    classes = [str(c) for c in layout] if isinstance(layout, list) else str(layout).split()
    connection = join(
        ctx,
        session,
        role=str(claims.get("role", "publisher")),
        data=str(claims.get("connection_data", "")),
        kind="client",
        token_format="t1" if str(token).startswith("T1==") else "jwt",
        layout_class_list=classes,
    )
    return json_reply(201, connection.to_state(list(session.streams.values())))


@handles(control.GetConnection)
def connection_state(ctx: Ctx) -> Response:
    session = _session(ctx)
    connection = _connection(ctx, session)
    return json_reply(200, connection.to_state(list(session.streams.values())))


@handles(control.DisconnectClient)
def disconnect(ctx: Ctx) -> Response:
    session = _session(ctx)
    connection = _connection(ctx, session)
    if not connection.connected:
        raise Reject(rules.CONTROL_DISCONNECTED)
    leave(ctx, session, connection, "clientDisconnected")
    return empty(204)


@handles(control.PublishStream)
def publish_stream(ctx: Ctx) -> Response:
    session = _session(ctx)
    connection = _connection(ctx, session)
    body = ctx.opt_body()
    if not connection.connected:
        raise Reject(rules.CONTROL_GONE)
    if connection.role not in PUBLISHING_ROLES:
        raise Reject(rules.CONTROL_ROLE, role=connection.role)
    classes = get_str_list(body, "layoutClassList")
    stream = publish(
        ctx,
        session,
        connection,
        video_type=get_choice(body, "videoType", ("camera", "screen", "custom"), "camera")
        or "camera",
        name=get_str(body, "name", max_len=1000) or "",
        layout_class_list=connection.layout_class_list if classes is None else classes,
        has_audio=bool(get_bool(body, "hasAudio", True)),
        has_video=bool(get_bool(body, "hasVideo", True)),
    )
    return json_reply(201, stream.to_state())


@handles(control.UnpublishStream)
def unpublish_stream(ctx: Ctx) -> Response:
    session = _session(ctx)
    stream = session.streams.get(ctx.params["streamId"])
    if stream is None or not stream.active:
        raise Reject(rules.CONTROL_STREAM)
    unpublish(ctx, session, stream, "clientDisconnected")
    return empty(204)


@handles(control.InjectFault)
def add_fault(ctx: Ctx) -> Response:
    emulator = ctx.emulator
    fault = emulator.faults.add(ctx.body(), emulator.ids, emulator.operations)
    return json_reply(201, fault.to_wire())


@handles(control.ListFaults)
def list_faults(ctx: Ctx) -> Response:
    items = [f.to_wire() for f in ctx.emulator.faults.list()]
    return json_reply(200, {"count": len(items), "items": items})


@handles(control.ClearFaults)
def clear_faults(ctx: Ctx) -> Response:
    ctx.emulator.faults.clear()
    return empty(204)
