"""How ``opentok`` shows results: aligned text for people, JSON for scripts.

Models print their public fields (never a field hidden from ``repr``, such as a password, nor
the raw JSON); listings print as a table followed by where the rows sit in the whole.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

import attrs

__all__ = ["COLUMNS", "Output", "cell", "fit", "render", "table", "text_lines", "to_data"]


@attrs.frozen
class Output:
    """A result shown differently to people and to scripts: ``text`` is printed as is, ``data``
    is what ``--json`` prints."""

    data: Any
    text: str


#: Columns of a listing, per model class name (other models show their first fields).
COLUMNS: dict[str, tuple[str, ...]] = {
    "Archive": ("id", "status", "name", "session_id", "created_at", "duration", "size"),
    "Broadcast": ("id", "status", "session_id", "created_at", "resolution"),
    "Stream": ("id", "video_type", "name", "layout_class_list"),
    "Render": ("id", "status", "session_id", "url", "created_at"),
}


def _public_fields(value: Any) -> list[attrs.Attribute]:  # type: ignore[type-arg]
    # Fields hidden from repr (secrets such as an archive password, the raw JSON) stay hidden.
    return [f for f in attrs.fields(type(value)) if f.repr is not False and f.name != "raw"]


def to_data(value: Any) -> Any:
    """What ``--json`` prints for a result: a model's public ``to_dict()`` (the SDK's one JSON
    form: snake_case fields, enum values, ISO 8601 times), another attrs value by its public
    fields the same way, lists and mappings item by item, plain JSON values as they are."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if attrs.has(type(value)):  # a value that is no model (a download's result): its fields
        return {f.name: to_data(getattr(value, f.name)) for f in _public_fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value


def cell(value: Any) -> str:
    """One value as short text for a table."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if attrs.has(type(value)):
        parts = (f"{f.name}={cell(getattr(value, f.name))}" for f in _public_fields(value))
        return " ".join(p for p in parts if not p.endswith("=-"))
    if isinstance(value, Mapping):
        return " ".join(f"{k}={cell(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value) or "-"
    return str(value)


def _key_values(pairs: Iterable[tuple[str, Any]]) -> list[str]:
    shown = [(k, cell(v)) for k, v in pairs if v not in (None, "", (), [])]
    width = max((len(k) for k, _ in shown), default=0)
    return [f"{k.ljust(width)}  {v}" for k, v in shown]


#: A column is never cut narrower than this (nor than its header).
MIN_COLUMN = 8


def fit(widths: Sequence[int], limit: int, floors: Sequence[int]) -> list[int]:
    """Column ``widths`` narrowed, widest first and none below its floor, until the row (with
    two spaces between columns) fits in ``limit`` characters, or no column can give more."""
    fitted = list(widths)
    excess = sum(fitted) + 2 * (len(fitted) - 1) - limit
    while excess > 0:
        shrinkable = [i for i, w in enumerate(fitted) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: fitted[i])
        fitted[widest] -= 1
        excess -= 1
    return fitted


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table(items: Sequence[Any], width: int | None = None) -> list[str]:
    """Rows of models (or mappings) as an aligned table with a header, as wide as ``width``
    (default: the terminal's, ``shutil.get_terminal_size``): long cells end in "…"."""
    if not items:
        return ["(none)"]
    first = items[0]
    if attrs.has(type(first)):
        names = COLUMNS.get(type(first).__name__) or tuple(
            f.name for f in _public_fields(first)[:6]
        )
        rows = [[cell(getattr(item, n, None)) for n in names] for item in items]
    else:
        names = tuple(first)
        rows = [[cell(item.get(n)) for n in names] for item in items]
    header = [n.upper() for n in names]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(names))]
    limit = shutil.get_terminal_size().columns if width is None else width
    # The first column (the id people copy) keeps its width; the others give way.
    floors = [widths[0], *(max(len(h), MIN_COLUMN) for h in header[1:])]
    widths = fit(widths, limit, floors)
    return [
        "  ".join(_clip(c, w).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]


def text_lines(value: Any, done: str) -> list[str]:
    """The readable form of a result."""
    if value is None:
        return [done]
    if isinstance(value, str):
        return [value]
    if attrs.has(type(value)) and isinstance(getattr(value, "items", None), tuple):
        # A listing (Page, StreamList): its rows, then where they sit in the whole.
        lines = table(list(value.items))
        offset = getattr(value, "offset", 0)
        first = offset + 1 if value.items else offset
        lines.append(f"({first}-{offset + len(value.items)} of {getattr(value, 'count', '?')})")
        return lines
    if isinstance(value, (list, tuple)):
        return table(list(value))
    if attrs.has(type(value)):
        return _key_values((f.name, getattr(value, f.name)) for f in _public_fields(value))
    if isinstance(value, Mapping):
        return _key_values(value.items())
    return [str(value)]


def render(value: Any, *, as_json: bool, done: str, out: TextIO) -> None:
    """Print a command's result: JSON (``{"ok": true}`` when there is nothing to show) or text."""
    if isinstance(value, Output):
        value = value.data if as_json else value.text
    if as_json:
        data = {"ok": True} if value is None else to_data(value)
        out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        out.write("\n".join(text_lines(value, done)) + "\n")
