"""Command-line arguments, written by hand (``arg``) or derived from operation fields
(``op_arg``, ``op_args``).

The operation classes already say what each input is: its type, its default, the wire values
of its enum. A derived argument reads those from the attrs field, so the command line restates
none of them; a row adds only what the command line spells differently (``flags``,
``metavar``, ``help``, ...). The rules:

* the flag is the field name, dashed: ``max_duration`` is ``--max-duration`` (a trailing
  ``_``, as in ``from_``, is dropped); the parsed value lands under the field name;
* ``int`` fields get ``type=int``; enum fields get ``choices`` (their wire values) and their
  default's wire value;
* ``bool`` fields are switches by their default: ``--x`` (store_true) when it is False or None,
  ``--no-x`` (store_false) when it is True; a ``has_`` prefix is dropped (``has_audio`` is
  ``--no-audio``);
* ``tuple`` fields are repeatable (``action="append"``), each value given as text;
* a field without a default is a required positional (``archive_id`` is ``ARCHIVE_ID``), or a
  required option if the row spells it as one;
* ``session_id`` is always the option ``--session-id`` (required when the field has no
  default): one name for the session across every command. A positional is the resource the
  command acts on (``archive stop ARCHIVE_ID``), and no command but ``session create`` acts on
  a session itself;
* the field's default is the argparse default (None stays None), and ``--help`` shows it;
* a dotted path reaches into a nested value (``"layout.type"``): when a value on the way is
  optional (``StartArchive.layout`` defaults to None), the argument defaults to None too,
  since leaving it out leaves the whole value out.
"""

from __future__ import annotations

import argparse
import enum
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["Arg", "Derived", "arg", "choices", "op_arg", "op_args"]


@attrs.frozen
class Derived:
    """Where a derived argument comes from: ``cls`` and the field ``path`` in it, and which
    argparse keywords the row gave itself (tests check the rest against the field)."""

    cls: type
    path: tuple[str, ...]
    overridden: frozenset[str]


@attrs.frozen
class Arg:
    """One ``add_argument`` call: flags (or a positional name) and its keywords."""

    flags: tuple[str, ...]
    options: Mapping[str, Any]
    #: The operation field the argument is derived from (None for a hand-written one).
    source: Derived | None = None

    def add_to(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument(*self.flags, **dict(self.options))


def arg(*flags: str, **options: Any) -> Arg:
    """Declare an argument exactly as ``argparse.ArgumentParser.add_argument`` takes it: for
    options of the command line itself, which no operation field describes."""
    return Arg(flags, options)


def choices(enum_type: type[enum.Enum]) -> list[Any]:
    """The wire values of an enum, for ``choices=``."""
    return [member.value for member in enum_type]


@attrs.frozen
class _Field:
    """A field at the end of a path: its attrs attribute, its type (Optional unwrapped) and
    whether a value on the way is optional (then the argument defaults to None)."""

    attribute: attrs.Attribute  # type: ignore[type-arg]
    type: Any
    inside_optional: bool


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """``X | None`` as ``(X, True)``; anything else as ``(hint, False)``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(rest) == 1:
            return rest[0], len(rest) < len(typing.get_args(hint))
    return hint, False


def _resolve(cls: type, path: tuple[str, ...]) -> _Field:
    inside_optional = False
    owner = cls
    for depth, name in enumerate(path):
        try:
            attribute = attrs.fields_dict(owner)[name]
        except KeyError:
            raise TypeError(f"{owner.__name__} has no field {name!r}") from None
        hint, optional = _unwrap(_hints(owner)[name])
        if depth == len(path) - 1:
            return _Field(attribute, hint, inside_optional)
        if not attrs.has(hint):
            raise TypeError(f"{owner.__name__}.{name} is not an attrs class to reach into")
        inside_optional = inside_optional or optional or attribute.default is None
        owner = hint
    raise TypeError("an empty field path")


def _default(attribute: attrs.Attribute) -> Any:  # type: ignore[type-arg]
    default: Any = attribute.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            raise TypeError(f"{attribute.name}: a default that takes self cannot be derived")
        default = default.factory()
    return default


def _flag(name: str) -> str:
    return "--" + name.rstrip("_").replace("_", "-")


def op_arg(cls: type, path: str, /, **options: Any) -> Arg:
    """The argument for the field ``path`` of ``cls`` (an operation, or a value an operation
    takes), following the rules above. ``options`` are argparse keywords the command line
    needs itself; ``flags=("--x",)`` respells it (a name without dashes makes a positional).
    """
    parts = tuple(path.split("."))
    field = _resolve(cls, parts)
    name = parts[-1]
    base = field.type
    overridden = frozenset(options) - {"help"}
    own = _default(field.attribute)
    default = None if field.inside_optional else own
    required = default is attrs.NOTHING
    derived: dict[str, Any] = {}
    if base is bool:
        on = own is True
        stem = name.removeprefix("has_")
        flags: tuple[str, ...] = (_flag(f"no_{stem}" if on else stem),)
        derived.update(action="store_false" if on else "store_true", default=default)
    else:
        flags = (name,) if required and name != "session_id" else (_flag(name),)
        if isinstance(base, type) and issubclass(base, enum.Enum):
            derived["choices"] = choices(base)
            default = default.value if isinstance(default, enum.Enum) else default
        elif typing.get_origin(base) is tuple:
            derived["action"] = "append"
            if typing.get_args(base)[0] is int:
                derived["type"] = int
            if isinstance(default, tuple):
                # argparse appends to a copy of a list default; a tuple has no append.
                default = list(default)
        elif base is int:
            derived["type"] = int
        elif base is not str:
            raise TypeError(
                f"{cls.__name__}.{path}: no argument for a {base!r} field "
                "(derive from the fields of its value instead)"
            )
        if not required:
            derived["default"] = default
    flags = tuple(options.pop("flags", flags))
    if not flags[0].startswith("-"):  # a positional: required, so no default
        derived.pop("default", None)
        derived["metavar"] = name.upper()
        if derived.get("action") == "append":  # a required list: the rest of the line
            del derived["action"]
            derived["nargs"] = "*"
    else:
        derived["dest"] = name
        if required:
            derived["required"] = True
        if "choices" not in derived and derived.get("action") not in ("store_true", "store_false"):
            # What argparse would show had it named the value after these flags.
            derived["metavar"] = flags[-1].lstrip("-").replace("-", "_").upper()
        shown = derived.get("default")
        if shown not in (None, []) and not isinstance(shown, bool):
            text = options.get("help")
            options["help"] = f"{text} (default: %(default)s)" if text else "(default: %(default)s)"
    return Arg(flags, {**derived, **options}, Derived(cls, parts, overridden))


def op_args(cls: type, /, *paths: str, **overrides: Mapping[str, Any]) -> tuple[Arg, ...]:
    """``op_arg`` for each of ``paths`` in order, then for each field named only in
    ``overrides``; ``overrides[name]`` (by the field's last name) holds the argparse keywords
    the command line needs for that field, as ``op_arg`` takes them."""
    leaves = {path.split(".")[-1]: path for path in paths}
    if len(leaves) < len(paths):
        raise TypeError(f"op_args: two of {paths} end in the same name (use op_arg)")
    every = {**leaves, **{name: name for name in overrides if name not in leaves}}
    return tuple(op_arg(cls, path, **overrides.get(leaf, {})) for leaf, path in every.items())
