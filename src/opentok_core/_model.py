"""Results as JSON-ready data: ``Model.to_dict()``, the one place that says how a result looks
as plain JSON (what a web view returns, what ``opentok --json`` prints).

The wire form is the other one: ``raw``, the JSON object the service sent, kept as it came on
each result read from a response (``Archive.from_json(archive.raw) == archive``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["Model", "json_ready"]


def _shown(cls: type) -> tuple[str, ...]:
    # Fields hidden from repr (secrets such as an archive's password) and the raw wire JSON
    # are left out; everything else is data.
    return tuple(f.name for f in attrs.fields(cls) if f.repr is not False and f.name != "raw")


def json_ready(value: Any) -> Any:
    """``value`` with models as dicts of their snake_case fields, enums as their values,
    datetimes as ISO 8601 text, tuples as lists: only what ``json.dumps`` takes."""
    if attrs.has(type(value)):
        return {name: json_ready(getattr(value, name)) for name in _shown(type(value))}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    return value


class Model:
    """What every result model can do besides holding its fields."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """This model as JSON-ready data: its snake_case fields (nested models as dicts), enum
        members as their values, datetimes as ISO 8601 text; no ``raw`` and no secret (a field
        hidden from ``repr``, as an archive's password). ``json.dumps(m.to_dict())`` works."""
        data: dict[str, Any] = json_ready(self)
        return data
