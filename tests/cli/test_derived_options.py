"""Command-line options derived from operation fields: every derived option of every command
row has its field's default, type and enum wire values in the real parser, and shows the
default in --help; and the derivation rules themselves, on small attrs classes."""

from __future__ import annotations

import argparse
import enum
import types
import typing
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from opentok_cli._args import Arg, op_arg, op_args
from opentok_cli._commands import COMMANDS, make_parser
from opentok_cli._kit import Command

PARSER = make_parser()


def _subparser(words: tuple[str, ...]) -> argparse.ArgumentParser:
    parser = PARSER
    for word in words:
        (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[word]
    return parser


def _derived() -> Iterator[tuple[Command, Arg, argparse.Action]]:
    """Each derived argument of the command table with the argparse action it became."""
    for command in COMMANDS:
        actions = {a.dest: a for a in _subparser(command.words)._actions}
        for argument in command.args:
            if argument.source is not None:
                yield command, argument, actions[argument.source.path[-1]]


def _ids(cases: list[tuple[Command, Arg, argparse.Action]]) -> list[str]:
    return [f"{' '.join(c.words)}:{'.'.join(a.source.path)}" for c, a, _ in cases if a.source]


DERIVED = list(_derived())


def _unwrap(hint: Any) -> Any:
    """``X | None`` as X."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        (hint,) = (t for t in typing.get_args(hint) if t is not type(None))
    return hint


def _field(argument: Arg) -> tuple[attrs.Attribute, Any, bool]:  # type: ignore[type-arg]
    """The attrs field an argument comes from, its type, and whether a value on its path is
    optional: the oracle, walking the fields without the kit's code."""
    assert argument.source is not None
    owner: Any = argument.source.cls
    optional = False
    *outer, leaf = argument.source.path
    for name in outer:
        optional = optional or attrs.fields_dict(owner)[name].default is None
        owner = _unwrap(typing.get_type_hints(owner)[name])
    return attrs.fields_dict(owner)[leaf], _unwrap(typing.get_type_hints(owner)[leaf]), optional


def _wire(value: Any) -> Any:
    if isinstance(value, attrs.Factory):  # type: ignore[arg-type]
        value = value.factory()
    if isinstance(value, enum.Enum):
        return value.value
    return list(value) if isinstance(value, tuple) else value


def test_the_command_table_derives_most_of_its_options() -> None:
    assert len(DERIVED) > 80
    derived_rows = {c.words for c, _, _ in DERIVED}
    assert {("captions", "start"), ("archive", "start"), ("session", "create")} <= derived_rows


@pytest.mark.parametrize(("command", "argument", "action"), DERIVED, ids=_ids(DERIVED))
def test_a_derived_option_defaults_to_its_fields_default(
    command: Command, argument: Arg, action: argparse.Action
) -> None:
    assert argument.source is not None
    assert not {"default", "type", "dest"} & argument.source.overridden, "restated by hand"
    field, _, optional = _field(argument)
    if not action.option_strings:  # a positional: what the operation requires
        assert field.default is attrs.NOTHING or "flags" in argument.source.overridden
        assert action.required
    elif optional:
        assert action.default is None and not action.required
    elif field.default is attrs.NOTHING:
        assert action.required
    else:
        assert action.default == _wire(field.default)


@pytest.mark.parametrize(("command", "argument", "action"), DERIVED, ids=_ids(DERIVED))
def test_a_derived_option_has_its_fields_type_and_choices(
    command: Command, argument: Arg, action: argparse.Action
) -> None:
    assert argument.source is not None
    overridden = argument.source.overridden
    field, base, _ = _field(argument)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        assert "choices" not in overridden, "an enum's values restated by hand"
        assert action.choices == [m.value for m in base]
    elif base is bool:
        # A row may turn an unset (None) switch the other way: --no-audio for has_audio=False.
        assert "action" not in overridden or field.default is None
        if "action" not in overridden:
            on = field.default is True
            expected = argparse._StoreFalseAction if on else argparse._StoreTrueAction
            assert type(action) is expected
    elif base is int or typing.get_args(base)[:1] == (int,):
        assert action.type is int
    else:
        assert action.type is None and "choices" not in overridden


@pytest.mark.parametrize(("command", "argument", "action"), DERIVED, ids=_ids(DERIVED))
def test_help_shows_a_derived_options_default(
    command: Command, argument: Arg, action: argparse.Action
) -> None:
    shown = " ".join(_subparser(command.words).format_help().split())
    default = action.default
    if action.option_strings and default not in (None, []) and not isinstance(default, bool):
        assert f"(default: {action.default})" in shown
    else:
        assert "%(default)s" not in str(action.help or "")


# The rules, on classes of this test's own -----------------------------------------------


class Colour(str, enum.Enum):
    RED = "red"
    BLUE = "blue"


@attrs.frozen(kw_only=True)
class Inner:
    shade: Colour = Colour.BLUE
    label: str = attrs.field()


@attrs.frozen(kw_only=True)
class Outer:
    thing_id: str = attrs.field()
    count: int = 3
    limit: int | None = None
    colour: Colour = Colour.RED
    has_audio: bool = True
    loud: bool = False
    maybe: bool | None = None
    from_: str | None = None
    tags: tuple[str, ...] = attrs.field(factory=tuple)
    sizes: tuple[int, ...] | None = None
    inner: Inner | None = None
    needed: Inner = attrs.field(factory=lambda: Inner(label="x"))


def _parse(*args: Arg, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    for argument in args:
        argument.add_to(parser)
    return parser.parse_args(argv)


def test_a_required_field_is_a_positional_named_in_capitals() -> None:
    argument = op_arg(Outer, "thing_id")
    assert argument.flags == ("thing_id",) and argument.options["metavar"] == "THING_ID"
    assert _parse(argument, argv=["T1"]).thing_id == "T1"


def test_a_required_field_spelled_as_a_flag_is_a_required_option() -> None:
    argument = op_arg(Outer, "thing_id", flags=("--thing",))
    assert argument.options["required"] is True
    assert _parse(argument, argv=["--thing", "T1"]).thing_id == "T1"


def test_flags_are_field_names_dashed_and_values_land_under_the_field_name() -> None:
    args = op_args(Outer, "from_", "limit", "sizes")
    assert [a.flags for a in args] == [("--from",), ("--limit",), ("--sizes",)]
    parsed = _parse(*args, argv=["--from", "x", "--limit", "7", "--sizes", "1", "--sizes", "2"])
    assert (parsed.from_, parsed.limit, parsed.sizes) == ("x", 7, [1, 2])


def test_ints_enums_and_defaults_come_from_the_field() -> None:
    parsed = _parse(*op_args(Outer, "count", "colour", "limit"), argv=[])
    assert (parsed.count, parsed.colour, parsed.limit) == (3, "red", None)
    assert op_arg(Outer, "colour").options["choices"] == ["red", "blue"]
    assert _parse(op_arg(Outer, "count"), argv=["--count", "9"]).count == 9


def test_bools_are_switches_by_their_default() -> None:
    args = op_args(Outer, "has_audio", "loud", "maybe")
    assert [a.flags for a in args] == [("--no-audio",), ("--loud",), ("--maybe",)]
    parsed = _parse(*args, argv=[])
    assert (parsed.has_audio, parsed.loud, parsed.maybe) == (True, False, None)
    parsed = _parse(*args, argv=["--no-audio", "--loud", "--maybe"])
    assert (parsed.has_audio, parsed.loud, parsed.maybe) == (False, True, True)


def test_a_tuple_field_is_repeatable_and_defaults_to_its_empty_value() -> None:
    argument = op_arg(Outer, "tags", flags=("--tag",))
    assert _parse(argument, argv=[]).tags == []
    assert _parse(argument, argv=["--tag", "a", "--tag", "b"]).tags == ["a", "b"]


def test_a_field_inside_an_optional_value_defaults_to_none() -> None:
    assert _parse(op_arg(Outer, "inner.shade"), argv=[]).shade is None
    assert _parse(op_arg(Outer, "inner.label"), argv=[]).label is None
    assert _parse(op_arg(Outer, "needed.shade"), argv=[]).shade == "blue"


def test_help_shows_the_default_after_the_rows_own_text() -> None:
    assert (
        op_arg(Outer, "count", help="how many").options["help"] == "how many (default: %(default)s)"
    )
    assert op_arg(Outer, "count").options["help"] == "(default: %(default)s)"
    assert "help" not in op_arg(Outer, "limit").options
    assert "help" not in op_arg(Outer, "loud").options


def test_overrides_respell_and_are_recorded() -> None:
    (argument,) = op_args(Outer, colour={"flags": ("--hue",), "metavar": "HUE"})
    assert argument.flags == ("--hue",) and argument.options["dest"] == "colour"
    assert argument.source is not None
    assert argument.source.overridden == {"flags", "metavar"}


def test_op_args_keeps_the_order_given_then_adds_fields_named_only_in_overrides() -> None:
    args = op_args(Outer, "loud", "count", colour={}, limit={"help": "at most"})
    assert [a.flags[0] for a in args] == ["--loud", "--count", "--colour", "--limit"]
    with pytest.raises(TypeError, match="same name"):
        op_args(Outer, "inner.shade", "needed.shade")


def test_a_field_that_is_no_command_line_value_is_refused() -> None:
    with pytest.raises(TypeError, match="derive from the fields of its value"):
        op_arg(Outer, "inner")
    with pytest.raises(TypeError, match="no field 'nope'"):
        op_arg(Outer, "nope")


def test_hand_written_options_carry_no_default_or_choice_list() -> None:
    # What a row writes itself is the command line's own (--routed, --all, --rtmp, --token,
    # ...). The one exception is `opentok token --role`: tokens are minted locally, by no
    # operation, so its default is read from Client.generate_token's signature instead.
    restating = {
        (command.words, argument.flags)
        for command in COMMANDS
        for argument in command.args
        if argument.source is None and {"default", "choices"} & set(argument.options)
    }
    assert restating == {(("token",), ("--role",))}
