"""SIP dial-out (spec/service.md#sip-calls): a SIP participant joins the session with the token's
role and data and publishes an audio stream; hanging up is force-disconnecting it."""

from __future__ import annotations

from opentok_core import Response
from opentok_core import operations as ops

from . import _rules as rules
from ._common import find_session, join, publish, verify_client_token
from ._context import Ctx, handles
from ._media import SipCall
from ._state import Session
from ._wire import Reject, Wire, get_bool, get_obj, get_str, get_str_list, json_reply

__all__ = ["token_claims"]


def token_claims(ctx: Ctx, session: Session, token: object) -> Wire:
    """A REST call's ``token`` field: an invalid one is the call's 400, not an auth 403."""
    try:
        return verify_client_token(ctx, session, token)
    except Reject as exc:
        raise Reject(rules.REST_TOKEN_INVALID, reason=exc.message) from None


@handles(ops.Dial)
def dial(ctx: Ctx) -> Response:
    body = ctx.body()
    session = find_session(ctx, body.get("sessionId"))
    sip = get_obj(body, "sip")
    if sip is None:
        raise Reject(rules.SIP_REQUIRED)
    uri = get_str(sip, "uri", required=True, min_len=1)
    assert uri is not None
    if not uri.startswith(("sip:", "sips:")):
        raise Reject(rules.SIP_URI)
    from_ = get_str(sip, "from")
    headers = get_obj(sip, "headers") or {}
    for name, value in headers.items():
        if not name.lower().startswith("x-") or not isinstance(value, str):
            raise Reject(rules.SIP_HEADERS)
    auth = get_obj(sip, "auth")
    if auth is not None:
        get_str(auth, "username", required=True)
        get_str(auth, "password", required=True)
    for key in ("secure", "video", "observeForceMute"):
        get_bool(sip, key)
    get_str_list(sip, "streams")
    claims = token_claims(ctx, session, body.get("token"))
    if not session.routed:
        raise Reject(rules.SIP_RELAYED)
    connection = join(
        ctx,
        session,
        role=str(claims.get("role", "publisher")),
        data=str(claims.get("connection_data", "")),
        kind="sip",
    )
    stream = publish(
        ctx,
        session,
        connection,
        video_type="camera",
        name=from_ or uri,
        layout_class_list=[],
        has_video=bool(sip.get("video", False)),
    )
    call = SipCall(
        id=ctx.new_id(),
        session_id=session.id,
        project_id=session.project_id,
        connection_id=connection.id,
        stream_id=stream.id,
        created_at=ctx.now_ms,
        uri=uri,
        from_=from_,
    )
    ctx.proj.sip_calls[call.id] = call
    return json_reply(200, call.to_wire())
