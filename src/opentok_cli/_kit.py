"""The machinery of the ``opentok`` command line: a table of commands, credentials from flags or
the environment, readable or JSON output, and one exit code per class of error.

A command is a few lines in ``_session_commands.py`` or ``_media_commands.py``: its words, its
arguments (derived from the operation's fields by ``op_args``, see ``_args.py``), and a function
that calls one public ``Client`` method. Nothing here knows an HTTP path.
"""

from __future__ import annotations

import argparse
import os
import re
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, TextIO, TypeVar

import attrs

from opentok_core import (
    ApiError,
    ArchiveNotDownloadable,
    AuthenticationError,
    BadRequest,
    Conflict,
    MethodNotAllowed,
    NotFound,
    OpenTokError,
    Page,
    PayloadTooLarge,
    Role,
    Timeout,
    TokenError,
    TransportError,
    TransportTimeout,
    ValidationError,
    WaitFailed,
    WaitTimeout,
)
from opentok_sync import Client

from ._args import Arg, arg, choices, op_arg, op_args
from ._output import render

T = TypeVar("T")

__all__ = [
    "EXIT_CODES",
    "Arg",
    "CliError",
    "Command",
    "Context",
    "arg",
    "build_parser",
    "choices",
    "op_arg",
    "op_args",
    "pairs",
    "paging",
    "text_or_file",
    "token_arg",
    "token_for",
    "every",
    "exit_code",
    "render",
    "run",
]

# Exit codes, one per class of error (documented in --help and docs/cli.md).
EXIT_OK = 0
EXIT_SERVICE = 1  # the service failed (5xx, 408, 429) or answered something unreadable
EXIT_USAGE = 2  # bad input: a flag, a value the SDK refuses, a 400/413, a bad token
EXIT_AUTH = 3  # no credentials, or the service refused them (401/403)
EXIT_NOT_FOUND = 4  # 404: no such session, archive, stream, connection, ...
EXIT_CONFLICT = 5  # 409/405: the resource is in the wrong state for this
EXIT_NETWORK = 6  # could not connect, timed out, or the connection dropped
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for `opentok ... | head -1`
EXIT_INTERNAL = 70  # a bug in opentok-py: please report it

EXIT_CODES: tuple[tuple[int, str], ...] = (
    (EXIT_OK, "success"),
    (EXIT_SERVICE, "the service failed (5xx, 408, 429) or its answer was unreadable"),
    (EXIT_USAGE, "bad input: a flag or value refused before sending, or a 400/413 answer"),
    (EXIT_AUTH, "no credentials, or the service refused them (401/403)"),
    (EXIT_NOT_FOUND, "not found (404)"),
    (EXIT_CONFLICT, "wrong state (409, 405; a wait that cannot succeed; no archive url)"),
    (EXIT_NETWORK, "network: could not connect, timed out, connection dropped (or a wait ran out)"),
    (EXIT_INTERNAL, "internal error (a bug; OPENTOK_DEBUG=1 shows the traceback)"),
)

_LABELS = {
    EXIT_SERVICE: "service error",
    EXIT_USAGE: "bad input",
    EXIT_AUTH: "authentication",
    EXIT_NOT_FOUND: "not found",
    EXIT_CONFLICT: "conflict",
    EXIT_NETWORK: "network",
    EXIT_INTERNAL: "internal error",
}


class CliError(Exception):
    """An error the command line reports as one line with its own exit code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


def exit_code(exc: BaseException) -> int:
    """The exit code for ``exc``: by what the operator can do about it."""
    if isinstance(exc, CliError):
        return exc.code
    if isinstance(exc, (ValidationError, TokenError, BadRequest, PayloadTooLarge)):
        return EXIT_USAGE
    if isinstance(exc, AuthenticationError):
        return EXIT_AUTH
    if isinstance(exc, NotFound):
        return EXIT_NOT_FOUND
    if isinstance(exc, (Conflict, MethodNotAllowed, WaitFailed, ArchiveNotDownloadable)):
        return EXIT_CONFLICT
    if isinstance(exc, (TransportError, WaitTimeout)):
        return EXIT_NETWORK
    if isinstance(exc, (ApiError, OpenTokError)):
        return EXIT_SERVICE
    return EXIT_INTERNAL


def _seconds(value: float | None) -> str:
    return "no limit" if value is None else f"{value:g} s"


def timeout_detail(text: str, exc: TransportTimeout, timeout: Timeout) -> str:
    """What a timeout's line adds unless the error already says it: the attempts made and the
    limits each had (``after 3 attempts; limits: connect 5 s, read 30 s per attempt``)."""
    said = []
    if exc.attempts and "attempt" not in text:
        said.append(f"after {exc.attempts} attempt{'s' if exc.attempts != 1 else ''}")
    if not re.search(r"\d\s*s\b|second", text):
        limits = f"connect {_seconds(timeout.connect)}, read {_seconds(timeout.read)}"
        said.append(f"limits: {limits} per attempt")
    return f" ({'; '.join(said)})" if said else ""


def _timeout_of(args: argparse.Namespace) -> Timeout | None:
    """The client's timeouts as ``--timeout`` set them (None when the flag itself is bad)."""
    try:
        return Timeout.coerce(getattr(args, "timeout", None))
    except ValidationError:
        return None


