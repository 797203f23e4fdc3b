"""The operation shape and the two generic functions every client drives.

An operation is a frozen attrs value holding validated inputs. It knows how to ``build`` its
(unsigned) request and ``parse`` a success response. ``prepare`` adds auth; ``finish`` turns a
response into the operation's result or raises the right ``OpenTokError``. Adapters call these
two and nothing operation-specific.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Protocol, TypeVar

from ._config import Config
from ._errors import OpenTokError, error_from_response, unexpected
from ._http import Request, Response, encode_json, plain_request, signed
from ._retry import parse_retry_after

__all__ = ["Operation", "finish", "json_request", "prepare"]

T_co = TypeVar("T_co", covariant=True)
T = TypeVar("T")

#: Exceptions a parser may raise on malformed data; finish() turns them into UnexpectedResponse.
_PARSE_ERRORS = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    RecursionError,
)


class Operation(Protocol[T_co]):
    """One REST call: ``name`` (the ``spec/operations.toml`` key), ``build`` and ``parse``.

    The SDK's own operations also declare ``endpoint`` (``opentok_core._endpoint.Endpoint``):
    method, path, success status and the meanings of error statuses. An operation of your own
    may instead set ``meanings``, mapping an error status to what it means for it; either way
    that refines the error message, never the error class.
    """

    name: ClassVar[str]

    def build(self, config: Config) -> Request: ...

    def parse(self, response: Response) -> T_co: ...


def json_request(
    config: Config,
    method: str,
    path: str,
    payload: Any = None,
    *,
    project: bool = True,
    form: bytes | None = None,
) -> Request:
    """An unsigned request to ``path`` (under ``/v2/project/{id}`` when ``project``), with a
    compact JSON body when ``payload`` is not None, or the form-encoded body ``form``."""
    url = (config.project_url if project else config.api_url) + path
    agent = config.user_agent
    headers: tuple[tuple[str, str], ...] = (
        ("accept", "application/json"),
        ("user-agent", agent if type(agent) is str else str(agent)),  # lower-case str pairs
    )
    body = b""
    if form is not None:
        body = form
        headers += (("content-type", "application/x-www-form-urlencoded"),)
    elif payload is not None:
        body = encode_json(payload)
        headers += (("content-type", "application/json"),)
    return plain_request(method, url, headers, body)


def prepare(
    operation: Operation[Any], config: Config, *, now: float, jti: str, attempt: int = 1
) -> Request:
    """Build ``operation``'s request and sign it with a fresh auth JWT minted at ``now``.

    The request carries the operation's name and ``attempt`` (which try this is), for the
    transport's errors.
    """
    request = operation.build(config)
    header = config.credentials.auth_header(now, jti)
    if type(request) is Request:  # validated and normalised already: not rebuilt
        return signed(request, header, operation=operation.name, attempt=attempt)
    return Request(  # a custom build's own value (a subclass, a look-alike): checked in full
        method=request.method,
        url=request.url,
        headers=(*request.headers, header),
        body=request.body,
        operation=operation.name,
        attempt=attempt,
    )


def _meanings(operation: object) -> Mapping[int, str] | None:
    # An operation of ours declares them on its endpoint; one of yours may set ``meanings``.
    endpoint = getattr(operation, "endpoint", None)
    if endpoint is not None:
        return endpoint.meanings  # type: ignore[no-any-return]
    return getattr(operation, "meanings", None)


def finish(operation: Operation[T], response: Response, *, attempts: int = 1) -> T:
    """Return ``operation``'s result for a 2xx ``response``, or raise the matching error.

    Whatever the status, headers and body, this returns a result or raises an OpenTokError:
    a parse failure on a 2xx becomes UnexpectedResponse, never a KeyError or JSONDecodeError.
    ``attempts`` (how many tries the call made, this response's included) goes into the error.
    """
    if not 200 <= response.status <= 299:
        # The wait a 429 asks for, read as the retry policy reads it.
        hint = parse_retry_after(response.header("retry-after"))
        meanings = _meanings(operation)
        raise error_from_response(
            operation.name, response, meanings, attempts=attempts, retry_after=hint
        )
    if response.truncated:
        why = f"the body exceeded {len(response.body)} bytes and was cut"
        raise unexpected(operation.name, response, why, attempts=attempts)
    if response.undecodable:
        why = f"the body could not be decoded: {response.undecodable}"
        raise unexpected(operation.name, response, why, attempts=attempts)
    try:
        return operation.parse(response)
    except OpenTokError:
        raise
    except _PARSE_ERRORS as exc:
        why = f"{type(exc).__name__}: {exc}"
        raise unexpected(operation.name, response, why, attempts=attempts) from exc
