"""The exception tree. Every exception the SDK raises on purpose derives from OpenTokError.

::

    OpenTokError(Exception)
    ├── ValidationError(OpenTokError, ValueError)   bad input, raised before any I/O
    ├── TokenError(OpenTokError)                    a client token that does not verify or decode
    ├── ClientClosed(OpenTokError)                  a call on a client after close()/aclose()

    ├── InvalidSignature(OpenTokError)              a callback whose signed JWT does not verify
    ├── WaitFailed(OpenTokError)                    a waiter saw a status it cannot leave
    ├── WaitTimeout(OpenTokError)                   a waiter ran out of time (``last`` seen)
    ├── DownloadError(OpenTokError)                 an archive download failed
    │   ├── ArchiveNotDownloadable(DownloadError)   no url: ``reason`` uploaded, not_ready, ...
    │   └── IntegrityError(DownloadError)           size or SHA-256 not the archive's
    ├── TransportError(OpenTokError)                the exchange failed (network, TLS, reset)
    │   ├── ConnectError(TransportError)            never reached the server: always safe to retry
    │   │   └── TLSError(ConnectError)              certificate or handshake failure: not retried
    │   ├── TransportTimeout(TransportError)        connect or read timeout
    │   └── ConnectTimeout(ConnectError, TransportTimeout)
    └── ApiError(OpenTokError)                      the service answered with a non-success status
        ├── BadRequest             400
        ├── AuthenticationError    401 / 403 (bad credentials, expired or skewed auth JWT)
        ├── NotFound               404
        ├── MethodNotAllowed       405 (e.g. stream selection while stream mode is auto)
        ├── RequestTimeout         408 (the service's "Request timed out", or an invalid stream id)
        ├── Conflict               409 (wrong state: relayed session, already recording, ...)
        ├── PayloadTooLarge        413
        ├── RateLimited            429 (``retry_after`` in seconds when the header is present)
        ├── ServerError            5xx
        └── UnexpectedResponse     a 2xx we could not parse, or an undocumented status

Exceptions are classified by what the caller can do, not by feature: ``except NotFound`` works
for archives, broadcasts and streams alike. The operation-specific meaning goes in the message.
Secrets never reach these messages: only the status, the server's code/message and a bounded
excerpt of the body.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._http import Request, Response

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequest",
    "ClientClosed",
    "Conflict",
    "ConnectError",
    "ConnectTimeout",
    "MethodNotAllowed",
    "NotFound",
    "OpenTokError",
    "PayloadTooLarge",
    "RateLimited",
    "RequestTimeout",
    "ServerError",
    "TLSError",
    "TokenError",
    "TransportError",
    "TransportTimeout",
    "UnexpectedResponse",
    "ValidationError",
    "ArchiveNotDownloadable",
    "DownloadError",
    "IntegrityError",
    "InvalidSignature",
    "WaitFailed",
    "WaitTimeout",
    "error_from_response",
]

#: How much of a response body an error keeps, so a huge HTML page cannot bloat logs.
EXCERPT_LIMIT = 500


class OpenTokError(Exception):
    """Root of every error the SDK raises on purpose.

    ``attempts`` is how many HTTP attempts the call made before raising (1 when it was not
    retried, 0 when it failed before any I/O). It is given when the error is built: the flow
    knows the count when it raises, and nothing sets it afterwards.

    Every subclass pickles with all its attributes, whatever its constructor's signature.
    """

    def __init__(self, *args: object, attempts: int = 0) -> None:
        super().__init__(*args)
        self.attempts = attempts

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce calls ``cls(*self.args)``, which keyword-only constructors
        # (ApiError's operation and status) refuse. Rebuild without __init__ instead: the
        # args (the message) and every attribute, as they were.
        return (_unpickle, (type(self), self.args), self.__dict__)


def _unpickle(cls: type[OpenTokError], args: tuple[object, ...]) -> OpenTokError:
    return cls.__new__(cls, *args)


class ValidationError(OpenTokError, ValueError):
    """Bad input, caught before any request is sent. ``field`` names the offending argument."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class TokenError(OpenTokError):
    """A client token that cannot be decoded or whose signature does not verify."""


class ClientClosed(OpenTokError):
    """A call on a client after its ``close()`` / ``aclose()``: nothing is sent and no
    connection is opened. ``operation`` names the call refused."""

    def __init__(self, operation: str, client: str) -> None:
        super().__init__(
            f"{operation}: this {client} is closed (close(), aclose() or the end of its with "
            f"block): make a new {client} to call again"
        )
        self.operation = operation
        self.client = client


class InvalidSignature(OpenTokError):
    """A callback request that did not come, unchanged and once, from the service: answer it
    with HTTP 401. ``reason`` is one word (``malformed``, ``algorithm``, ``signature``,
    ``payload_hash``, ``stale``, ``future``, ``expired``, ``issuer``, ``api_key``,
    ``application_id``, ``replayed``); the message says more, never the secret."""

    def __init__(self, reason: str, problem: str) -> None:
        super().__init__(f"callback refused ({reason}): {problem}")
        self.reason = reason
        self.problem = problem


