"""Readers for server JSON. Each raises ValueError on a wrong type, which ``finish`` turns into
UnexpectedResponse: a model is either well-formed or not built at all.

Unknown enum values from the server are kept as their raw string (the service may add states).
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Mapping
from typing import Any, TypeVar

from opentok_core._http import Response, decode_json

E = TypeVar("E", bound=enum.Enum)


def json_object(response: Response) -> Mapping[str, Any]:
    """The response body as a JSON object."""
    data = decode_json(response.body)
    return obj(data, "body")


def obj(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{what} must be a JSON object, got {type(value).__name__}")
    return value


def req_str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key!r} must be a non-empty string")
    return value


def opt_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string")
    return value


def opt_int(data: Mapping[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{key!r} must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{key!r} must be a finite number")
    return int(value)


def opt_bool(data: Mapping[str, Any], key: str) -> bool | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise ValueError(f"{key!r} must be a boolean")
    return value


def opt_list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError(f"{key!r} must be a list")
    return value


def str_tuple(data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    items = opt_list(data, key)
    if not all(isinstance(x, str) for x in items):
        raise ValueError(f"{key!r} must be a list of strings")
    return tuple(items)


def project_id(data: Mapping[str, Any]) -> str | None:
    """The owning project: ``projectId`` (OpenTok), ``partnerId`` (legacy) or
    ``applicationId`` (Vonage), a string or a number on the wire."""
    for key in ("projectId", "partnerId", "applicationId"):
        value = data.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return None


def opt_enum(cls: type[E], data: Mapping[str, Any], key: str) -> E | str | None:
    value = opt_str(data, key)
    if value is None:
        return None
    try:
        return cls(value)
    except ValueError:
        return value


def ms_time(data: Mapping[str, Any], key: str) -> dt.datetime | None:
    """An epoch-milliseconds field as an aware UTC datetime."""
    value = opt_int(data, key)
    if value is None:
        return None
    try:
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.timezone.utc)
    except (OverflowError, OSError, ValueError) as exc:
        # A timestamp beyond what the platform's datetime holds (OSError on Linux).
        raise ValueError(f"{key!r} is not a representable time: {value}") from exc
