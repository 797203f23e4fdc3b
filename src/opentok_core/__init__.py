"""opentok_core: the pure heart of opentok-py.

No sockets, no clock, no randomness it is not handed. It validates input, describes requests,
parses responses into typed models, raises typed errors, and mints auth headers and client
tokens. ``prepare`` and ``finish`` are the "bring your own transport" API.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import models, operations  # cheap: both load their own contents lazily
from ._binding import AsyncBound, Bound, Unbound, bind
from ._body import ACCEPT_ENCODING, BodyReader
from ._config import (
    PROXY_ADVICE,
    Config,
    Timeout,
    append_user_agent,
    check_proxy,
    make_config,
    refuse_connection_settings,
)
from ._credentials import ApplicationCredentials, Credentials, ProjectCredentials, conceal
from ._errors import (
    ApiError,
    ArchiveNotDownloadable,
    AuthenticationError,
    BadRequest,
    ClientClosed,
    Conflict,
    ConnectError,
    ConnectTimeout,
    DownloadError,
    IntegrityError,
    InvalidSignature,
    MethodNotAllowed,
    NotFound,
    OpenTokError,
    PayloadTooLarge,
    RateLimited,
    RequestTimeout,
    ServerError,
    TLSError,
    TokenError,
    TransportError,
    TransportTimeout,
    UnexpectedResponse,
    ValidationError,
    WaitFailed,
    WaitTimeout,
    error_from_response,
)
from ._failures import Failure, causes, transport_failure
from ._flow import Runtime, Send, Sleep, run
from ._http import MAX_RESPONSE_BODY, DeferredHeaders, Request, Response
from ._lazy import publish
from ._operation import Operation, finish, prepare
from ._retry import NO_RETRY, RetryPolicy
from ._session_ids import decode_session_id, encode_session_id
from ._tokens import TokenClaims, decode_token, generate_token, verify_token
from ._tracebacks import forget_secrets
from ._version import __version__
from .models.enums import (
    ArchiveMode,
    ArchiveModeValue,
    ArchiveStatus,
    MediaMode,
    MediaModeValue,
    OutputMode,
    OutputModeValue,
    Resolution,
    ResolutionValue,
    Role,
    RoleValue,
    StreamMode,
    StreamModeValue,
)

if TYPE_CHECKING:
    from ._broadcast_options import BroadcastOptions, HlsOutput, RtmpOutput
    from ._download import (
        CHUNK_SIZE,
        MAX_REDIRECTS,
        Digest,
        DownloadAnswer,
        DownloadProgress,
        DownloadResult,
        DownloadSource,
        check_download,
        check_target,
        download_answer,
        download_source,
        range_headers,
        redirect_target,
        safe_url,
    )
    from ._layouts import (
        Layout,
        LayoutType,
        LayoutTypeValue,
        ScreenshareType,
        ScreenshareTypeValue,
    )
    from ._pagination import Page, PageCursor
    from ._signed import (
        CallbackClaims,
        MemorySeenStore,
        SeenStore,
        payload_hash,
        sign_callback,
        verify_callback,
    )
    from ._waiting import Poll, WaitSpec, archive_wait, broadcast_wait, render_wait, wait_flow
    from .callbacks import parse_callback
    from .models.archives import *  # noqa: F403
    from .models.audio import *  # noqa: F403
    from .models.broadcasts import *  # noqa: F403
    from .models.callbacks import (
        ArchiveEvent,
        BroadcastEvent,
        CallbackEvent,
        CaptionsEvent,
        ConnectionCreated,
        ConnectionDestroyed,
        RenderEvent,
        SessionCreated,
        SessionDestroyed,
        SipCallEvent,
        StreamCreated,
        StreamDestroyed,
        UnknownEvent,
    )
    from .models.captions import *  # noqa: F403
    from .models.renders import *  # noqa: F403
    from .models.sessions import *  # noqa: F403
    from .models.sip import *  # noqa: F403
    from .models.streams import *  # noqa: F403
    from .operations.archives import *  # noqa: F403
    from .operations.audio import *  # noqa: F403
    from .operations.broadcasts import *  # noqa: F403
    from .operations.captions import *  # noqa: F403
    from .operations.moderation import *  # noqa: F403
    from .operations.renders import *  # noqa: F403
    from .operations.sessions import *  # noqa: F403
    from .operations.sip import *  # noqa: F403
    from .operations.streams import *  # noqa: F403
    from .presence import Presence, SessionMonitor
    from .routing import CallbackRouter, Routed
else:
    # Operations, models, callbacks and layouts load on first use: see _lazy.py.
    from ._lazy import lazy_exports

    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            ".operations": operations.__all__,
            ".models": models.__all__,
            "._broadcast_options": ("BroadcastOptions", "HlsOutput", "RtmpOutput"),
            "._layouts": (
                "Layout",
                "LayoutType",
                "LayoutTypeValue",
                "ScreenshareType",
                "ScreenshareTypeValue",
            ),
            "._pagination": ("Page", "PageCursor"),
            ".callbacks": ("parse_callback",),
            ".routing": ("CallbackRouter", "Routed"),
            ".presence": ("Presence", "SessionMonitor"),
            "._download": (
                "CHUNK_SIZE",
                "MAX_REDIRECTS",
                "Digest",
                "DownloadAnswer",
                "DownloadProgress",
                "DownloadResult",
                "DownloadSource",
                "check_download",
                "check_target",
                "download_answer",
                "download_source",
                "range_headers",
                "redirect_target",
                "safe_url",
            ),
            "._waiting": (
                "Poll",
                "WaitSpec",
                "archive_wait",
                "broadcast_wait",
                "render_wait",
                "wait_flow",
            ),
            "._signed": (
                "CallbackClaims",
                "MemorySeenStore",
                "SeenStore",
                "payload_hash",
                "sign_callback",
                "verify_callback",
            ),
            ".models.callbacks": (
                "ArchiveEvent",
                "BroadcastEvent",
                "CallbackEvent",
                "CaptionsEvent",
                "ConnectionCreated",
                "ConnectionDestroyed",
                "RenderEvent",
                "SessionCreated",
                "SessionDestroyed",
                "SipCallEvent",
                "StreamCreated",
                "StreamDestroyed",
                "UnknownEvent",
            ),
        },
    )

__all__ = [
    "CallbackRouter",
    "Routed",
    "Presence",
    "SessionMonitor",
    "CHUNK_SIZE",
    "MAX_REDIRECTS",
    "ArchiveNotDownloadable",
    "Digest",
    "DownloadAnswer",
    "DownloadError",
    "DownloadProgress",
    "DownloadResult",
    "DownloadSource",
    "IntegrityError",
    "check_download",
    "check_target",
    "download_answer",
    "download_source",
    "range_headers",
    "redirect_target",
    "safe_url",
    "ACCEPT_ENCODING",
    "MAX_RESPONSE_BODY",
    "PROXY_ADVICE",
    "NO_RETRY",
    "ApiError",
    "ApplicationCredentials",
    "ArchiveEvent",
    "ArchiveMode",
    "AsyncBound",
    "BodyReader",
    "Bound",
    "ArchiveModeValue",
    "ArchiveStatus",
    "AuthenticationError",
    "BadRequest",
    "ClientClosed",
    "BroadcastEvent",
    "BroadcastOptions",
    "CallbackClaims",
    "CallbackEvent",
    "CaptionsEvent",
    "Config",
    "Conflict",
    "ConnectError",
    "ConnectTimeout",
    "Failure",
    "ConnectionCreated",
    "ConnectionDestroyed",
    "Credentials",
    "DeferredHeaders",
    "HlsOutput",
    "InvalidSignature",
    "Layout",
    "LayoutType",
    "LayoutTypeValue",
    "MediaMode",
    "MemorySeenStore",
    "MediaModeValue",
    "MethodNotAllowed",
    "NotFound",
    "OpenTokError",
    "Operation",
    "OutputMode",
    "OutputModeValue",
    "Page",
    "PageCursor",
    "PayloadTooLarge",
    "Poll",
    "ProjectCredentials",
    "RateLimited",
    "RenderEvent",
    "Request",
    "RequestTimeout",
    "Resolution",
    "ResolutionValue",
    "Response",
    "RetryPolicy",
    "Role",
    "RoleValue",
    "RtmpOutput",
    "Runtime",
    "ScreenshareType",
    "SeenStore",
    "ScreenshareTypeValue",
    "Send",
    "ServerError",
    "SessionCreated",
    "SessionDestroyed",
    "SipCallEvent",
    "Sleep",
    "StreamCreated",
    "StreamDestroyed",
    "StreamMode",
    "StreamModeValue",
    "Timeout",
    "TokenClaims",
    "TLSError",
    "TokenError",
    "TransportError",
    "TransportTimeout",
    "Unbound",
    "UnexpectedResponse",
    "UnknownEvent",
    "ValidationError",
    "WaitFailed",
    "WaitSpec",
    "WaitTimeout",
    "__version__",
    "archive_wait",
    "broadcast_wait",
    "decode_session_id",
    "decode_token",
    "encode_session_id",
    "error_from_response",
    "finish",
    "generate_token",
    "append_user_agent",
    "causes",
    "conceal",
    "forget_secrets",
    "bind",
    "check_proxy",
    "make_config",
    "refuse_connection_settings",
    "parse_callback",
    "payload_hash",
    "prepare",
    "render_wait",
    "publish",
    "run",
    "sign_callback",
    "verify_callback",
    "transport_failure",
    "verify_token",
    "wait_flow",
]
__all__ += operations.__all__
__all__ += [name for name in models.__all__ if name not in __all__]

# Each name shows opentok_core as its module (reprs, tracebacks, pickles): see _lazy.publish.
publish(__name__, globals(), __all__)
