"""``POST /session/create`` (spec/service.md#create-a-session): a form-encoded body; a JSON array
of one session back (or the legacy XML document when the caller does not accept JSON)."""

from __future__ import annotations

import datetime as dt
import html
import ipaddress
from urllib.parse import parse_qsl

from opentok_core import Response, encode_session_id
from opentok_core import operations as ops

from . import _rules as rules
from ._common import RESOLUTIONS
from ._context import Ctx, handles
from ._state import Session
from ._wire import Reject, json_reply

__all__ = ["create_session"]

#: The text date inside session ids and ``create_dt`` ("Mon Mar 17 00:41:31 PDT 2014").
DATE_FORMAT = "%a %b %d %H:%M:%S UTC %Y"


def _form(ctx: Ctx) -> dict[str, str]:
    try:
        text = ctx.request.body.decode("utf-8")
    except UnicodeDecodeError:
        raise Reject(rules.SESSION_FORM) from None
    # Parsed as a form whatever the content type says: vonage-video sends a form body under a
    # stale JSON content type (spec/service.md#vv-shared-headers); the service evidently reads
    # the form.
    return dict(parse_qsl(text, keep_blank_values=True))


@handles(ops.CreateSession)
def create_session(ctx: Ctx) -> Response:
    form = _form(ctx)
    p2p = form.get("p2p.preference", "enabled")
    if p2p not in ("enabled", "disabled"):
        raise Reject(rules.SESSION_P2P)
    media_mode = "relayed" if p2p == "enabled" else "routed"
    archive_mode = form.get("archiveMode", "manual")
    if archive_mode not in ("manual", "always"):
        raise Reject(rules.SESSION_ARCHIVE_MODE)
    if archive_mode == "always" and media_mode != "routed":
        raise Reject(rules.SESSION_ALWAYS_RELAYED)
    # @vonage/video sends location=null by default, and the service takes it (ledger rule
    # session.location): "null", like an empty value, is no location hint.
    location = form.get("location") or None
    if location == "null":
        location = None
    if location is not None:
        try:
            ipaddress.IPv4Address(location)
        except ValueError:
            raise Reject(rules.SESSION_LOCATION) from None
    e2ee_text = form.get("e2ee", "false").lower()
    if e2ee_text not in ("true", "false"):
        raise Reject(rules.SESSION_E2EE)
    e2ee = e2ee_text == "true"
    if e2ee and media_mode != "routed":
        raise Reject(rules.SESSION_E2EE_RELAYED)
    archive_name = form.get("archiveName") or None
    if archive_name is not None and len(archive_name) > 80:
        raise Reject(rules.SESSION_ARCHIVE_NAME)
    resolution = form.get("archiveResolution") or None
    if resolution is not None and resolution not in RESOLUTIONS:
        raise Reject(rules.SESSION_ARCHIVE_RESOLUTION)
    project = ctx.proj
    create_dt = dt.datetime.fromtimestamp(ctx.now, dt.timezone.utc).strftime(DATE_FORMAT)
    session_id = encode_session_id(project.id, location or "", create_dt, ctx.new_id())
    project.sessions[session_id] = Session(
        id=session_id,
        project_id=project.id,
        media_mode=media_mode,
        archive_mode=archive_mode,
        location=location,
        e2ee=e2ee,
        created_at=ctx.now_ms,
        create_dt=create_dt,
        archive_name=archive_name,
        archive_resolution=resolution,
    )
    ctx.emulator.retention.created(project, session_id)
    accept = (ctx.request.header("accept") or "").lower()
    if "json" not in accept and accept not in ("", "*/*"):
        return _xml(session_id, project.id, create_dt)
    return json_reply(
        200,
        [
            {
                "session_id": session_id,
                "project_id": project.id,
                "partner_id": project.id,
                "create_dt": create_dt,
                "session_status": None,
                "status_invalid": None,
                "media_server_hostname": None,
                "messaging_server_url": None,
                "messaging_url": None,
                "symphony_address": None,
                "properties": None,
                "ice_server": None,
                "session_segment_id": ctx.new_id(),
                "ice_servers": None,
                "ice_credential_expiration": 86100,
            }
        ],
    )


def _xml(session_id: str, project_id: str, create_dt: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sessions><Session>'
        f"<session_id>{_escape(session_id)}</session_id>"
        f"<partner_id>{_escape(project_id)}</partner_id>"
        f"<create_dt>{_escape(create_dt)}</create_dt>"
        "</Session></sessions>"
    )
    return Response(200, (("content-type", "text/xml"),), body.encode("utf-8"))


def _escape(text: str) -> str:
    # xml.sax.saxutils.escape does the same, but importing it loads urllib.request and with it
    # http.client, socket and ssl: the engine stays free of I/O modules (tests/core/test_purity).
    return html.escape(text, quote=False)
