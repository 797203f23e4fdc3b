"""URL building: every id that goes into a path is percent-encoded (the official SDK
concatenates raw ids: spec/service.md#py-raw-ids-in-paths)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote as _quote
from urllib.parse import urlencode

__all__ = ["query", "quote"]


def quote(segment: str) -> str:
    """Percent-encode one path segment: ``/ ? # %`` and non-ASCII never leak into the path."""
    return _quote(segment, safe="")


def query(pairs: Iterable[tuple[str, object]]) -> str:
    """A ``?a=b`` query string from the pairs whose value is not None ("" when none are)."""
    kept = [(k, str(v)) for k, v in pairs if v is not None]
    return "?" + urlencode(kept) if kept else ""