def error_line(exc: BaseException, timeout: Timeout | None = None) -> str:
    """One line for stderr: ``opentok: <class of error>: <what happened>``; a timeout says how
    many attempts were made and with which limits (``timeout``, the client's)."""
    code = exit_code(exc)
    text = " ".join(str(exc).split()) or type(exc).__name__
    if code == EXIT_INTERNAL:
        text = f"{type(exc).__name__}: {text}"
    if isinstance(exc, TransportTimeout):
        text += timeout_detail(text, exc, timeout or Timeout())
    return f"opentok: {_LABELS.get(code, 'error')}: {text}"


# Arguments and commands ----------------------------------------------------------------------


class Context:
    """What a command's function gets: ``args`` (parsed) and ``client``, a Client built on first
    use from the flags or the environment (exit code 3 when there are no credentials)."""

    def __init__(self, args: argparse.Namespace, environ: Mapping[str, str]) -> None:
        self.args = args
        self.environ = environ
        self._client: Client | None = None

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = Client(**client_options(self.args, self.environ))
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()


@attrs.frozen
class Command:
    """A leaf of the command tree: ``opentok <words> [arguments]``."""

    words: tuple[str, ...]
    help: str
    run: Callable[[Context], object]
    args: tuple[Arg, ...] = ()
    examples: tuple[str, ...] = ()
    #: What to print when ``run`` returns None (formatted with the arguments).
    done: str = "done"
    description: str = ""
    #: Adds arguments ``args`` cannot express (a command written as an argparse function).
    configure: Callable[[argparse.ArgumentParser], None] | None = None
    #: ``run`` prints by itself and returns the exit code (long-running tools: the emulator).
    prints: bool = False
    #: Whether the command takes the common options at all (tools that do not call the API,
    #: such as the emulator, have options of their own).
    common: bool = True
    #: Which common options it takes, only those it uses: ``"api"`` (credentials, ``--api-url``,
    #: ``--timeout``, ``--json``), ``"credentials"`` (local work with your key: credentials and
    #: ``--json``) or ``"nothing"`` (``--json`` only; runs without credentials).
    needs: Literal["api", "credentials", "nothing"] = "api"


# Credentials ---------------------------------------------------------------------------------


def _first(*values: str | None) -> str | None:
    for value in values:
        if value:
            return value
    return None


def _private_key(value: str) -> str:
    if "-----BEGIN" in value:
        return value
    try:
        return Path(value).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(EXIT_USAGE, f"cannot read the private key file {value!r}: {exc}") from None


def client_options(args: argparse.Namespace, environ: Mapping[str, str]) -> dict[str, Any]:
    """Client keywords from flags first, then the environment.

    Flags: ``--api-key``/``--api-secret`` or ``--application-id``/``--private-key``.
    Environment: ``OPENTOK_API_KEY``/``OPENTOK_API_SECRET``, else ``VONAGE_APPLICATION_ID``/
    ``VONAGE_PRIVATE_KEY`` (a PEM file path or the PEM text). ``--api-url`` or
    ``OPENTOK_API_URL`` for the endpoint, ``--timeout`` for both timeouts.
    """
    flag = vars(args)
    options: dict[str, Any] = {}
    api_url = _first(flag.get("api_url"), environ.get("OPENTOK_API_URL"))
    if api_url:
        options["api_url"] = api_url
    if flag.get("timeout") is not None:
        options["timeout"] = flag["timeout"]
    project_flags = flag.get("api_key") or flag.get("api_secret")
    app_flags = flag.get("application_id") or flag.get("private_key")
    if project_flags or (not app_flags and environ.get("OPENTOK_API_KEY")):
        key = _first(flag.get("api_key"), environ.get("OPENTOK_API_KEY"))
        secret = _first(flag.get("api_secret"), environ.get("OPENTOK_API_SECRET"))
        if not key or not secret:
            missing = (
                "--api-key / OPENTOK_API_KEY" if not key else "--api-secret / OPENTOK_API_SECRET"
            )
            raise CliError(EXIT_AUTH, f"missing {missing}")
        return {**options, "api_key": key, "api_secret": secret}
    app_id = _first(flag.get("application_id"), environ.get("VONAGE_APPLICATION_ID"))
    pem = _first(flag.get("private_key"), environ.get("VONAGE_PRIVATE_KEY"))
    if app_id or pem:
        if not app_id or not pem:
            missing = (
                "--application-id / VONAGE_APPLICATION_ID"
                if not app_id
                else "--private-key / VONAGE_PRIVATE_KEY"
            )
            raise CliError(EXIT_AUTH, f"missing {missing}")
        return {**options, "application_id": app_id, "private_key": _private_key(pem)}
    raise CliError(
        EXIT_AUTH,
        "no credentials: set OPENTOK_API_KEY and OPENTOK_API_SECRET (or VONAGE_APPLICATION_ID "
        "and VONAGE_PRIVATE_KEY), or pass --api-key and --api-secret",
    )