class WaitFailed(OpenTokError):
    """A waiter saw the resource reach a status it cannot leave for the one waited for (an
    archive failed, expired or deleted; a render failed). ``resource`` is the model last read,
    ``state`` its status."""

    def __init__(self, message: str, *, resource: object = None, state: str = "") -> None:
        super().__init__(message)
        self.resource = resource
        self.state = state


class WaitTimeout(OpenTokError):
    """A waiter's ``timeout`` passed first. ``last`` is the model last read (None if no poll
    answered), ``state`` its status, ``waited`` the seconds waited."""

    def __init__(
        self, message: str, *, last: object = None, state: str = "", waited: float = 0.0
    ) -> None:
        super().__init__(message)
        self.last = last
        self.state = state
        self.waited = waited


class DownloadError(OpenTokError):
    """An archive download failed: the storage answered an error status, redirected to
    another host, or gave a malformed ranged answer. ``archive_id`` names the archive; the
    storage URL's query (its signature) is never in the message."""

    def __init__(self, message: str, *, archive_id: str = "") -> None:
        super().__init__(f"archive {archive_id}: {message}" if archive_id else message)
        self.archive_id = archive_id


class ArchiveNotDownloadable(DownloadError):
    """The archive has no ``url`` to download from; ``reason`` says why: ``uploaded`` (it went
    to your own S3 or Azure storage: fetch it there), ``not_ready`` (not available yet: wait
    for it), ``expired``, ``deleted``, ``failed`` or ``no_url``."""

    def __init__(self, message: str, *, archive_id: str = "", reason: str = "no_url") -> None:
        super().__init__(message, archive_id=archive_id)
        self.reason = reason


class IntegrityError(DownloadError):
    """The bytes downloaded are not the archive's: the size or the SHA-256 differs from what
    the archive says (``expected`` and ``got``). A file written from a path is removed."""

    def __init__(
        self, message: str, *, archive_id: str = "", expected: str = "", got: str = ""
    ) -> None:
        super().__init__(message, archive_id=archive_id)
        self.expected = expected
        self.got = got


class TransportError(OpenTokError):
    """The HTTP exchange failed before a complete response arrived (chained from the library's
    own exception). ``operation`` names the call that failed.

    A transport builds it from the request it was handed, ``TransportError(message,
    request=request)``: the error takes the request's ``operation`` and ``attempt`` (not the
    request itself, which carries the auth JWT). A transport that raises a bare
    ``TransportError(message)`` still gives the caller a complete error: the flow raises in its
    place the same class built with the message and the request. A subclass of the
    transport's own is raised as itself, given the operation and attempt count (see
    ``opentok_core.run``).
    """

    def __init__(self, message: str, *, request: Request | None = None) -> None:
        operation = request.operation if request is not None else ""
        super().__init__(
            f"{operation}: {message}" if operation else message,
            attempts=request.attempt if request is not None else 0,
        )
        self.operation = operation
        self.message = message


class ConnectError(TransportError):
    """The connection could not be opened: the request provably never reached the server."""


class TLSError(ConnectError):
    """The TLS handshake failed: an untrusted or expired certificate, a host name it does not
    cover, no protocol in common. Nothing was sent; retrying does not help (a certificate does
    not fix itself in a second), so no retry policy retries it."""


class TransportTimeout(TransportError):
    """A connect or read timeout elapsed."""


class ConnectTimeout(ConnectError, TransportTimeout):
    """The connection could not be opened in time: never reached the server."""


class ApiError(OpenTokError):
    """The service answered with a status that is not a success.

    Carries ``status``, the server's ``code``, ``message`` and ``description`` when the body had
    them, the ``operation`` name, a bounded ``excerpt`` of the body, the ``response`` itself and
    the ``attempts`` made.
    """

    def __init__(
        self,
        message: str,
        *,
        operation: str,
        status: int,
        code: int | None = None,
        description: str | None = None,
        excerpt: str = "",
        response: Response | None = None,
        attempts: int = 0,
    ) -> None:
        super().__init__(f"{operation}: HTTP {status}: {message}", attempts=attempts)
        self.message = message
        self.operation = operation
        self.status = status
        self.code = code
        self.description = description
        self.excerpt = excerpt
        self.response = response


class BadRequest(ApiError):
    """400: the service rejected the request's parameters."""


class AuthenticationError(ApiError):
    """401/403: bad credentials, or an auth JWT that is expired or not yet valid."""


class NotFound(ApiError):
    """404: the session, archive, broadcast, stream or connection does not exist."""


class MethodNotAllowed(ApiError):
    """405: the operation is not allowed in the resource's current mode."""


class RequestTimeout(ApiError):
    """408: the service timed out, or (get_stream) the stream id is invalid."""


