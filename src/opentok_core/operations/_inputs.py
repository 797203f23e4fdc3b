"""Input checks shared by the signaling, SIP, render, audio connector and captions operations.

Each raises ``ValidationError(field, problem)`` before anything is sent. They complement
``_validate.py`` with the rules these endpoints document: byte-length limits, URL shapes,
client tokens and the official SDK's plain-dict options (converted to typed values here, with
unknown keys refused so a typo never silently drops an option).

The ``as_*`` functions are typed converters for fields several operations share (see the notes
in ``_validate.py``): each names the field it serves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias
from urllib.parse import urlsplit

from opentok_core._errors import ValidationError
from opentok_core._layouts import Layout, to_layout
from opentok_core._paths import quote
from opentok_core._validate import check_str, id_list, str_map, to_enum
from opentok_core.models.enums import (
    Resolution,
    ResolutionValue,
    StreamMode,
    StreamModeValue,
)

__all__ = [
    "StringMap",
    "as_layout",
    "as_resolution",
    "as_stream_mode",
    "as_streams",
    "check_http_url",
    "check_token",
    "check_utf8",
    "check_ws_url",
    "mapping_keys",
    "session_path",
    "string_pairs",
]


#: What a ``headers`` field takes: a mapping, or the pairs a typed value already holds.
StringMap: TypeAlias = Mapping[str, str] | tuple[tuple[str, str], ...]


def string_pairs(field: str, value: object) -> tuple[tuple[str, str], ...]:
    """A mapping of strings to strings as pairs; pairs already made are accepted too (so typed
    options can be rebuilt with ``attrs.evolve``), and checked the same way."""
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        value = dict(value)
    return str_map(field, value)


def session_path(session_id: str, *rest: str) -> str:
    """``/session/{sessionId}/...`` with every segment percent-encoded."""
    return "/session/" + "/".join(quote(p) for p in (session_id, *rest))


def check_utf8(field: str, value: object, *, max_bytes: int, required: bool = True) -> str:
    """Require a string whose UTF-8 encoding is at most ``max_bytes`` long."""
    text = check_str(field, value, min_len=1 if required else 0)  # refuses lone surrogates
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise ValidationError(field, f"must be at most {max_bytes} bytes of UTF-8 (got {size})")
    return text


def check_http_url(field: str, value: object, *, min_len: int = 1, max_len: int = 2048) -> str:
    """Require an absolute http(s) URL of bounded length with no whitespace."""
    text = check_str(field, value, min_len=min_len, max_len=max_len)
    return _check_url(field, text, ("http", "https"))


def check_ws_url(field: str, value: object, *, max_len: int = 2048) -> str:
    """Require an absolute ws:// or wss:// URL."""
    text = check_str(field, value, min_len=1, max_len=max_len)
    return _check_url(field, text, ("ws", "wss"))


def _check_url(field: str, text: str, schemes: tuple[str, ...]) -> str:
    if re.search(r"\s", text):
        raise ValidationError(field, "must not contain whitespace")
    try:
        parts = urlsplit(text)
    except ValueError:
        raise ValidationError(field, "is not a valid URL") from None
    allowed = " or ".join(f"{s}://" for s in schemes)
    if parts.scheme.lower() not in schemes or not parts.netloc:
        raise ValidationError(field, f"must be an absolute {allowed} URL (got {text[:60]!r})")
    return text


#: A client token is a few KB at most (data and layout classes are capped at 1000 characters
#: each); anything far longer is not a token.
MAX_TOKEN_LENGTH = 16 * 1024


def check_token(field: str, value: object) -> str:
    """Require a client token: a non-empty single-line string (its value is never echoed)."""
    if not isinstance(value, str):
        raise ValidationError(field, f"must be a string, not {type(value).__name__}")
    if not value.strip():
        raise ValidationError(field, "must not be empty")
    if len(value) > MAX_TOKEN_LENGTH:
        raise ValidationError(field, f"must be at most {MAX_TOKEN_LENGTH} characters")
    if any(c < " " or c == "\x7f" for c in value):
        raise ValidationError(field, "must be a single line without control characters")
    if any("\ud800" <= c <= "\udfff" for c in value):  # cannot be encoded for the wire
        raise ValidationError(field, "must be valid Unicode (it contains a lone surrogate)")
    return value


def mapping_keys(field: str, value: object, allowed: tuple[str, ...]) -> Mapping[str, Any]:
    """Require a mapping whose keys are all in ``allowed`` (the official SDK's dict keys)."""
    if not isinstance(value, Mapping):
        raise ValidationError(field, f"must be a mapping, not {type(value).__name__}")
    unknown = [k for k in value if k not in allowed]
    if unknown:
        known = ", ".join(repr(k) for k in allowed)
        raise ValidationError(f"{field}[{unknown[0]!r}]", f"is not a known key (known: {known})")
    return value


def as_stream_mode(value: StreamMode | StreamModeValue) -> StreamMode:
    """The ``stream_mode`` of an archive or broadcast."""
    return to_enum(StreamMode, "stream_mode", value)


def as_resolution(value: Resolution | ResolutionValue) -> Resolution:
    """The ``resolution`` of an archive or render."""
    return to_enum(Resolution, "resolution", value)


def as_layout(value: Layout | Mapping[str, Any] | str) -> Layout:
    """The ``layout`` of an archive or broadcast: a Layout, the official dict or a type."""
    return to_layout("layout", value)


def as_streams(value: Iterable[str]) -> tuple[str, ...]:
    """The ``streams`` (stream ids) a SIP call or an audio connection includes."""
    return id_list("streams", value)