def common_options(
    parser: argparse.ArgumentParser,
    *,
    top: bool,
    needs: Literal["api", "credentials", "nothing"] = "api",
) -> None:
    """Add the common options a command uses (``needs``, see ``Command.needs``). Below the top
    level their default is SUPPRESS, so a value given before the command words is not reset by
    the command's parser."""
    default: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    group = parser.add_argument_group("common options")
    group.add_argument(
        "--json", action="store_true", help="print JSON (for scripts) instead of text", **default
    )
    if needs == "nothing":
        return
    group.add_argument(
        "--api-key", metavar="KEY", help="project API key [OPENTOK_API_KEY]", **default
    )
    group.add_argument(
        "--api-secret", metavar="SECRET", help="project API secret [OPENTOK_API_SECRET]", **default
    )
    group.add_argument(
        "--application-id",
        metavar="ID",
        help="Vonage application id [VONAGE_APPLICATION_ID]",
        **default,
    )
    group.add_argument(
        "--private-key",
        metavar="PATH|PEM",
        help="Vonage private key file or PEM text [VONAGE_PRIVATE_KEY]",
        **default,
    )
    if needs == "credentials":
        return
    group.add_argument(
        "--api-url",
        metavar="URL",
        help="API base URL, e.g. an emulator [OPENTOK_API_URL]",
        **default,
    )
    group.add_argument(
        "--timeout", metavar="SECONDS", type=float, help="connect and read timeout", **default
    )


# The parser and the run loop ------------------------------------------------------------------


def _epilog(examples: Iterable[str], *sections: str) -> str:
    lines = [f"  {e}" for e in examples]
    parts = (["examples:\n" + "\n".join(lines)] if lines else []) + [x for x in sections if x]
    return "\n\n".join(parts)


def exit_code_help() -> str:
    """The exit-code table, for the top-level --help."""
    return "exit codes:\n" + "\n".join(f"  {code:<3} {text}" for code, text in EXIT_CODES)


def build_parser(
    commands: Sequence[Command],
    *,
    description: str,
    examples: Sequence[str],
    epilog: str,
    groups: Mapping[str, str],
    argv: Sequence[str] | None = None,
) -> argparse.ArgumentParser:
    """The argparse tree of ``commands`` (a node may be a command and have sub-commands, as
    ``opentok token`` and ``opentok token decode``). ``groups`` gives each command group's help.

    With ``argv``, only the first-level commands it names are built in full; the others are
    just a name and a help line (what the top-level --help shows), which keeps start-up quick.
    """
    formatter = argparse.RawDescriptionHelpFormatter
    top = argparse.ArgumentParser(
        prog="opentok",
        description=description,
        epilog=_epilog(examples, epilog, exit_code_help()),
        formatter_class=formatter,
    )
    import opentok_cli  # the package's own version (this module is imported while it loads)

    top.add_argument("--version", action="version", version=f"%(prog)s {opentok_cli.__version__}")
    common_options(top, top=True)
    wanted = None if argv is None else set(argv)
    parsers: dict[tuple[str, ...], argparse.ArgumentParser] = {(): top}
    subactions: dict[tuple[str, ...], Any] = {}
    runnable: set[tuple[str, ...]] = set()
    for command in commands:
        full = wanted is None or command.words[0] in wanted
        words = command.words if full else command.words[:1]
        for depth in range(1, len(words) + 1):
            key, parent = words[:depth], words[: depth - 1]
            if key in parsers:
                continue
            if parent not in subactions:
                subactions[parent] = parsers[parent].add_subparsers(
                    title="commands", metavar="COMMAND", dest=f"_level{depth}"
                )
            leaf = key == command.words
            below = [c for c in commands if c.words[:depth] == key]
            text = command.help if leaf else groups.get(key[0], "")
            parsers[key] = subactions[parent].add_parser(
                key[-1],
                help=text,
                description=(command.description or command.help) if leaf else text,
                epilog=_epilog(e for c in below for e in c.examples[: 1 if not leaf else None]),
                formatter_class=formatter,
            )
        if not full:
            continue
        parser = parsers[command.words]
        for argument in command.args:
            argument.add_to(parser)
        if command.configure is not None:
            command.configure(parser)
        if command.common:
            common_options(parser, top=False, needs=command.needs)
        parser.set_defaults(_command=command, _parser=parser)
        runnable.add(command.words)
    for key, action in subactions.items():
        # `opentok` alone prints the help (see run); `opentok archive` is a usage error.
        action.required = key not in runnable and key != ()
    return top


