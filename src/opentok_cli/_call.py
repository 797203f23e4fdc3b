"""``opentok call OPERATION ...``: any operation of the SDK, its arguments derived from the
operation's fields, with no row of its own.

The rows in ``_session_commands.py`` and ``_media_commands.py`` give the common operations the
spellings people type (``opentok archive start``); this command reaches every operation in
``opentok_core.operations.registry()`` the day it exists. A field of a plain type is an argument
as ``op_arg`` derives it; a structured one (a layout, options, a signal) takes JSON, in the
official SDK's dict shape, which every operation already accepts.
"""

from __future__ import annotations

import argparse
import json
import typing
from typing import Any

import attrs

from opentok_core import operations

from ._args import Arg, arg, op_arg
from ._kit import Command, Context, common_options

__all__ = ["CALL"]


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not JSON: {exc}") from None


def _plain(hint: Any) -> bool:
    """Whether a field's value is text on the command line: not a tuple of structured values
    (stream class lists), which ``op_arg`` would take as repeated text."""
    parts = typing.get_args(hint) if typing.get_origin(hint) is not tuple else ()
    for part in parts or (hint,):
        if typing.get_origin(part) is tuple and typing.get_args(part)[0] not in (str, int):
            return False
    return True


def _arguments(cls: type) -> list[Arg]:
    found = []
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        try:
            if not _plain(hints[field.name]):
                raise TypeError(field.name)
            found.append(op_arg(cls, field.name))
        except TypeError:  # a structured value: JSON, the official dict shape
            required = field.default is attrs.NOTHING
            flags = (field.name,) if required else ("--" + field.name.replace("_", "-"),)
            options: dict[str, Any] = {"type": _json, "help": "JSON"}
            if not required:
                options.update(dest=field.name, default=None, metavar="JSON")
            found.append(arg(*flags, **options))
    return found


def _summary(cls: type) -> str:
    endpoint = cls.endpoint  # type: ignore[attr-defined]
    return f"{endpoint.method} {endpoint.spec_paths[-1]}"


def _configure(parser: argparse.ArgumentParser) -> None:
    below = parser.add_subparsers(title="operations", metavar="OPERATION", dest="_operation")
    below.required = True
    for name, cls in operations.registry().items():
        sub = below.add_parser(name, help=_summary(cls), description=_summary(cls))
        for argument in _arguments(cls):
            argument.add_to(sub)
        common_options(sub, top=False)
        sub.set_defaults(_call=cls, _parser=sub)


def operation_of(args: argparse.Namespace) -> Any:
    """The operation a parsed ``opentok call`` line says: the fields given, the operation's own
    defaults for the rest."""
    cls = args._call
    given = vars(args)
    fields = {f.name: given[f.name] for f in attrs.fields(cls) if given.get(f.name) is not None}
    return cls(**fields)


def _run(x: Context) -> object:
    return x.client.send(operation_of(x.args))


CALL = Command(
    ("call",),
    "send any operation of the SDK by name, its options derived from its fields",
    _run,
    examples=(
        "opentok call archives.get $ARCHIVE",
        "opentok call captions.start --session-id $SESSION $TOKEN --max-duration 600",
        'opentok call archives.set_layout $ARCHIVE \'{"type": "bestFit"}\'',
    ),
    configure=_configure,
    common=False,  # each operation's parser takes them, after its own arguments
)
