"""The ``opentok`` command table and its entry point.

The rows live in ``_session_commands.py`` and ``_media_commands.py``; the machinery (parser,
credentials, exit codes) in ``_kit.py``; arguments derived from operation fields in ``_args.py``;
output in ``_output.py``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from ._call import CALL
from ._kit import EXIT_BROKEN_PIPE, Command, build_parser, environment, run
from ._longrun_commands import LONGRUN_COMMANDS
from ._media_commands import MEDIA_COMMANDS
from ._session_commands import SESSION_COMMANDS

__all__ = ["COMMANDS", "GROUPS", "main", "make_parser"]


GROUPS = {
    "session": "create sessions",
    "callback": "read callback (webhook) bodies",
    "token": "mint, decode and verify client tokens",
    "archive": "record sessions: start, stop, get, list, delete, layout, streams",
    "broadcast": "live streaming to HLS and RTMP: start, stop, get, list, layout, streams",
    "mute": "force streams to mute their audio",
    "stream": "inspect streams and set their layout classes",
    "sip": "connect SIP calls to a session",
    "render": "Experience Composer: render a web page into a session",
    "captions": "live captions",
    "audio": "stream a session's audio to a WebSocket server",
}

COMMANDS: list[Command] = [*SESSION_COMMANDS, *MEDIA_COMMANDS, *LONGRUN_COMMANDS, CALL]

DESCRIPTION = """\
The OpenTok / Vonage Video REST API from the command line.

Credentials come from the flags, or from OPENTOK_API_KEY and OPENTOK_API_SECRET (an OpenTok
project), or VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY (a Vonage application; the key as a
file path or PEM text). OPENTOK_API_URL points the commands elsewhere, e.g. at an emulator.
Results print as text tables; --json prints JSON for scripts. Errors are one line on stderr
with an exit code per class (below)."""

EXAMPLES = (
    "opentok session create --routed",
    "opentok token --session-id $SESSION --role moderator --data name=Ann",
    "opentok archive start --session-id $SESSION --name standup --json",
    "opentok archive list --count 5",
)


def make_parser(
    extra: Sequence[Command] = (), argv: Sequence[str] | None = None
) -> argparse.ArgumentParser:
    """The ``opentok`` parser (in full, or only the first-level commands ``argv`` names)."""
    return build_parser(
        [*COMMANDS, *extra],
        description=DESCRIPTION,
        examples=EXAMPLES,
        epilog="Run `opentok COMMAND --help` for a command's options and examples.",
        groups=GROUPS,
        argv=argv,
    )


def main(argv: Sequence[str] | None = None, *, extra: Sequence[Command] = ()) -> int:
    """Run the ``opentok`` command line (``extra`` adds commands such as ``emulator``)."""
    parser = make_parser(extra, sys.argv[1:] if argv is None else argv)
    try:
        return run(parser, argv, out=sys.stdout, err=sys.stderr, environ=environment())
    except BrokenPipeError:
        # The reader closed the pipe (`opentok archive list | head -1`): stop without a
        # traceback, and keep the interpreter's final flush from failing again.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
