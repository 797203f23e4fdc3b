"""The local tools of the ``opentok`` command, and its entry point ``main``.

Every REST operation is a command row in ``_session_commands.py`` /
``_media_commands.py`` (see ``_commands.py``); this module adds the local tools:

* ``opentok emulator``: serve the emulator on loopback until Ctrl-C.
* ``opentok demo``: a walkthrough of the API against an emulator started for it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._commands import main as run_commands
from ._commands import make_parser
from ._completion import SHELLS, script
from ._kit import Command

__all__ = ["TOOLS", "main"]


def _emulator_args(parser: argparse.ArgumentParser) -> None:
    from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET

    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any)")
    parser.add_argument("--api-key", default=DEMO_API_KEY, help="project API key to accept")
    parser.add_argument("--api-secret", default=DEMO_API_SECRET, help="its API secret")
    parser.add_argument("--callback-url", help="POST callback events (archive, session) here")
    parser.add_argument(
        "--archive-processing",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="how long a stopped archive takes to become available (default 0)",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="close keep-alive connections idle this long (default 60)",
    )
    parser.add_argument("--verbose", action="store_true", help="log callback failures")


def _run_emulator(args: argparse.Namespace) -> int:
    import asyncio
    import logging
    import signal

    from opentok_emulator import new_emulator
    from opentok_emulator.server import EmulatorServer

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    emulator = new_emulator(
        api_key=args.api_key,
        api_secret=args.api_secret,
        callback_url=args.callback_url,
        archive_processing=args.archive_processing,
    )
    server = EmulatorServer(emulator, args.host, args.port, idle_timeout=args.idle_timeout)

    async def serve() -> None:
        await server.start()
        loop = asyncio.get_running_loop()
        if sys.platform != "win32":  # Windows loops have no signal handlers: Ctrl-C raises there
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, lambda: asyncio.ensure_future(server.aclose()))
        print(f"OpenTok emulator listening on {server.url}")
        print(f"  api_key     {args.api_key}")
        print(f"  api_secret  {args.api_secret}")
        print(f"  control API {server.url}/_emulator")
        if args.callback_url:
            print(f"  callbacks   {args.callback_url}")
        print(f'Use it: Client(api_key, api_secret, api_url="{server.url}"). Ctrl-C stops it.')
        sys.stdout.flush()
        await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(f"opentok emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    print("\nemulator stopped")
    return 0


def _demo_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api-url", help="run against this emulator instead of starting one (default: start one)"
    )


def _run_demo(args: argparse.Namespace) -> int:
    from ._demo import run

    return run(api_url=args.api_url)


def _completion_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to print a script for")


def _run_completion(args: argparse.Namespace) -> int:
    sys.stdout.write(script(make_parser(TOOLS), args.shell))
    return 0


TOOLS: list[Command] = [
    Command(
        ("emulator",),
        "serve a local OpenTok REST API emulator (Ctrl-C stops it)",
        lambda x: _run_emulator(x.args),
        examples=(
            "opentok emulator --port 8765",
            "OPENTOK_API_URL=http://127.0.0.1:8765 opentok session create --routed",
        ),
        configure=_emulator_args,
        prints=True,
        common=False,
    ),
    Command(
        ("demo",),
        "walk through sessions, tokens, archives, broadcasts and moderation offline",
        lambda x: _run_demo(x.args),
        examples=("opentok demo",),
        configure=_demo_args,
        prints=True,
        common=False,
    ),
    Command(
        ("completion",),
        "print a shell completion script (bash, zsh or fish) generated from these commands",
        lambda x: _run_completion(x.args),
        examples=(
            "source <(opentok completion bash)    # in ~/.bashrc",
            "source <(opentok completion zsh)     # in ~/.zshrc",
            "opentok completion fish",
        ),
        configure=_completion_args,
        prints=True,
        common=False,
    ),
]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``opentok``: every API command plus the emulator and the demo."""
    return run_commands(argv, extra=TOOLS)
