"""Every validation and state rule the emulator enforces, each with its evidence: the source of
the fidelity ledger ``spec/service-rules.toml`` (written from this table by
``python tools/rules.py``).

A handler refuses a request only by raising ``Reject(RULE, **fields)`` with one of these rules,
so the ledger lists every answer the emulator can give that is not a success. The ``code`` is
the service's own error code where one is public, else the HTTP status (the ledger says which).

Evidence is one of three kinds: ``documented`` (a public documentation page), ``sdk`` (an
official SDK's code or test, named by repository, file and call) and ``reported`` (a real
answer quoted in a public issue thread). A service rule with none is ``unverified`` and follows
the documentation's letter. Rules of the control API (``emulator.*``) model nothing: they are
the emulator's own.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["RULES", "Evidence", "Rule"]

Kind = Literal["documented", "sdk", "reported"]

# The sources, named once (the same ones spec/service.md cites).
REST = "https://tokbox.com/developer/rest/"
VREST = "https://developer.vonage.com/en/api/video"
PY = "opentok/Opentok-Python-SDK"
NODE = "opentok/opentok-node"
VV = "Vonage/vonage-python-sdk"
VNODE = "Vonage/vonage-node-sdk"
JAVA = "opentok/Opentok-Java-SDK"
RB = "opentok/OpenTok-Ruby-SDK"
NET = "opentok/Opentok-.NET-SDK"
PHP = "opentok/OpenTok-PHP-SDK"


@attrs.frozen
class Evidence:
    """One piece of evidence: its kind, where it is (a URL, or ``repo path call``), what it
    shows."""

    kind: Kind
    where: str
    shows: str


def doc(url: str, shows: str) -> Evidence:
    return Evidence("documented", url, shows)


def sdk(repo: str, where: str, shows: str) -> Evidence:
    return Evidence("sdk", f"{repo} {where}", shows)


def seen(url: str, shows: str) -> Evidence:
    return Evidence("reported", url, shows)


@attrs.frozen
class Rule:
    """A refusal the emulator can answer: HTTP ``status``, wire ``code`` (None: the status is
    sent, no service code being public), ``message`` (a ``str.format`` template), evidence, and
    ``choice`` where sources disagree or the emulator departs from a stricter past."""

    id: str
    status: int
    message: str
    code: int | None = None
    evidence: tuple[Evidence, ...] = ()
    choice: str = ""

    @property
    def wire_code(self) -> int:
        return self.status if self.code is None else self.code

    @property
    def basis(self) -> str:
        """The strongest kind of evidence: reported, documented, sdk; else unverified (or
        ``emulator`` for the control API's own rules)."""
        if self.id.startswith("emulator."):
            return "emulator"
        kinds = {e.kind for e in self.evidence}
        for kind in ("reported", "documented", "sdk"):
            if kind in kinds:
                return kind
        return "unverified"

    def format(self, fields: dict[str, object]) -> str:
        return self.message.format(**fields) if fields else self.message


RULES: dict[str, Rule] = {}


def rule(
    id: str,
    status: int,
    message: str,
    *evidence: Evidence,
    code: int | None = None,
    choice: str = "",
) -> Rule:
    if id in RULES:
        raise ValueError(f"rule {id} declared twice")
    declared = Rule(id, status, message, code, tuple(evidence), choice)
    RULES[id] = declared
    return declared


# Requests in general ------------------------------------------------------------------------

_STATUS_400 = doc(REST, "400: a malformed or invalid request; each operation lists its fields")

ROUTE_UNKNOWN = rule(
    "route.unknown",
    404,
    "Resource not found",
    doc(REST, "every path; anything else is no resource"),
    choice="An empty path segment (`.../project/{id}//archive`) is no id: it matches no route "
    "instead of collapsing onto a shorter path.",
)
ROUTE_METHOD = rule(
    "route.method",
    405,
    "Method {method} not allowed here",
    choice="unverified: the service's answer to a wrong method is not documented; 405 with "
    "Allow as RFC 9110 says.",
)
BODY_REQUIRED = rule("body.required", 400, "Invalid request: a JSON body is required", _STATUS_400)
BODY_JSON = rule("body.json", 400, "Invalid JSON in the request body", _STATUS_400)
BODY_OBJECT = rule(
    "body.object", 400, "Invalid request: the body must be a JSON object", _STATUS_400
)
FIELD_REQUIRED = rule("field.required", 400, "Invalid request: {key} is required", _STATUS_400)
FIELD_STRING = rule("field.string", 400, "Invalid request: {key} must be a string", _STATUS_400)
FIELD_LENGTH = rule(
    "field.length", 400, "Invalid request: {key} has an invalid length", _STATUS_400
)
FIELD_BOOLEAN = rule("field.boolean", 400, "Invalid request: {key} must be a boolean", _STATUS_400)
FIELD_INTEGER = rule(
    "field.integer",
    400,
    "Invalid request: {key} must be an integer from {lo} to {hi}",
    _STATUS_400,
    doc(
        "https://developer.vonage.com/en/opentok/guides/archiving/overview",
        "maxBitrate 100000 to 6000000, quantizationParameter 15 to 40, maxDuration ranges",
    ),
    choice='A string of decimal digits is read as the number it spells (`"2000000"`): the '
    "documentation gives only the range, loosely typed SDKs (node, php) pass a caller's value "
    "through, and a JSON service of this kind coerces such scalars (inferred). The emulator "
    "used to refuse them, stricter than anything documented.",
)
FIELD_CHOICE = rule(
    "field.choice", 400, "Invalid request: {key} must be one of {choices}", _STATUS_400
)
FIELD_STRING_LIST = rule(
    "field.string-list", 400, "Invalid request: {key} must be a list of strings", _STATUS_400
)
FIELD_OBJECT = rule("field.object", 400, "Invalid request: {key} must be an object", _STATUS_400)
QUERY_INTEGER = rule(
    "query.integer",
    400,
    "Invalid request: {key} must be an integer",
    doc(REST + "#listing_archives", "offset and count are integers"),
)
QUERY_RANGE = rule(
    "query.range",
    400,
    "Invalid request: {key} must be from {lo} to {hi}",
    doc(REST + "#listing_archives", "count is at most 1000"),
    sdk(PY, "opentok/opentok.py list_archives", "docstring: at most 1000"),
)

# Authentication of REST calls ------------------------------------------------------------

_AUTH_403 = seen(
    "https://github.com/opentok/opentok-node/issues/177",
    'a 403 answer with {"code":-1,"message":"Invalid token format"...} for a bad auth JWT',
)
_AUTH_DOC = doc(REST + "#authentication", "X-OPENTOK-AUTH JWT: iss, ist=project, iat, exp")
AUTH_MISSING = rule(
    "auth.missing",
    403,
    "Missing authentication token (X-OPENTOK-AUTH or Authorization)",
    _AUTH_DOC,
    _AUTH_403,
    code=-1,
)
AUTH_MALFORMED = rule(
    "auth.malformed", 403, "Invalid token format{detail}", _AUTH_DOC, _AUTH_403, code=-1
)
AUTH_ISSUER = rule("auth.issuer-format", 403, "Invalid issuer format", _AUTH_DOC, code=-1)
AUTH_UNKNOWN_PROJECT = rule(
    "auth.unknown-project", 403, "Invalid issuer: unknown project", _AUTH_DOC, _AUTH_403, code=-1
)
AUTH_SIGNATURE = rule("auth.signature", 403, "Invalid signature", _AUTH_DOC, _AUTH_403, code=-1)
AUTH_EXPIRED = rule(
    "auth.expired",
    403,
    "Token expired",
    _AUTH_DOC,
    seen(
        "https://github.com/opentok/OpenTok-Ruby-SDK/issues/185",
        "session creation fails from a laptop whose clock is three minutes off",
    ),
    code=-1,
)
AUTH_FUTURE = rule(
    "auth.iat-future",
    403,
    "Token not yet valid: iat is in the future",
    seen(
        "https://github.com/opentok/opentok-node/issues/177",
        '403 "issued time cannot be greater than current time" for a fast local clock',
    ),
    code=-1,
    choice="The real text differs; the emulator allows 60 s of skew before refusing.",
)
AUTH_LIFETIME = rule(
    "auth.lifetime",
    403,
    "Token lifetime too long: at most {seconds} seconds",
    doc(REST + "#authentication", "exp at most 5 minutes after iat"),
    code=-1,
)
AUTH_WRONG_PROJECT = rule(
    "auth.wrong-project",
    403,
    "The token's project does not match the project in the URL",
    doc(REST, "every path lives under /v2/project/{apiKey}, the caller's own"),
    code=-1,
)

# Client tokens (REST calls that carry one, and the control API's connect) --------------------

_TOKEN_DOC = doc(
    "https://developer.vonage.com/en/video/guides/create-token",
    "roles, expiry, the session the token is for",
)
_TOKEN_1004 = seen(
    "https://github.com/opentok/opentok-ios-sdk-samples/issues/29",
    "the client SDKs' connect error carries code 1004 (authentication)",
)


def _token_rule(id: str, message: str, *more: Evidence) -> Rule:
    return rule(id, 403, message, _TOKEN_DOC, _TOKEN_1004, *more, code=1004)


TOKEN_MISSING = _token_rule("token.missing", "Invalid token format: a token is required")
TOKEN_MALFORMED = _token_rule("token.malformed", "Invalid token format{detail}")
TOKEN_SIGNATURE = _token_rule("token.signature", "Invalid token signature")
TOKEN_T1_APP = _token_rule("token.t1-application", "T1 tokens need an OpenTok project")
TOKEN_OTHER_PROJECT = _token_rule("token.other-project", "Token was issued for another project")
TOKEN_OTHER_SESSION = _token_rule("token.other-session", "Token was issued for another session")
TOKEN_EXPIRED = _token_rule(
    "token.expired",
    "Token expired",
    sdk(PY, "opentok/opentok.py generate_token", "expire_time must be in the future"),
)
TOKEN_ROLE = _token_rule("token.role", "Invalid token format: unknown role")
REST_TOKEN_INVALID = rule(
    "rest.token-invalid",
    400,
    "Invalid token: {reason}",
    doc(
        "https://developer.vonage.com/en/video/guides/sip-interconnect",
        "the token in a dial, render, connect or captions request; 400 for invalid input",
    ),
    choice="unverified which status a bad token in a REST body gets; 400 as for any field.",
)
RENDER_TOKEN_ROLE = rule(
    "render.token-role",
    400,
    "Invalid token: a render needs a publisher token",
    doc(
        "https://developer.vonage.com/en/video/guides/experience-composer",
        "the render joins with a publisher token",
    ),
)
CAPTIONS_TOKEN_ROLE = rule(
    "captions.token-role",
    400,
    "Invalid token: captions need a moderator token",
    doc("https://rubydoc.info/gems/vonage/Vonage/Video/Captions", "a moderator token"),
)

# Sessions -------------------------------------------------------------------------------

SESSION_ID_INVALID = rule(
    "session.id-invalid",
    400,
    "Invalid session ID",
    doc(REST + "#start_archive", "400: the sessionId is invalid"),
    seen(
        "https://github.com/opentok/OpenTok-PHP-SDK/issues/141",
        "a maintainer: a 400 means the sessionId is invalid or no clients are connected",
    ),
)
SESSION_NOT_FOUND = rule(
    "session.not-found",
    404,
    "Session not found",
    doc(REST, "404: the session does not exist"),
    seen(
        "https://github.com/opentok/OpenTok-PHP-SDK/issues/267",
        "a maintainer: until a connection has been added a session does not exist; the raw "
        "API answers 404",
    ),
)
SESSION_FORM = rule(
    "session.form", 400, "Invalid request: the body must be UTF-8 form data", _STATUS_400
)
SESSION_P2P = rule(
    "session.p2p",
    400,
    "Invalid p2p.preference: use enabled or disabled",
    doc(REST + "#session_create", "p2p.preference is enabled or disabled"),
)
SESSION_ARCHIVE_MODE = rule(
    "session.archive-mode",
    400,
    "Invalid archiveMode: use manual or always",
    doc(REST + "#session_create", "archiveMode is manual or always"),
)
SESSION_ALWAYS_RELAYED = rule(
    "session.always-needs-routed",
    400,
    "archiveMode always requires a routed session (p2p.preference=disabled)",
    doc(
        "https://developer.vonage.com/en/opentok/guides/archiving/overview",
        "archiving needs routed sessions",
    ),
    sdk(PY, "opentok/opentok.py create_session", "refuses always with relayed"),
)
SESSION_LOCATION = rule(
    "session.location",
    400,
    "Invalid location: an IPv4 address is expected",
    doc(REST + "#session_create", "location: an IP address the service uses as a hint"),
    sdk(PY, "opentok/opentok.py create_session", "refuses a location that is not IPv4"),
    sdk(
        VNODE,
        "packages/video/__tests__/video.test.ts 'can create a server session'",
        "a default createSession() sends location= with no address (now location=null)",
    ),
    seen(
        "https://github.com/Vonage/vonage-node-sdk/issues/912",
        "a default createSession() (archiveMode=manual&location=null&p2p.preference=disabled) "
        "gets a 2xx answer from the service",
    ),
    choice="What the official SDK sends by default is accepted: an empty location and the "
    "text `null` mean no hint; any other value must be an IPv4 address.",
)
SESSION_E2EE = rule(
    "session.e2ee", 400, "Invalid e2ee: use true or false", doc(REST + "#session_create", "e2ee")
)
SESSION_E2EE_RELAYED = rule(
    "session.e2ee-needs-routed",
    400,
    "End-to-end encryption requires a routed session",
    doc(
        "https://developer.vonage.com/en/video/guides/end-to-end-encryption",
        "e2ee is for routed sessions",
    ),
    sdk(PY, "opentok/opentok.py create_session", "docstring: e2ee for routed sessions"),
)
SESSION_ARCHIVE_NAME = rule(
    "session.archive-name",
    400,
    "Invalid archiveName: at most 80 characters",
    sdk(PY, "opentok/opentok.py create_session", "archive_name of 1 to 80 characters"),
)
SESSION_ARCHIVE_RESOLUTION = rule(
    "session.archive-resolution",
    400,
    "Invalid archiveResolution",
    sdk(PY, "opentok/opentok.py create_session", "docstring: the resolutions"),
)

# Layouts ----------------------------------------------------------------------------------

_LAYOUT_DOC = doc(
    "https://developer.vonage.com/en/opentok/sdks/dot-net/reference/opentoksdk-archivelayout",
    "custom needs a stylesheet; screenshareType only with bestFit",
)
LAYOUT_OBJECT = rule("layout.object", 400, "Invalid layout: expected an object", _LAYOUT_DOC)
LAYOUT_TYPE = rule("layout.type-required", 400, "Invalid layout: type is required", _LAYOUT_DOC)
LAYOUT_STYLESHEET = rule(
    "layout.custom-needs-stylesheet",
    400,
    "Invalid layout: a custom layout needs a stylesheet",
    _LAYOUT_DOC,
)
LAYOUT_STYLESHEET_ONLY_CUSTOM = rule(
    "layout.stylesheet-only-custom",
    400,
    "Invalid layout: stylesheet is only allowed with the custom type",
    _LAYOUT_DOC,
)
LAYOUT_SCREENSHARE = rule(
    "layout.screenshare-only-bestfit",
    400,
    "Invalid layout: screenshareType is only allowed with bestFit",
    _LAYOUT_DOC,
)
LAYOUT_CLASS_LIST = rule(
    "layout.class-list",
    400,
    "Invalid layout: layoutClassList must be a list of strings",
    doc(REST + "#change_stream_layout_classes", "items: [{id, layoutClassList: [...]}]"),
)

# Archives -------------------------------------------------------------------------------

_ARCHIVE_DOC = doc(REST + "#start_archive", "the start body and its 400, 404 and 409 answers")
ARCHIVE_NOT_FOUND = rule(
    "archive.not-found",
    404,
    "Archive not found",
    doc(REST + "#stop_archive", "404: no archive with this id"),
)
ARCHIVE_NO_MEDIA = rule(
    "archive.no-media",
    400,
    "Invalid request: an archive needs audio, video or both",
    sdk(PY, "opentok/opentok.py start_archive", "hasAudio and hasVideo cannot both be false"),
)
ARCHIVE_RESOLUTION_INDIVIDUAL = rule(
    "archive.resolution-individual",
    400,
    "Invalid request: resolution is not supported for individual archives",
    _ARCHIVE_DOC,
    sdk(PY, "opentok/opentok.py start_archive", "resolution with individual output is a 400"),
)
ARCHIVE_QP_INDIVIDUAL = rule(
    "archive.qp-individual",
    400,
    "Invalid request: quantizationParameter is for composed archives",
    doc(
        "https://developer.vonage.com/en/opentok/guides/archiving/overview",
        "quantizationParameter applies to composed archives",
    ),
)
ARCHIVE_RELAYED = rule(
    "archive.relayed",
    409,
    "Only routed sessions are allowed to initiate archives.",
    _ARCHIVE_DOC,
    seen(
        "https://github.com/opentok/OpenTok-PHP-SDK/issues/243",
        '409 {"code":15008,"message":"Only routed sessions are allowed to initiate archives."}',
    ),
    code=15008,
)
ARCHIVE_NO_CLIENTS = rule(
    "archive.no-clients",
    400,
    "Cannot start an archive: the session has no connected clients",
    _ARCHIVE_DOC,
    seen(
        "https://github.com/opentok/OpenTok-PHP-SDK/issues/141",
        "a maintainer quotes the reference: 400 when no clients are connected",
    ),
    choice="The reference says 400 when no client is connected; reports (node #317, Ruby "
    "#69, PHP #267) show a session no client ever joined answering 404 Session not found. "
    "Both hold here: a session never joined is `archive.never-joined` (404), a session "
    "whose clients have all left is this 400.",
)
ARCHIVE_NEVER_JOINED = rule(
    "archive.never-joined",
    404,
    "Session not found",
    seen(
        "https://github.com/opentok/opentok-node/issues/317",
        "startArchive right after createSession answers Session not found (the SDK's 404)",
    ),
    seen(
        "https://github.com/opentok/OpenTok-Ruby-SDK/issues/69",
        "archives.create on a fresh routed session: 'The Session ID does not exist' (404)",
    ),
    seen(
        "https://github.com/opentok/OpenTok-PHP-SDK/issues/267",
        "a maintainer: a session has no existence until a connection joins; the API answers 404",
    ),
    _ARCHIVE_DOC,
    choice="See archive.no-clients: the reference's 400 is kept for a session whose clients "
    "have left.",
)
ARCHIVE_RECORDING = rule(
    "archive.already-recording",
    409,
    "The session is already being recorded",
    _ARCHIVE_DOC,
    seen(
        "https://github.com/opentok/OpenTok-PHP-SDK/issues/326",
        "a maintainer quotes: 409 for a session already being recorded",
    ),
    seen(
        "https://github.com/opentok/opentok-react-native/issues/427",
        'a 409 to start archive on a connected routed session with "code": 15001',
    ),
    code=15001,
    choice="The thread does not say why its start was refused; a connected routed session "
    "leaves only this cause, so 15001 is taken for it (inferred).",
)
ARCHIVE_TAG_CLASH = rule(
    "archive.tag-clash",
    409,
    "An archive with multiArchiveTag {tag!r} is already in progress",
    _ARCHIVE_DOC,
    choice="An empty multiArchiveTag is no tag (the documentation asks only for a unique "
    "string per simultaneous archive); the emulator used to refuse it.",
)
ARCHIVE_STOP_STATE = rule(
    "archive.stop-state",
    409,
    "You can only stop an archive that has one of the following statuses: started OR paused "
    "OR stopped",
    sdk(VV, "video/tests/data/stop_archive_error.json (video/tests/test_archive.py)", "409, 15002"),
    doc(REST + "#stop_archive", "409: the archive is not being recorded"),
    code=15002,
    choice="A stopped archive can be stopped again (the service's own message allows it): the "
    "answer is the archive as it is.",
)
ARCHIVE_DELETE_STATE = rule(
    "archive.delete-state",
    409,
    "You can only delete an archive that has one of the following statuses: available OR "
    "uploaded OR deleted",
    sdk(
        VV, "video/tests/data/delete_archive_error.json (video/tests/test_archive.py)", "409, 15004"
    ),
    code=15004,
)
ARCHIVE_LAYOUT_COMPOSED = rule(
    "archive.layout-composed",
    400,
    "Layouts apply to composed archives only",
    doc(REST + "#change_composed_archive_layout", "the layout of a composed archive"),
)
ARCHIVE_LAYOUT_STATE = rule(
    "archive.layout-state",
    409,
    "Archive is not in progress (status {status})",
    choice="unverified: the reference names no status for a layout change of a finished "
    "archive; 409 as for other wrong-state calls.",
)

# Stream selection (archives and broadcasts) ------------------------------------------------

_SELECT_DOC = sdk(
    PY, "opentok/opentok.py add_archive_stream, add_broadcast_stream", "204, 400, 404, 405 branches"
)
SELECT_ONE_OF = rule(
    "streams.one-of",
    400,
    "Invalid request: give exactly one of addStream and removeStream",
    _SELECT_DOC,
)
SELECT_AUTO = rule(
    "streams.auto-mode",
    405,
    "Stream selection needs streamMode manual (this one is auto)",
    _SELECT_DOC,
    doc(REST + "#selecting-archive-streams", "405 when the stream mode is auto"),
)
SELECT_STATE = rule(
    "streams.state",
    409,
    "Not in progress (status {status})",
    choice="unverified: 409 as for other wrong-state calls.",
)
SELECT_STREAM_UNKNOWN = rule(
    "streams.unknown-stream", 404, "Stream not found in the session", _SELECT_DOC
)
SELECT_NOT_SELECTED = rule(
    "streams.not-selected", 404, "Stream not found in this composition", _SELECT_DOC
)

# Broadcasts ------------------------------------------------------------------------------

_BROADCAST_DOC = doc(
    "https://developer.vonage.com/en/video/guides/broadcast/streaming",
    "routed sessions only; simultaneous broadcasts need a multiBroadcastTag",
)
BROADCAST_NOT_FOUND = rule(
    "broadcast.not-found",
    404,
    "Broadcast not found",
    sdk(RB, "lib/opentok/client.rb get_broadcast", "404: not found"),
    choice="py expects 409 for an unknown broadcast (spec/service.md#broadcast-not-found); "
    "404 is what rb and the reference's other resources use.",
)
BROADCAST_OUTPUTS = rule(
    "broadcast.outputs",
    400,
    "Invalid request: outputs needs hls, rtmp or both",
    sdk(PY, "opentok/opentok.py start_broadcast", "outputs: hls and/or rtmp"),
)
BROADCAST_HLS = rule(
    "broadcast.hls-dvr-low-latency",
    400,
    "Invalid request: HLS dvr and lowLatency cannot both be true",
    sdk(PY, "opentok/opentok.py start_broadcast", "refuses lowLatency with dvr"),
)
BROADCAST_RTMP_LIST = rule(
    "broadcast.rtmp-list", 400, "Invalid request: outputs.rtmp must be a list", _STATUS_400
)
BROADCAST_RTMP_COUNT = rule(
    "broadcast.rtmp-count",
    400,
    "Invalid request: at most {limit} RTMP outputs",
    sdk(PY, "opentok/opentok.py start_broadcast", "docstring: five RTMP targets"),
)
BROADCAST_RTMP_ITEM = rule(
    "broadcast.rtmp-item", 400, "Invalid request: each RTMP output must be an object", _STATUS_400
)
BROADCAST_RELAYED = rule(
    "broadcast.relayed",
    409,
    "Only routed sessions are allowed to initiate broadcasts",
    _BROADCAST_DOC,
    choice="No code is public for this refusal (archives use 15008): the status is sent.",
)
BROADCAST_RUNNING = rule(
    "broadcast.already-started",
    409,
    "Session is already composed for given tag",
    _BROADCAST_DOC,
    sdk(VV, "video/tests/data/start_broadcast_error.json", "409, the message text"),
    choice="An empty multiBroadcastTag is no tag (the documentation asks only for a unique "
    "string per simultaneous broadcast); the emulator used to refuse it.",
)
BROADCAST_STOPPED = rule(
    "broadcast.already-stopped",
    409,
    "The broadcast has already been stopped",
    seen(
        "https://github.com/opentok/Opentok-Java-SDK/issues/180",
        '409 {"code":19002,"message":"The broadcast has already been stopped"}',
    ),
    code=19002,
)
BROADCAST_STATE = rule(
    "broadcast.state",
    409,
    "Broadcast is not in progress",
    choice="unverified: 409 as for the stop of a stopped broadcast.",
)

# Signals, moderation, DTMF ---------------------------------------------------------------

_MODERATION_DOC = doc(
    "https://developer.vonage.com/en/opentok/guides/moderation/rest",
    "force disconnect and mute: 404 for a client or stream that is not connected",
)
CONNECTION_NOT_CONNECTED = rule(
    "connection.not-connected",
    404,
    "The client specified by the connection ID is not connected",
    _MODERATION_DOC,
    sdk(PY, "opentok/opentok.py send_signal, force_disconnect", "404 branches"),
)
SIGNAL_INVALID = rule(
    "signal.invalid",
    400,
    "Invalid signal: type and data must be strings (data is required)",
    doc("https://tokbox.com/developer/guides/signaling/rest/", "body {type, data}"),
)
SIGNAL_TOO_LARGE = rule(
    "signal.too-large",
    413,
    "The type string exceeds 128 bytes or the data string exceeds 8 kB",
    doc(
        "https://developer.vonage.com/en/opentok/guides/signaling/js",
        "type at most 128 bytes, data at most 8 kB",
    ),
    sdk(PY, "opentok/opentok.py send_signal", "413 branch"),
)
STREAM_NOT_FOUND = rule(
    "stream.not-found",
    404,
    "Stream not found",
    _MODERATION_DOC,
    choice="py's get_stream also handles 408 for an invalid stream id; the emulator answers "
    "404 for any unknown stream.",
)
STREAM_NOT_FOUND_ID = rule(
    "stream.not-found-id", 404, "Stream not found: {stream_id}", doc(REST, "404: no such stream")
)
MUTE_ACTIVE = rule(
    "mute.active-required",
    400,
    "Invalid request: active (boolean) is required",
    _MODERATION_DOC,
)
DTMF_DIGITS = rule(
    "dtmf.digits",
    400,
    "Invalid digits: use 0-9, *, # and p (a 500 ms pause)",
    sdk(PY, "opentok/opentok.py play_dtmf", "docstring: the digits and the pause"),
)
CLASS_ITEMS = rule(
    "streams.class-items",
    400,
    "Invalid request: items must be a non-empty list",
    doc(REST + "#change_stream_layout_classes", "items: [{id, layoutClassList}]"),
)
CLASS_ITEM_ID = rule(
    "streams.class-item-id",
    400,
    "Invalid request: each item needs an id",
    doc(REST + "#change_stream_layout_classes", "each item has the stream id"),
)

# SIP -------------------------------------------------------------------------------------

_SIP_DOC = doc(
    "https://developer.vonage.com/en/video/guides/sip-interconnect",
    "routed sessions; the dial body",
)
SIP_REQUIRED = rule("sip.required", 400, "Invalid request: sip is required", _SIP_DOC)
SIP_URI = rule("sip.uri", 400, "Invalid request: sip.uri must be a sip: or sips: URI", _SIP_DOC)
SIP_HEADERS = rule(
    "sip.headers",
    400,
    "Invalid request: custom SIP headers must start with X-",
    sdk(JAVA, "src/main/java/com/opentok/SipProperties.java", "headers must start with X-: 400"),
)
SIP_RELAYED = rule("sip.relayed", 409, "SIP calls need a routed session", _SIP_DOC)

# Experience Composer, Audio Connector, captions ----------------------------------------------

RENDER_NOT_FOUND = rule(
    "render.not-found",
    404,
    "Render not found",
    doc("https://developer.vonage.com/en/video/guides/experience-composer", "render ids"),
)
RENDER_STOPPED = rule(
    "render.already-stopped",
    404,
    "Render not found or already stopped",
    choice="unverified: the reference names no answer for stopping a stopped render.",
)
_AUDIO_DOC = doc(
    "https://developer.vonage.com/en/video/guides/audio-connector",
    "routed sessions; websocket {uri, streams, headers, audioRate}",
)
AUDIO_WEBSOCKET = rule("audio.websocket", 400, "Invalid request: websocket is required", _AUDIO_DOC)
AUDIO_URI = rule(
    "audio.uri", 400, "Invalid request: websocket.uri must be a ws:// or wss:// URI", _AUDIO_DOC
)
AUDIO_HEADERS = rule(
    "audio.headers",
    400,
    "Invalid request: websocket.headers exceed 512 bytes",
    doc(
        "https://developer.vonage.com/en/opentok/sdks/dot-net/reference/"
        "opentoksdk-audioconnectorstartrequest-websocket",
        "headers at most 512 bytes",
    ),
)
AUDIO_RATE = rule(
    "audio.rate",
    400,
    "Invalid request: audioRate must be 8000, 16000 or 24000",
    sdk(VV, "video/src/vonage_video/models/enums.py AudioSampleRate", "8000 and 16000"),
    sdk(VNODE, "packages/video/lib/enums/AudioRate.ts AudioRate", "8000, 16000 and 24000"),
    sdk(NET, "OpenTok/AudioConnectorStartRequest.cs SupportedAudioRates", "24000 as well"),
    choice="vv (older) lists two rates; @vonage/video 1.29 and the .NET SDK add 24000, which "
    "the emulator accepts (spec/service.md#audio-connector).",
)
_TRANSPORT_SDKS = (
    sdk(
        VNODE,
        "packages/video/lib/video.ts connectToWebsocket; types/AudioTransport.ts",
        "audioTransport {transport: binary|json, encoding: base64, audio_field, "
        "receive_audio_field, static_fields}; json requires base64",
    ),
    sdk(NET, "OpenTok/AudioConnectorStartRequest.cs AudioTransport", "the same keys"),
    sdk(PY, "opentok/opentok.py connect_audio_to_websocket (3.15.0)", "sent as JSON text"),
)
AUDIO_TRANSPORT = rule(
    "audio.transport",
    400,
    "Invalid request: websocket.audioTransport {problem}",
    *_TRANSPORT_SDKS,
    choice="The official Python SDK sends audioTransport as JSON text, the others as an object: "
    "both are accepted (spec/service.md#py-audio-transport-as-text).",
)
AUDIO_NOT_CONNECTED = rule(
    "audio.not-connected",
    404,
    "No Audio Connector connection with this id is connected",
    sdk(NET, "OpenTok/OpenTok.AudioConnector.cs StopAudioConnectorAsync", "POST .../stop"),
    sdk(VNODE, "packages/video/lib/video.ts disconnectWebsocket", "deprecated: no longer works"),
    choice="unverified: no SDK names the answer for an unknown connection; 404 as for force "
    "disconnect (spec/service.md#stop-an-audio-connector).",
)
AUDIO_RELAYED = rule("audio.relayed", 409, "The Audio Connector needs a routed session", _AUDIO_DOC)
AUDIO_STREAM = rule(
    "audio.unknown-stream",
    400,
    "Invalid request: unknown stream {stream_id}",
    _AUDIO_DOC,
)
CAPTIONS_RUNNING = rule(
    "captions.already-started",
    409,
    "Audio captioning is already enabled",
    sdk(VV, "video/tests/data/captions_error_already_enabled.json", "409, 60003"),
    code=60003,
)
CAPTIONS_NOT_FOUND = rule(
    "captions.not-found",
    404,
    "Captions not found",
    sdk(VNODE, "packages/video/lib/video.ts getCaptionStatus", "GET /captions/{captionId}"),
    choice="unverified: no source names the answer for an unknown id "
    "(spec/service.md#captions-status).",
)
CAPTIONS_NOT_RUNNING = rule(
    "captions.not-running",
    404,
    "No live captions with this id are running",
    doc("https://developer.vonage.com/en/opentok/guides/live-captions/rest", "stop by id"),
)

# Legacy callback registration -------------------------------------------------------------

_CALLBACK_SDK = sdk(NODE, "lib/callbacks.js", "POST /callback {group, event, url}")
CALLBACK_GROUP = rule("callback.group", 400, "Invalid group: use one of {groups}", _CALLBACK_SDK)
CALLBACK_URL = rule("callback.url", 400, "Invalid url: an http(s) URL is expected", _CALLBACK_SDK)
CALLBACK_NOT_FOUND = rule("callback.not-found", 404, "Callback not found", _CALLBACK_SDK)

# The control API (the emulator's own, modelling nothing) -----------------------------------

CONTROL_PUBLIC_KEY = rule(
    "emulator.public-key", 400, "Invalid publicKey: expected an RSA public key in PEM form"
)
CONTROL_URL = rule("emulator.url", 400, "Invalid url: an http(s) URL is expected")
CONTROL_SESSION = rule("emulator.session-not-found", 404, "Session not found")
CONTROL_CONNECTION = rule("emulator.connection-not-found", 404, "Connection not found")
CONTROL_DISCONNECTED = rule(
    "emulator.already-disconnected", 409, "The connection is already disconnected"
)
CONTROL_GONE = rule("emulator.disconnected", 409, "The connection is disconnected")
CONTROL_ROLE = rule(
    "emulator.role-cannot-publish",
    403,
    "A {role} token cannot publish",
    doc(
        "https://developer.vonage.com/en/video/guides/create-token",
        "a subscriber token cannot publish (the client SDKs' 1500 error)",
    ),
    code=1500,
)
CONTROL_STREAM = rule("emulator.stream-not-found", 404, "Stream not found")
FAULT_SECONDS = rule(
    "emulator.fault-seconds", 400, "Invalid request: {key} must be a number of seconds"
)
FAULT_RANGE = rule(
    "emulator.fault-range", 400, "Invalid request: {key} must be from 0 to {limit} seconds"
)
FAULT_OPERATION = rule(
    "emulator.fault-operation", 400, "Invalid request: unknown operation {operation!r}"
)
FAULT_EMPTY = rule(
    "emulator.fault-empty", 400, "Invalid request: give a status, a delay, drop or cut"
)
FAULT_CUT = rule(
    "emulator.fault-cut",
    400,
    "Invalid request: cut sends the real answer's head and half its body, without status or drop",
)
FAULT_EXCLUSIVE = rule(
    "emulator.fault-exclusive", 400, "Invalid request: status and drop exclude each other"
)
