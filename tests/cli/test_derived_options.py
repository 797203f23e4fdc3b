"""Deriving command-line options from operation fields (opentok_cli._args): the rules, on
small attrs classes of the test's own."""

from __future__ import annotations

import argparse
import enum

import attrs
import pytest

from opentok_cli._args import Arg, op_arg, op_args


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
