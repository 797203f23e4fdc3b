"""Input checks shared by operations and tokens. Each raises ValidationError naming the field.

They are written as plain functions (and attrs validators built from them) so the message
always says which argument was wrong and why, before anything is sent.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

import attrs

from ._errors import ValidationError

__all__ = ["check_id", "check_str", "to_enum"]

E = TypeVar("E", bound=enum.Enum)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Lone surrogates pass ``isinstance(x, str)`` but cannot be encoded as UTF-8 for the wire.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _unicode(field: str, value: str) -> str:
    if _SURROGATE.search(value):
        raise ValidationError(field, "must be valid Unicode (it contains a lone surrogate)")
    return value


def check_str(field: str, value: object, *, min_len: int = 0, max_len: int | None = None) -> str:
    """Require a ``str`` of bounded length."""
    if not isinstance(value, str):
        raise ValidationError(field, f"must be a string, not {type(value).__name__}")
    if len(value) < min_len:
        raise ValidationError(
            field, "must not be empty" if min_len == 1 else f"must be at least {min_len} characters"
        )
    if max_len is not None and len(value) > max_len:
        raise ValidationError(field, f"must be at most {max_len} characters (got {len(value)})")
    return _unicode(field, value)


def check_id(field: str, value: object, max_len: int = 1024) -> str:
    """Require a non-empty id string without control characters."""
    text = check_str(field, value, min_len=1, max_len=max_len)
    if _CONTROL.search(text):
        raise ValidationError(field, "must not contain control characters")
    if text.strip() != text:
        raise ValidationError(field, "must not start or end with whitespace")
    return text


def check_bool(field: str, value: object) -> bool:
    """Require a real ``bool`` (not 0/1 or "true")."""
    if not isinstance(value, bool):
        raise ValidationError(field, f"must be a bool, not {type(value).__name__}")
    return value


def check_int(field: str, value: object, *, lo: int | None = None, hi: int | None = None) -> int:
    """Require an ``int`` (not bool) in ``[lo, hi]``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, f"must be an integer, not {type(value).__name__}")
    if lo is not None and value < lo:
        raise ValidationError(field, f"must be at least {lo} (got {value})")
    if hi is not None and value > hi:
        raise ValidationError(field, f"must be at most {hi} (got {value})")
    return value


def to_enum(cls: type[E], field: str, value: object) -> E:
    """Accept an enum member or its wire value (case-insensitively) and return the member."""
    if isinstance(value, cls):
        return value
    if isinstance(value, enum.Enum):
        # e.g. the official SDK's own MediaModes / ArchiveModes members
        value = value.value
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
        for member in cls:
            if isinstance(member.value, str) and member.value.lower() == value.lower():
                return member
    allowed = ", ".join(repr(m.value) for m in cls)
    raise ValidationError(field, f"must be one of {allowed} (got {value!r})")


def str_list(field: str, value: object, *, max_items: int | None = None) -> tuple[str, ...]:
    """Require an iterable of strings (not a bare string) and return it as a tuple."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValidationError(field, "must be a list of strings")
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise ValidationError(f"{field}[{i}]", f"must be a string, not {type(item).__name__}")
        _unicode(f"{field}[{i}]", item)
    if max_items is not None and len(items) > max_items:
        raise ValidationError(field, f"must have at most {max_items} items (got {len(items)})")
    return items


def id_list(field: str, value: object) -> tuple[str, ...]:
    """Require an iterable of ids."""
    items = str_list(field, value)
    return tuple(check_id(f"{field}[{i}]", item) for i, item in enumerate(items))


def str_map(field: str, value: object) -> tuple[tuple[str, str], ...]:
    """Require a mapping of strings to strings and return it as sorted-stable pairs."""
    if not isinstance(value, Mapping):
        raise ValidationError(field, f"must be a mapping of strings, not {type(value).__name__}")
    pairs = []
    for k, v in value.items():
        if not isinstance(k, str) or not isinstance(v, str):
            raise ValidationError(f"{field}[{k!r}]", "keys and values must be strings")
        pairs.append((_unicode(field, k), _unicode(f"{field}[{k!r}]", v)))
    return tuple(pairs)


# attrs glue: validators and converters that know their field's name. --------------------
#
# Two ways to declare a checked field, by what it accepts:
#
# * exactly its annotated type (an id ``str``, a ``bool``, an ``int | None``): a helper below,
#   ``session_id: str = id_field()``. Its converter gets the field and names it in the error.
#
# * more (a wire string for an enum, the official dict for options, any iterable for a tuple):
#   ``attrs.field(converter=f)`` in the class, ``f`` a typed def such as
#   ``def _media_mode(value: MediaMode | str) -> MediaMode`` (in
#   ``attrs.converters.optional(f)`` when None is allowed). mypy's attrs plugin types the
#   ``__init__`` parameter from such a def's first parameter; it reads no ``attrs.Converter``
#   and no helper call (mypy 2.4; python/mypy#15736), so a helper would type it as the
#   annotation. attrs hands a plain def no field: it names its own, as the check it calls
#   (``to_enum(MediaMode, "media_mode", value)``). tests/core/test_operation_fields.py holds
#   every field to naming itself.

Checker = Callable[[str, Any], Any]


def converter(check: Checker) -> attrs.Converter[Any, Any]:
    """An attrs converter that runs ``check(field_name, value)``."""

    def run(value: Any, field: attrs.Attribute[Any]) -> Any:
        return check(field.name, value)

    return attrs.Converter(run, takes_field=True)


def optional(check: Checker) -> attrs.Converter[Any, Any]:
    """Like ``converter`` but lets None through."""

    def run(value: Any, field: attrs.Attribute[Any]) -> Any:
        return None if value is None else check(field.name, value)

    return attrs.Converter(run, takes_field=True)


def checked_field(check: Checker, **kwargs: Any) -> Any:
    """An attrs field whose value goes through ``check(field_name, value)``.

    Returned as ``Any`` so mypy's attrs plugin types ``__init__`` from the annotation: use it
    for a field that accepts exactly its annotated type (see above).
    """
    return attrs.field(converter=converter(check), **kwargs)


def id_field() -> Any:
    """An attrs field holding a required id."""
    return attrs.field(converter=converter(check_id))


def enum_field(cls: type[E], default: E | None = None) -> Any:
    """An attrs field holding a member of ``cls``; accepts the wire string too."""

    def check(field: str, value: object) -> E:
        return to_enum(cls, field, value)

    if default is None:
        return attrs.field(default=None, converter=optional(check))
    return attrs.field(default=default, converter=converter(check))


def bool_field(default: bool | None = None) -> Any:
    """An attrs field holding a bool (None allowed when the default is None)."""
    if default is None:
        return attrs.field(default=None, converter=optional(check_bool))
    return attrs.field(default=default, converter=converter(check_bool))


def int_field(lo: int | None = None, hi: int | None = None, default: int | None = None) -> Any:
    """An attrs int field within ``[lo, hi]``; None is allowed (and the default unless one
    is given)."""

    def check(field: str, value: object) -> int:
        return check_int(field, value, lo=lo, hi=hi)

    return attrs.field(default=default, converter=optional(check))


def str_field(min_len: int = 0, max_len: int | None = None) -> Any:
    """An optional attrs str field of bounded length."""

    def check(field: str, value: object) -> str:
        return check_str(field, value, min_len=min_len, max_len=max_len)

    return attrs.field(default=None, converter=optional(check))


def optional_field(check: Checker) -> Any:
    """An attrs field defaulting to None whose other values go through ``check``."""
    return attrs.field(default=None, converter=optional(check))
