"""opentok_core: the pure heart of opentok-py.

No sockets, no clock, no randomness it is not handed. It validates input, describes requests,
parses responses into typed models, raises typed errors, mints auth headers and client tokens,
and holds the emulator. ``prepare`` and ``finish`` are the "bring your own transport" API.
"""

from __future__ import annotations

from ._config import Config, Timeout, make_config
from ._credentials import ApplicationCredentials, Credentials, ProjectCredentials
from ._errors import (
    ApiError,
    AuthenticationError,
    BadRequest,
    Conflict,
    ConnectError,
    ConnectTimeout,
    MethodNotAllowed,
    NotFound,
    OpenTokError,
    PayloadTooLarge,
    RateLimited,
    RequestTimeout,
    ServerError,
    TokenError,
    TransportError,
    TransportTimeout,
    UnexpectedResponse,
    ValidationError,
    error_from_response,
)
from ._flow import Runtime, Send, Sleep, run
from ._http import Request, Response
from ._layouts import Layout, LayoutType, ScreenshareType
from ._operation import Operation, finish, prepare
from ._pagination import Page, PageCursor
from ._retry import NO_RETRY, RetryPolicy
from ._session_ids import decode_session_id, encode_session_id
from ._tokens import TokenClaims, decode_token, generate_token, verify_token
from ._version import __version__
from .models import (
    Archive,
    ArchiveMode,
    ArchiveStatus,
    ArchiveStream,
    MediaMode,
    OutputMode,
    Resolution,
    Role,
    Session,
    StreamMode,
    Transcription,
)
from .operations import (
    AddArchiveStream,
    CreateSession,
    DeleteArchive,
    GetArchive,
    ListArchives,
    RemoveArchiveStream,
    SetArchiveLayout,
    StartArchive,
    StopArchive,
    TranscriptionProperties,
)

__all__ = [
    "NO_RETRY",
    "AddArchiveStream",
    "ApiError",
    "ApplicationCredentials",
    "Archive",
    "ArchiveMode",
    "ArchiveStatus",
    "ArchiveStream",
    "AuthenticationError",
    "BadRequest",
    "Config",
    "Conflict",
    "ConnectError",
    "ConnectTimeout",
    "CreateSession",
    "Credentials",
    "DeleteArchive",
    "GetArchive",
    "Layout",
    "LayoutType",
    "ListArchives",
    "MediaMode",
    "MethodNotAllowed",
    "NotFound",
    "OpenTokError",
    "Operation",
    "OutputMode",
    "Page",
    "PageCursor",
    "PayloadTooLarge",
    "ProjectCredentials",
    "RateLimited",
    "RemoveArchiveStream",
    "Request",
    "RequestTimeout",
    "Resolution",
    "Response",
    "RetryPolicy",
    "Role",
    "Runtime",
    "ScreenshareType",
    "Send",
    "ServerError",
    "Session",
    "SetArchiveLayout",
    "Sleep",
    "StartArchive",
    "StopArchive",
    "StreamMode",
    "Timeout",
    "TokenClaims",
    "TokenError",
    "Transcription",
    "TranscriptionProperties",
    "TransportError",
    "TransportTimeout",
    "UnexpectedResponse",
    "ValidationError",
    "__version__",
    "decode_session_id",
    "decode_token",
    "encode_session_id",
    "error_from_response",
    "finish",
    "generate_token",
    "make_config",
    "prepare",
    "run",
    "verify_token",
]