def run(
    parser: argparse.ArgumentParser,
    argv: Sequence[str] | None,
    *,
    out: TextIO,
    err: TextIO,
    environ: Mapping[str, str],
) -> int:
    """Parse ``argv``, run the command, print its result; return the exit code. Errors are one
    line on ``err`` (with the traceback too when ``OPENTOK_DEBUG`` is set), never a traceback."""
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:  # name them in the usage of the command they were given to
            getattr(args, "_parser", parser).error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed by argparse
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    command: Command | None = getattr(args, "_command", None)
    if command is None:
        parser.print_help(out)
        return EXIT_USAGE
    context = Context(args, environ)
    try:
        result = command.run(context)
        if command.prints:
            return result if isinstance(result, int) else EXIT_OK
        try:
            done = command.done.format(**vars(args))
        except (KeyError, IndexError, ValueError):
            done = command.done
        render(result, as_json=bool(getattr(args, "json", False)), done=done, out=out)
    except KeyboardInterrupt:
        err.write("opentok: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        raise  # the reader went away: main() stops quietly
    except Exception as exc:
        if environ.get("OPENTOK_DEBUG"):
            traceback.print_exc(file=err)
        err.write(error_line(exc, _timeout_of(args)) + "\n")
        return exit_code(exc)
    finally:
        context.close()
    return EXIT_OK


# Helpers for command rows ----------------------------------------------------------------


def text_or_file(value: str | None) -> str | None:
    """``@path`` reads the text of a file (as curl does); anything else is the value itself."""
    if value is None or not value.startswith("@"):
        return value
    try:
        return Path(value[1:]).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(EXIT_USAGE, f"cannot read {value[1:]!r}: {exc}") from None


def pairs(values: list[str] | None, what: str) -> dict[str, str]:
    """``NAME=VALUE`` arguments as a dict (exit code 2 on a malformed one)."""
    found: dict[str, str] = {}
    for item in values or ():
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CliError(EXIT_USAGE, f"{what} must be NAME=VALUE, got {item!r}")
        found[name] = value
    return found


def token_for(x: Context, role: Role) -> str:
    """``--token``, or a fresh token of ``role`` for the session minted with your credentials."""
    given: str | None = x.args.token
    return given or x.client.generate_token(x.args.session_id, role=role)


def token_arg(role: str) -> Arg:
    """``--token`` for commands that open a connection (see ``token_for``)."""
    return arg(
        "--token",
        metavar="TOKEN",
        help=f"the connection's client token (default: a fresh {role} token for the session)",
    )


def paging(operation: type, what: str) -> tuple[Arg, ...]:
    """``--offset`` and ``--count`` of a list ``operation``, and ``--all`` for list commands."""
    return (
        *op_args(
            operation,
            offset={"help": f"index of the first {what} (0: the newest)"},
            count={"help": "page size, 1-1000"},
        ),
        # The command line's own: every page, through the Client's iter_* method.
        arg("--all", action="store_true", help="every page, fetched as needed"),
    )


def every(items: Iterable[T]) -> Page[T]:
    """Every item of a listing (``--all``) as one Page, so ``--json`` prints the same shape,
    ``{"items": [...], "count": N, "offset": 0}``, with or without ``--all``."""
    found = tuple(items)
    return Page(items=found, count=len(found), offset=0)


def environment() -> Mapping[str, str]:
    """The process environment (a seam for tests)."""
    return os.environ
