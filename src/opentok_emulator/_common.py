"""What several handlers share: finding a session, checking client tokens, the participant
lifecycle (join, publish, unpublish, leave) with its callbacks, and layout validation."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Any
from urllib.parse import parse_qs

from opentok_core import TokenError, ValidationError, decode_session_id
from opentok_core.kit import T1_PREFIX, decode_jwt

from . import _rules as rules
from ._archive_lifecycle import archive_event as _archive_event
from ._archive_lifecycle import auto_archive, finish_archive
from ._context import Ctx
from ._state import Connection, Project, Session, Stream
from ._wire import Reject, Wire, get_choice, get_str, wire_project_id

__all__ = [
    "ROLES",
    "find_session",
    "join",
    "leave",
    "publish",
    "read_layout",
    "unpublish",
    "verify_client_token",
]

ROLES = ("subscriber", "publisher", "publisheronly", "moderator")
LAYOUT_TYPES = (
    "bestFit",
    "custom",
    "horizontalPresentation",
    "pip",
    "verticalPresentation",
    "focus",
)
RESOLUTIONS = ("640x480", "480x640", "1280x720", "720x1280", "1920x1080", "1080x1920")
#: Seconds a paused archive (every client gone) waits before it stops on its own.
PAUSED_ARCHIVE_TIMEOUT = 60


def find_session(ctx: Ctx, session_id: object, *, missing: int = 404) -> Session:
    """The session ``session_id`` of the caller's project.

    400 when the id is not a session id; ``missing`` (404, or 400 where the operation documents
    no 404) when it decodes but the project has no such session.
    """
    if not isinstance(session_id, str) or not session_id:
        raise Reject(rules.SESSION_ID_INVALID)
    try:
        decode_session_id(session_id)
    except ValidationError:
        raise Reject(rules.SESSION_ID_INVALID) from None
    session = ctx.proj.sessions.get(session_id)
    if session is None:
        if missing == 404:
            raise Reject(rules.SESSION_NOT_FOUND)
        raise Reject(rules.SESSION_ID_INVALID)
    return session


def read_layout(data: Any, *, required: bool = True) -> Wire | None:
    """A layout object ``{type, stylesheet?, screenshareType?}`` (spec/service.md#layouts)."""
    if data is None and not required:
        return None
    if not isinstance(data, dict):
        raise Reject(rules.LAYOUT_OBJECT)
    kind = get_choice(data, "type", LAYOUT_TYPES)
    if kind is None:
        raise Reject(rules.LAYOUT_TYPE)
    stylesheet = get_str(data, "stylesheet")
    screenshare = get_choice(data, "screenshareType", LAYOUT_TYPES)
    if kind == "custom" and not stylesheet:
        raise Reject(rules.LAYOUT_STYLESHEET)
    if kind != "custom" and stylesheet is not None:
        raise Reject(rules.LAYOUT_STYLESHEET_ONLY_CUSTOM)
    if screenshare is not None and kind != "bestFit":
        raise Reject(rules.LAYOUT_SCREENSHARE)
    layout: Wire = {"type": kind}
    if stylesheet is not None:
        layout["stylesheet"] = stylesheet
    if screenshare is not None:
        layout["screenshareType"] = screenshare
    return layout


# Client tokens ----------------------------------------------------------------------------


def _t1_claims(token: str, secret: str) -> tuple[str, dict[str, str]]:
    try:
        plain = base64.b64decode(token[len(T1_PREFIX) :], validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise Reject(rules.TOKEN_MALFORMED, detail="") from None
    meta_text, sep, data_string = plain.partition(":")
    meta = {k: v[0] for k, v in parse_qs(meta_text, keep_blank_values=True).items()}
    if not sep or "sig" not in meta or "partner_id" not in meta:
        raise Reject(rules.TOKEN_MALFORMED, detail="")
    expected = hmac.new(secret.encode(), data_string.encode(), hashlib.sha1).hexdigest()
    if not hmac.compare_digest(expected, meta["sig"]):
        raise Reject(rules.TOKEN_SIGNATURE)
    claims = {k: v[0] for k, v in parse_qs(data_string, keep_blank_values=True).items()}
    return meta["partner_id"], claims


def verify_client_token(ctx: Ctx, session: Session, token: object) -> Wire:
    """Check a client token as the service does at connect; return its claims.

    403 (code 1004, the client SDKs' authentication error) when the token is malformed,
    tampered with or signed with another secret, issued for another project or session,
    expired, or carries an unknown role.
    """
    if not isinstance(token, str) or not token:
        raise Reject(rules.TOKEN_MISSING)
    project = ctx.proj
    claims: dict[str, Any]
    issuer: Any
    if token.startswith(T1_PREFIX):
        if project.secret is None:
            raise Reject(rules.TOKEN_T1_APP)
        issuer, claims = _t1_claims(token, project.secret)
        expires = claims.get("expire_time")
    else:
        try:
            claims = decode_jwt(token, project.key)
        except TokenError as exc:
            bad_sig = "signature" in str(exc) or "algorithm" in str(exc)
            if bad_sig:
                raise Reject(rules.TOKEN_SIGNATURE) from None
            raise Reject(rules.TOKEN_MALFORMED, detail="") from None
        issuer = claims.get("iss", claims.get("application_id"))
        expires = claims.get("exp")
        if claims.get("scope") != "session.connect":
            raise Reject(rules.TOKEN_MALFORMED, detail=": scope must be session.connect")
        if project.secret is not None and claims.get("ist") != "project":
            raise Reject(rules.TOKEN_MALFORMED, detail=": ist must be project")
    if str(issuer) != project.id:
        raise Reject(rules.TOKEN_OTHER_PROJECT)
    if claims.get("session_id") != session.id:
        raise Reject(rules.TOKEN_OTHER_SESSION)
    try:
        expire_at = float(expires) if expires not in (None, "") else None
    except (TypeError, ValueError):
        raise Reject(rules.TOKEN_MALFORMED, detail=": bad expiry") from None
    if expire_at is None or expire_at <= ctx.now:
        raise Reject(rules.TOKEN_EXPIRED)
    if claims.get("role", "publisher") not in ROLES:
        raise Reject(rules.TOKEN_ROLE)
    return claims


# Participants -----------------------------------------------------------------------------


def _project(ctx: Ctx, session: Session) -> Project:
    # Not ctx.project: scheduled transitions run inside whatever request comes next.
    return ctx.emulator.projects[session.project_id]


def _session_event(ctx: Ctx, session: Session, event: str, **extra: Any) -> None:
    payload: Wire = {
        "sessionId": session.id,
        "projectId": str(wire_project_id(session.project_id)),
        "event": event,
        "timestamp": ctx.now_ms,
        **extra,
    }
    group = "connection" if event.startswith("connection") else "stream"
    ctx.emit("session" if event.startswith("session") else group, payload)


def join(
    ctx: Ctx,
    session: Session,
    *,
    role: str,
    data: str,
    kind: str,
    token_format: str | None = None,
    layout_class_list: list[str] | None = None,
) -> Connection:
    """Connect a participant; an ``always``-archived session starts recording on first join."""
    first = not session.connected()
    connection = Connection(
        id=ctx.new_id(),
        session_id=session.id,
        role=role,
        data=data,
        created_at=ctx.now_ms,
        kind=kind,
        token_format=token_format,
        layout_class_list=list(layout_class_list or []),
    )
    session.connections[connection.id] = connection
    if first:
        _session_event(ctx, session, "sessionCreated")
    _session_event(ctx, session, "connectionCreated", connection=connection.to_callback())
    if first and session.archive_mode == "always" and session.routed:
        auto_archive(ctx, session)
    return connection


def publish(
    ctx: Ctx,
    session: Session,
    connection: Connection,
    *,
    video_type: str,
    name: str,
    layout_class_list: list[str],
    has_audio: bool = True,
    has_video: bool = True,
) -> Stream:
    """Publish a stream; force-mute applies to it unless it is excluded (it cannot be yet)."""
    stream = Stream(
        id=ctx.new_id(),
        session_id=session.id,
        connection_id=connection.id,
        video_type=video_type,
        name=name,
        layout_class_list=list(layout_class_list),
        has_audio=has_audio,
        has_video=has_video,
        created_at=ctx.now_ms,
        audio_muted=session.force_mute,
    )
    session.streams[stream.id] = stream
    stream_wire = {
        "id": stream.id,
        "connection": connection.to_callback(),
        "createdAt": stream.created_at,
        "name": stream.name,
        "videoType": stream.video_type,
    }
    _session_event(ctx, session, "streamCreated", stream=stream_wire)
    for archive in _project(ctx, session).archives.values():
        if archive.session_id == session.id and archive.status == "paused":
            archive.status, archive.paused_at, archive.updated_at = "started", None, ctx.now_ms
            _archive_event(ctx, archive)
    return stream


def unpublish(ctx: Ctx, session: Session, stream: Stream, reason: str) -> None:
    """Destroy a stream (``clientDisconnected``, ``forceDisconnected``, ``forceUnpublished``)."""
    if not stream.active:
        return
    stream.active, stream.destroyed_reason = False, reason
    connection = session.connections[stream.connection_id]
    stream_wire = {
        "id": stream.id,
        "connection": connection.to_callback(),
        "createdAt": stream.created_at,
        "name": stream.name,
        "videoType": stream.video_type,
    }
    _session_event(ctx, session, "streamDestroyed", reason=reason, stream=stream_wire)


def leave(ctx: Ctx, session: Session, connection: Connection, reason: str) -> None:
    """Disconnect a participant: its streams go, and an archive with nobody left pauses."""
    if not connection.connected:
        return
    for stream in list(session.streams.values()):
        if stream.connection_id == connection.id:
            unpublish(ctx, session, stream, reason)
    connection.connected, connection.disconnect_reason = False, reason
    _session_event(
        ctx, session, "connectionDestroyed", reason=reason, connection=connection.to_callback()
    )
    if session.connected():
        return
    _session_event(ctx, session, "sessionDestroyed", reason=reason)
    for archive in _project(ctx, session).archives.values():
        if archive.session_id == session.id and archive.status == "started":
            archive.status, archive.paused_at, archive.updated_at = "paused", ctx.now_ms, ctx.now_ms
            _archive_event(ctx, archive)
            ctx.schedule(
                PAUSED_ARCHIVE_TIMEOUT, _stop_if_still_paused(archive.id, session.project_id)
            )


def _stop_if_still_paused(archive_id: str, project_id: str) -> Any:
    def action(ctx: Ctx) -> None:
        project = ctx.emulator.projects.get(project_id)
        archive = project.archives.get(archive_id) if project else None
        if archive is not None and archive.status == "paused":
            finish_archive(ctx, archive, "session ended")

    return action