class Conflict(ApiError):
    """409: the resource is in the wrong state for this operation."""


class PayloadTooLarge(ApiError):
    """413: a field (e.g. signal type or data) is too large."""


class RateLimited(ApiError):
    """429: too many requests. ``retry_after`` holds the server's hint in seconds, if any."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx: the service failed."""


class UnexpectedResponse(ApiError):
    """A success status whose body we could not read, or a status the API does not document."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequest,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFound,
    405: MethodNotAllowed,
    408: RequestTimeout,
    409: Conflict,
    413: PayloadTooLarge,
    429: RateLimited,
}

_GENERIC: dict[int, str] = {
    400: "the request was invalid",
    401: "authentication failed: check the API key and secret",
    403: "authentication failed: check the API key and secret",
    404: "not found",
    405: "method not allowed",
    408: "the request timed out",
    409: "conflict with the current state",
    413: "request entity too large",
    429: "rate limited",
}

# What an auth failure caused by a wrong local clock looks like in the server's message: the JWT
# is "expired", "not yet valid" / "issued in the future", or its iat/exp/nbf claim is rejected.
# Whole words only ("iat" must not match "immediately").
_SKEW_HINT = re.compile(
    r"\b(expired|not (yet )?valid( yet)?|issued in the future|future|iat|nbf|exp|clock|skew)\b",
    re.IGNORECASE,
)


def excerpt(body: bytes, limit: int = EXCERPT_LIMIT) -> str:
    """Decode at most ``limit`` characters of ``body`` for an error message."""
    text = body[: limit * 4].decode("utf-8", "replace")
    return text if len(text) <= limit else text[:limit] + "…"


def _error_body(body: bytes) -> tuple[int | None, str | None, str | None]:
    """Pull ``{code, message, description}`` out of a REST error body, tolerating anything."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None, None, None
    if not isinstance(data, Mapping):
        return None, None, None
    code = data.get("code")
    message = data.get("message")
    description = data.get("description")
    return (
        code if isinstance(code, int) and not isinstance(code, bool) else None,
        message if isinstance(message, str) and message else None,
        description if isinstance(description, str) and description else None,
    )


def _without_repeats(ours: str, theirs: str | None) -> str:
    """Our meaning of the status, then the server's message unless one already says the other
    ("archive not found" and "Archive not found." are said once, the longer kept)."""
    if not theirs:
        return ours
    a, b = (" ".join(t.lower().rstrip(".!").split()) for t in (ours, theirs))
    if b in a:
        return ours
    if a in b:
        return theirs
    return f"{ours} — {theirs}"


def error_from_response(
    operation: str,
    response: Response,
    meanings: Mapping[int, str] | None = None,
    *,
    attempts: int = 1,
    retry_after: float | None = None,
) -> ApiError:
    """Build the ApiError for a non-success ``response`` of ``operation``.

    ``meanings`` is the operation's table of what a status means for it (e.g. 409 on
    start_archive: "session is relayed or already being recorded"); it refines the message,
    never the class. ``attempts`` is how many tries the call made, this one included.
    ``retry_after`` is the response's ``Retry-After`` in seconds, which a 429 carries as
    ``RateLimited.retry_after``: ``finish`` reads it with the retry policy's parser
    (``_retry.parse_retry_after``), which this module, imported by the policy, cannot import.
    """
    status = response.status
    code, server_message, description = _error_body(response.body)
    meaning = (meanings or {}).get(status)
    generic = _GENERIC.get(status, "server error" if status >= 500 else "unexpected status")
    message = _without_repeats(meaning or generic, server_message)
    # A proxy or gateway may answer in plain text: look at the raw excerpt when JSON gave nothing.
    said = " ".join(p for p in (server_message, description) if p) or excerpt(response.body, 200)
    if status in (401, 403) and _SKEW_HINT.search(said):
        message += (
            " (the auth token was judged expired or not yet valid: the likely cause is clock "
            "skew, this machine's clock being more than about a minute ahead of or three minutes "
            "behind the service's; synchronise it, e.g. with NTP)"
        )
    kwargs: dict[str, Any] = {
        "operation": operation,
        "status": status,
        "code": code,
        "description": description,
        "excerpt": excerpt(response.body),
        "response": response,
        "attempts": attempts,
    }
    cls = _BY_STATUS.get(status)
    if cls is RateLimited:
        return RateLimited(message, retry_after=retry_after, **kwargs)
    if cls is None:
        cls = ServerError if 500 <= status <= 599 else UnexpectedResponse
    return cls(message, **kwargs)


def unexpected(
    operation: str, response: Response, why: str, *, attempts: int = 1
) -> UnexpectedResponse:
    """The error for a success status whose body we could not read."""
    return UnexpectedResponse(
        f"could not read the response: {why}",
        operation=operation,
        status=response.status,
        excerpt=excerpt(response.body),
        response=response,
        attempts=attempts,
    )
