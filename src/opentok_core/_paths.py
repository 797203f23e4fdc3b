"""URL building: every id that goes into a path is percent-encoded (the official SDK
concatenates raw ids: spec/service.md#py-raw-ids-in-paths)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote as _quote
from urllib.parse import urlencode

__all__ = ["query", "quote"]


#: Dot segments, which RFC 3986 5.2.4 removes (a proxy or server would move the request up a
#: level): their dots are encoded, so an id of ".." stays an id.
_DOT_SEGMENTS = {".": "%2E", "..": "%2E%2E"}


def quote(segment: str) -> str:
    """Percent-encode one path segment: ``/ ? # %``, non-ASCII and dot segments never leak
    into the path."""
    return _DOT_SEGMENTS.get(segment) or _quote(segment, safe="")


def query(pairs: Iterable[tuple[str, object]]) -> str:
    """A ``?a=b`` query string from the pairs whose value is not None ("" when none are)."""
    kept = [(k, str(v)) for k, v in pairs if v is not None]
    return "?" + urlencode(kept) if kept else ""
