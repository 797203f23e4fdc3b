"""``opentok call OPERATION``: every registered operation is reachable from the command line
with no row of its own, its arguments derived from its fields, and what the command line
parses rebuilds the very operation."""

from __future__ import annotations

import json
import shlex
from typing import Any

import pytest

from opentok_cli._call import _arguments, operation_of
from opentok_cli._commands import make_parser
from opentok_core import operations
from tests.cli.conftest import Cli
from tests.conftest import SPEC

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

with open(SPEC / "examples.toml", "rb") as f:
    EXAMPLES: dict[str, dict[str, Any]] = tomllib.load(f)["examples"]
REGISTRY = operations.registry()


def _argv(cls: type, example: dict[str, Any]) -> list[str]:
    """The command line that says ``example`` (constructor arguments) to ``cls``'s parser."""
    argv: list[str] = []
    for argument in _arguments(cls):
        options = argument.options
        name = options.get("dest") or argument.flags[0]
        if name not in example:
            continue
        value = example[name]
        flag = argument.flags[0]
        if options.get("type") is not None and options["type"].__name__ == "_json":
            text = json.dumps(value)
            argv += [text] if not flag.startswith("-") else [flag, text]
        elif options.get("action") in ("store_true", "store_false"):
            if value != options.get("default"):
                argv.append(flag)
        elif options.get("action") == "append":
            for item in value:
                argv += [flag, str(item)]
        elif options.get("nargs") == "*":
            argv += [str(item) for item in value]
        else:
            argv += [str(value)] if not flag.startswith("-") else [flag, str(value)]
    return argv


def test_every_registered_operation_has_a_call_command() -> None:
    parser = make_parser(argv=["call"])
    for name in REGISTRY:
        args = parser.parse_args(["call", name, *_argv(REGISTRY[name], EXAMPLES[name])])
        assert args._call is REGISTRY[name]


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_the_parsed_command_line_rebuilds_the_operation(name: str) -> None:
    cls = REGISTRY[name]
    parser = make_parser(argv=["call"])
    args = parser.parse_args(["call", name, *_argv(cls, EXAMPLES[name])])
    assert operation_of(args) == cls(**EXAMPLES[name])


def test_call_sends_the_operation_and_prints_its_result(cli: Cli) -> None:
    created = cli.json("call", "sessions.create", "--media-mode", "routed")
    assert created["session_id"]
    page = cli.json(*shlex.split("call archives.list --count 5"))
    assert page["items"] == [] or isinstance(page["items"], list)


def test_a_structured_field_that_is_not_json_is_a_usage_error(cli: Cli) -> None:
    _, err = cli("call", "archives.set_layout", "some-archive", "{not json", code=2)
    assert "not JSON" in err
