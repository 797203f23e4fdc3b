"""The ``opentok`` command. Each subcommand is a ``Command`` in ``COMMANDS``: a name, a help
line, a function adding its arguments and a function running it; adding one is writing those
two functions and one ``Command(...)`` entry.

* ``opentok emulator``: serve the emulator on loopback until Ctrl-C.
* ``opentok demo``: a walkthrough of the API against an emulator started for it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

import attrs

__all__ = ["COMMANDS", "main"]


@attrs.frozen
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _emulator_args(parser: argparse.ArgumentParser) -> None:
    from opentok_core.emulator import DEMO_API_KEY, DEMO_API_SECRET

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
    parser.add_argument("--verbose", action="store_true", help="log callback failures")


def _run_emulator(args: argparse.Namespace) -> int:
    import asyncio
    import logging

    from opentok_async._emulator_server import EmulatorServer
    from opentok_sync._emulator import new_emulator

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    emulator = new_emulator(
        api_key=args.api_key,
        api_secret=args.api_secret,
        callback_url=args.callback_url,
        archive_processing=args.archive_processing,
    )
    server = EmulatorServer(emulator, args.host, args.port)

    async def serve() -> None:
        await server.start()
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
        print("\nemulator stopped")
    except OSError as exc:
        print(f"opentok emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def _demo_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--api-url", help="run against this emulator instead of starting one (default: start one)"
    )


def _run_demo(args: argparse.Namespace) -> int:
    from ._demo import run

    return run(api_url=args.api_url)


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command(
            "emulator",
            "serve a local OpenTok REST API emulator (Ctrl-C stops it)",
            _emulator_args,
            _run_emulator,
        ),
        Command(
            "demo",
            "walk through sessions, tokens, archives, broadcasts and moderation offline",
            _demo_args,
            _run_demo,
        ),
    )
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="opentok", description="opentok-py command line tools")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, cmd in COMMANDS.items():
        cmd.configure(sub.add_parser(name, help=cmd.help, description=cmd.help))
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    return COMMANDS[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
