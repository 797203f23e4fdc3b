"""OpenTok session ids: decode them (to check they belong to a project) and mint them (the
emulator). Layout (spec/service.md#session-ids): ``1_`` + base64url of
``1~<apiKey>~<location>~<date>~<rand>~``.
"""

from __future__ import annotations

import base64
import binascii
import functools
from typing import NamedTuple
from urllib.parse import quote_plus

from ._errors import ValidationError
from ._jwt import json_str
from ._validate import check_id

__all__ = [
    "SessionIdInfo",
    "decode_session_id",
    "encode_session_id",
    "session_belongs_to",
    "session_fields",
    "session_info",
]


def decode_session_id(session_id: str) -> list[str]:
    """The ``~``-separated fields inside ``session_id``; ValidationError if it does not decode."""
    return list(session_fields(session_id))


def session_fields(session_id: str) -> tuple[str, ...]:
    """``decode_session_id`` as a tuple, remembered for the most recent session ids."""
    return session_info(session_id).fields


class SessionIdInfo(NamedTuple):
    """What token minting needs of a session id: its decoded fields, the id as a JSON string
    literal (what ``json.dumps`` writes for it in the claims) and as a form value (what
    ``urlencode`` writes for it in a T1 token's data string)."""

    fields: tuple[str, ...]
    json: str
    form: str


def session_info(session_id: str) -> SessionIdInfo:
    """The decoded fields, JSON literal and form value of ``session_id``, remembered for the
    last 1024 ids.

    Token minting checks the session id of every token, and a video app mints many tokens for
    the same few sessions. Only valid ids are kept (a ValidationError is raised again each
    time).
    """
    if not isinstance(session_id, str):
        check_id("session_id", session_id)  # raises the usual "must be a string" error
    return _info(session_id)


@functools.lru_cache(maxsize=1024)
def _info(session_id: str) -> SessionIdInfo:
    sid = check_id("session_id", session_id, max_len=255)
    body = sid[2:] if len(sid) > 2 and sid[1] == "_" else sid
    raw = body.replace("-", "+").replace("_", "/")
    try:
        text = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise ValidationError("session_id", "is not a valid OpenTok session id") from None
    parts = tuple(text.split("~"))
    if len(parts) < 3:
        raise ValidationError("session_id", "is not a valid OpenTok session id")
    return SessionIdInfo(parts, json_str(sid), quote_plus(sid))


def session_belongs_to(session_id: str, project_id: str) -> bool:
    """Whether the decoded session id names ``project_id`` in its api-key field."""
    return session_fields(session_id)[1] == project_id


def encode_session_id(project_id: str, location: str, created: str, rand: str) -> str:
    """Mint a session id in the real layout (for the emulator and test strategies)."""
    text = f"1~{project_id}~{location}~{created}~{rand}~"
    return "1_" + base64.urlsafe_b64encode(text.encode("utf-8")).rstrip(b"=").decode("ascii")
