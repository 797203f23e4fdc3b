"""The local tools of the ``opentok`` command, and its entry point ``main``.

Every REST operation is a command row in ``_session_commands.py`` /
``_media_commands.py`` (see ``_commands.py``); this module adds the local tools:

* ``opentok emulator``: serve the emulator on loopback until Ctrl-C (OpenTok project
  credentials, and Vonage application ones with ``--application-id``/``--public-key`` or
  ``--new-application``); ``opentok emulator connect | participants | disconnect`` drive its
  simulated participants (``_participants``).
* ``opentok demo``: a walkthrough of the API against an emulator started for it.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from ._commands import main as run_commands
from ._commands import make_parser
from ._completion import SHELLS, script
from ._kit import EXIT_USAGE, Command
from ._participants import PARTICIPANTS

__all__ = ["TOOLS", "main"]


def _at_least_one(text: str) -> int:
    """A whole number of at least 1, for argparse (which reports a ValueError as usage)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _emulator_args(parser: argparse.ArgumentParser) -> None:
    from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET

    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="interface (default 127.0.0.1; any other than loopback prints a warning)",
    )
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any)")
    # No argparse default: `opentok emulator connect` below this parser takes its credentials
    # from its own flags or the environment, which a default here would shadow.
    parser.add_argument("--api-key", help=f"project API key to accept (default {DEMO_API_KEY})")
    parser.add_argument("--api-secret", help=f"its API secret (default {DEMO_API_SECRET})")
    parser.add_argument(
        "--application-id",
        metavar="ID",
        help="also accept this Vonage application (with --public-key)",
    )
    parser.add_argument(
        "--public-key",
        metavar="PATH",
        help="the application's RSA public key, a PEM file (with --application-id)",
    )
    parser.add_argument(
        "--new-application",
        action="store_true",
        help="make a Vonage application: a fresh key pair, its id and private key file printed",
    )
    parser.add_argument("--callback-url", help="POST callback events (archive, session) here")
    parser.add_argument(
        "--signature-secret",
        metavar="S",
        help="sign every callback with this secret, as secure callbacks are (Bearer JWT)",
    )
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
    parser.add_argument(
        "--request-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="answer 408 to a request not all arrived this long after its first byte (default 30)",
    )
    parser.add_argument(
        "--max-sessions",
        type=_at_least_one,
        default=10_000,
        metavar="N",
        help="keep at most N sessions: past it the oldest ended ones go (default 10000)",
    )
    parser.add_argument("--verbose", action="store_true", help="log callback failures")


def _applications(args: argparse.Namespace, keys: Path) -> dict[str, bytes]:
    """The Vonage applications the emulator accepts (id -> public key PEM):
    ``--application-id``/``--public-key``, and with ``--new-application`` a fresh one whose
    private key is written under ``keys``."""
    from opentok_emulator import new_application

    found: dict[str, bytes] = {}
    if (args.application_id is None) != (args.public_key is None):
        raise SystemExit("opentok emulator: give --application-id and --public-key together")
    if args.application_id is not None:
        try:
            found[args.application_id] = Path(args.public_key).expanduser().read_bytes()
        except OSError as exc:
            raise SystemExit(f"opentok emulator: cannot read --public-key: {exc}") from None
    if args.new_application:
        app = new_application()
        path = keys / f"{app.application_id}.key"
        path.write_bytes(app.private_key)
        path.chmod(0o600)
        found[app.application_id] = app.signing_key.public_pem()  # type: ignore[attr-defined]
    return found


@contextlib.contextmanager
def _key_dir(wanted: bool) -> Iterator[Path]:
    """A private directory for a generated key, removed when the emulator stops."""
    if not wanted:
        yield Path()
        return
    with tempfile.TemporaryDirectory(prefix="opentok-emulator-") as name:
        yield Path(name)


def _run_emulator(args: argparse.Namespace) -> int:
    with _key_dir(args.new_application) as keys:
        try:
            applications = _applications(args, keys)
        except SystemExit as exc:
            print(exc, file=sys.stderr)
            return EXIT_USAGE
        return _serve(args, applications, keys)


def _serve(args: argparse.Namespace, applications: dict[str, bytes], keys: Path) -> int:
    import asyncio
    import logging
    import signal

    from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET, new_emulator
    from opentok_emulator.server import EmulatorServer, loopback_warning

    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING)
    warning = loopback_warning(args.host)
    if warning is not None:
        print(warning, file=sys.stderr)
    api_key = args.api_key or DEMO_API_KEY
    api_secret = args.api_secret or DEMO_API_SECRET
    try:
        emulator = new_emulator(
            api_key=api_key,
            api_secret=api_secret,
            applications=applications,
            callback_url=args.callback_url,
            archive_processing=args.archive_processing,
            signature_secret=args.signature_secret,
            max_sessions=args.max_sessions,
        )
    except ValueError as exc:
        print(f"opentok emulator: --public-key: {exc}", file=sys.stderr)
        return EXIT_USAGE
    server = EmulatorServer(
        emulator,
        args.host,
        args.port,
        idle_timeout=args.idle_timeout,
        request_timeout=args.request_timeout,
    )

    async def serve() -> None:
        await server.start()
        loop = asyncio.get_running_loop()
        if sys.platform != "win32":  # Windows loops have no signal handlers: Ctrl-C raises there
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signum, lambda: asyncio.ensure_future(server.aclose()))
        print(f"OpenTok emulator listening on {server.url}")
        print(f"  api_key     {api_key}")
        print(f"  api_secret  {api_secret}")
        for app_id in applications:
            print(f"  application_id {app_id}")
            generated = keys / f"{app_id}.key"
            if args.new_application and generated.exists():
                print(f"  private_key    {generated}")
        print(f"  control API {server.url}/_emulator")
        if args.callback_url:
            print(f"  callbacks   {args.callback_url}")
        if args.signature_secret:
            print("  callbacks are signed (secure callbacks) with the given --signature-secret")
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
            "opentok emulator --new-application",
            "opentok emulator --application-id $APP_ID --public-key app.pub.pem",
        ),
        configure=_emulator_args,
        prints=True,
        common=False,
    ),
    *PARTICIPANTS,
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
