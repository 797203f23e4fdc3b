"""The ``opentok`` commands: one table row per operation, each calling one public Client method.

A row is ``Command(words, help, run, *arguments, examples=...)``; ``run`` gets a Context with
the parsed ``args`` and a ready ``client``. Input is validated by the SDK itself (a bad value
exits with code 2 and the SDK's message), so rows stay free of checks.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from opentok_core import (
    ArchiveMode,
    Layout,
    LayoutType,
    MediaMode,
    OutputMode,
    Resolution,
    Role,
    ScreenshareType,
    Signal,
    SipAuth,
    SipOptions,
    StreamClassList,
    StreamMode,
    TokenClaims,
    WebSocketOptions,
    decode_token,
    verify_token,
)

from ._cli_kit import (
    EXIT_USAGE,
    Arg,
    CliError,
    Command,
    Context,
    Output,
    arg,
    build_parser,
    environment,
    run,
    text_lines,
    to_data,
)

__all__ = ["COMMANDS", "GROUPS", "main"]

GROUPS = {
    "session": "create sessions",
    "token": "mint, decode and verify client tokens",
    "archive": "record sessions: start, stop, get, list, delete, layout, streams",
    "mute": "force streams to mute their audio",
    "stream": "inspect streams and set their layout classes",
    "sip": "connect SIP calls to a session",
    "render": "Experience Composer: render a web page into a session",
    "captions": "live captions",
    "audio": "stream a session's audio to a WebSocket server",
}


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


def text_or_file(value: str | None) -> str | None:
    """``@path`` reads the text of a file (as curl does); anything else is the value itself."""
    if value is None or not value.startswith("@"):
        return value
    try:
        return Path(value[1:]).expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise CliError(EXIT_USAGE, f"cannot read {value[1:]!r}: {exc}") from None


def layout_of(args: Any) -> Layout | None:
    """A Layout from ``--layout``, ``--stylesheet`` and ``--screenshare-type`` (None if none)."""
    if args.layout is None:
        if args.stylesheet is not None or args.screenshare_type is not None:
            raise CliError(EXIT_USAGE, "--stylesheet and --screenshare-type need --layout")
        return None
    return Layout.of(args.layout, text_or_file(args.stylesheet), args.screenshare_type)


LAYOUT_ARGS = (
    arg("--layout", metavar="TYPE", choices=_values(LayoutType), help="composed layout type"),
    arg("--stylesheet", metavar="CSS|@FILE", help="CSS for the custom layout"),
    arg(
        "--screenshare-type",
        metavar="TYPE",
        choices=_values(ScreenshareType),
        help="layout while someone shares a screen (bestFit only)",
    ),
)


# Sessions and tokens ------------------------------------------------------------------------


def _create_session(x: Context) -> object:
    a = x.args
    return x.client.create_session(
        location=a.location,
        media_mode=MediaMode.ROUTED if a.routed else a.media_mode,
        archive_mode=a.archive_mode,
        archive_name=a.archive_name,
        archive_resolution=a.archive_resolution,
        e2ee=a.e2ee,
    )


def _when(unix: int | None) -> str | None:
    if unix is None:
        return None
    moment = dt.datetime.fromtimestamp(unix, tz=dt.timezone.utc)
    return f"{unix} ({moment.isoformat(timespec='seconds').replace('+00:00', 'Z')})"


def claims_output(claims: TokenClaims, **extra: Any) -> Output:
    """Token claims for people (readable times) and scripts (every claim under ``claims``)."""
    data = {**extra, **to_data(claims), "claims": to_data(dict(claims.raw))}
    shown = {
        **extra,
        "format": claims.format,
        "issuer": claims.issuer,
        "session_id": claims.session_id,
        "role": claims.role,
        "issued_at": _when(claims.issued_at),
        "expire_time": _when(claims.expire_time),
        "data": claims.data,
        "initial_layout_class_list": " ".join(claims.initial_layout_class_list) or None,
    }
    return Output(data, "\n".join(text_lines(shown, "")))


def _mint(x: Context) -> object:
    a = x.args
    if a.session is None:
        raise CliError(EXIT_USAGE, "opentok token: --session is required (or use: token decode)")
    expire = a.expire_time
    if a.ttl is not None:
        expire = int(time.time()) + a.ttl
    token = x.client.generate_token(
        a.session,
        role=a.role,
        expire_time=expire,
        data=a.data,
        initial_layout_class_list=a.layout_class or None,
        use_jwt=not a.t1,
    )
    claims = decode_token(token)
    return Output({"token": token, **claims_output(claims).data}, token)


def _verify(x: Context) -> object:
    claims = verify_token(x.args.token, x.client.config.credentials, now=time.time())
    return claims_output(claims, signature="valid")


# Archives ----------------------------------------------------------------------------------


def _start_archive(x: Context) -> object:
    a = x.args
    transcription = None
    if a.transcription_language or a.transcription_summary:
        transcription = {"primaryLanguageCode": a.transcription_language or "en-US"}
        transcription["hasSummary"] = a.transcription_summary
    return x.client.start_archive(
        a.session_id,
        has_audio=not a.no_audio,
        has_video=not a.no_video,
        name=a.name,
        output_mode=a.output_mode,
        stream_mode=a.stream_mode,
        resolution=a.resolution,
        layout=layout_of(a),
        multi_archive_tag=a.multi_archive_tag,
        max_bitrate=a.max_bitrate,
        quantization_parameter=a.quantization_parameter,
        has_transcription=a.transcription or transcription is not None,
        transcription_properties=transcription,
    )


def _list_archives(x: Context) -> object:
    a = x.args
    if a.all:
        return list(x.client.iter_archives(a.session_id))
    return x.client.list_archives(a.offset, a.count, a.session_id)


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


def _signal(x: Context) -> object:
    a = x.args
    x.client.send_signal(a.session_id, Signal(data=a.data, type=a.type), a.connection)
    return None


def _class_lists(x: Context) -> object:
    items = [
        StreamClassList(
            stream_id=stream, layout_class_list=tuple(c for c in classes.split(",") if c)
        )
        for stream, classes in pairs(x.args.assignments, "a class list").items()
    ]
    x.client.set_stream_class_lists(x.args.session_id, items)
    return None


def _dial(x: Context) -> object:
    a = x.args
    auth = None
    if a.username is not None or a.password is not None:
        auth = SipAuth(username=a.username or "", password=text_or_file(a.password) or "")
    options = SipOptions(
        from_=a.from_,
        headers=tuple(pairs(a.header, "--header").items()),
        auth=auth,
        secure=a.secure or None,
        video=a.video or None,
        observe_force_mute=a.observe_force_mute or None,
        streams=a.stream,
    )
    return x.client.dial(a.session_id, token_for(x, Role.PUBLISHER), a.sip_uri, options)


def _start_render(x: Context) -> object:
    a = x.args
    return x.client.start_render(
        a.session_id,
        token_for(x, Role.PUBLISHER),
        a.url,
        a.max_duration,
        a.resolution,
        name=a.name,
    )


def _start_captions(x: Context) -> object:
    a = x.args
    return x.client.start_captions(
        a.session_id,
        token_for(x, Role.MODERATOR),
        a.language,
        a.max_duration,
        not a.no_partial,
        a.status_callback_url,
    )


def _connect_audio(x: Context) -> object:
    a = x.args
    options = WebSocketOptions(
        uri=a.uri,
        streams=a.stream,
        headers=tuple(pairs(a.header, "--header").items()),
        audio_rate=a.audio_rate,
        bidirectional=a.bidirectional or None,
    )
    return x.client.connect_audio_to_websocket(a.session_id, token_for(x, Role.PUBLISHER), options)


def _token_arg(role: str) -> Arg:
    return arg(
        "--token",
        metavar="TOKEN",
        help=f"the connection's client token (default: a fresh {role} token for the session)",
    )


ARCHIVE_ID = arg("archive_id", metavar="ARCHIVE_ID")
STREAM_ID = arg("stream_id", metavar="STREAM_ID")
SESSION_ID = arg("session_id", metavar="SESSION_ID")
CONNECTION_ID = arg("connection_id", metavar="CONNECTION_ID")
RENDER_ID = arg("render_id", metavar="RENDER_ID")


def _paging(what: str) -> tuple[Arg, ...]:
    return (
        arg("--offset", type=int, help=f"index of the first {what} (0: the newest)"),
        arg("--count", type=int, help="page size, 1-1000"),
        arg("--all", action="store_true", help="every page, fetched as needed"),
    )


COMMANDS: list[Command] = [
    Command(
        ("session", "create"),
        "create a session",
        _create_session,
        (
            arg(
                "--routed",
                action="store_true",
                help="through the media router (same as --media-mode routed)",
            ),
            arg("--media-mode", choices=_values(MediaMode), default="relayed"),
            arg("--archive-mode", choices=_values(ArchiveMode), default="manual"),
            arg("--archive-name", help="name of automatic archives (--archive-mode always)"),
            arg("--archive-resolution", choices=_values(Resolution), metavar="WxH"),
            arg("--location", metavar="IPV4", help="where the media server should be"),
            arg("--e2ee", action="store_true", help="end-to-end encryption (routed only)"),
        ),
        examples=(
            "opentok session create --routed",
            "opentok session create --routed --archive-mode always --archive-name daily",
        ),
    ),
    Command(
        ("token",),
        "mint a client token for a session (locally: no request is made)",
        _mint,
        (
            arg("--session", metavar="SESSION_ID", help="the session (required to mint)"),
            arg("--role", choices=_values(Role), default="publisher"),
            arg("--data", help="connection data, at most 1000 characters"),
            arg("--ttl", type=int, metavar="SECONDS", help="valid for this long (default 1 day)"),
            arg("--expire-time", type=int, metavar="UNIX", help="valid until this unix time"),
            arg(
                "--layout-class",
                action="append",
                metavar="CLASS",
                help="initial layout class (repeatable)",
            ),
            arg("--t1", action="store_true", help="the legacy T1 format instead of a JWT"),
        ),
        examples=(
            "opentok token --session 1_MX4xMjM0NTZ-... --role moderator --data name=Ann",
            "TOKEN=$(opentok token --session $SESSION --ttl 3600)",
        ),
    ),
    Command(
        ("token", "decode"),
        "show a token's claims without checking its signature (no credentials needed)",
        lambda x: claims_output(decode_token(x.args.token)),
        (arg("token", metavar="TOKEN"),),
        examples=("opentok token decode eyJhbGciOiJIUzI1NiIs...",),
    ),
    Command(
        ("token", "verify"),
        "check a token's signature and expiry against your credentials",
        _verify,
        (arg("token", metavar="TOKEN"),),
        examples=('opentok token verify "$TOKEN"',),
    ),
    Command(
        ("archive", "start"),
        "start recording a routed session",
        _start_archive,
        (
            SESSION_ID,
            arg("--name"),
            arg("--no-audio", action="store_true", help="record no audio"),
            arg("--no-video", action="store_true", help="record no video"),
            arg("--output-mode", choices=_values(OutputMode), default="composed"),
            arg("--stream-mode", choices=_values(StreamMode), default="auto"),
            arg("--resolution", choices=_values(Resolution), metavar="WxH"),
            *LAYOUT_ARGS,
            arg("--multi-archive-tag", metavar="TAG"),
            arg("--max-bitrate", type=int, metavar="BPS"),
            arg("--quantization-parameter", type=int, metavar="QP"),
            arg("--transcription", action="store_true", help="transcribe after the call"),
            arg("--transcription-language", metavar="BCP47", help="e.g. en-US"),
            arg("--transcription-summary", action="store_true", help="with a summary"),
        ),
        examples=(
            "opentok archive start $SESSION --name standup --resolution 1280x720",
            "opentok archive start $SESSION --output-mode individual --json",
            "opentok archive start $SESSION --layout custom --stylesheet @layout.css",
        ),
    ),
    Command(
        ("archive", "stop"),
        "stop recording",
        lambda x: x.client.stop_archive(x.args.archive_id),
        (ARCHIVE_ID,),
        examples=("opentok archive stop $ARCHIVE",),
    ),
    Command(
        ("archive", "get"),
        "show one archive",
        lambda x: x.client.get_archive(x.args.archive_id),
        (ARCHIVE_ID,),
        examples=("opentok archive get $ARCHIVE --json",),
    ),
    Command(
        ("archive", "list"),
        "list archives, newest first",
        _list_archives,
        (
            arg("--session-id", metavar="SESSION_ID", help="only this session's"),
            *_paging("archive"),
        ),
        examples=(
            "opentok archive list --count 10",
            "opentok archive list --session-id $SESSION --all",
        ),
    ),
    Command(
        ("archive", "delete"),
        "delete an archive and its file",
        lambda x: x.client.delete_archive(x.args.archive_id),
        (ARCHIVE_ID,),
        examples=("opentok archive delete $ARCHIVE",),
        done="archive {archive_id} deleted",
    ),
    Command(
        ("archive", "layout"),
        "change the layout of a composed archive while it records",
        lambda x: x.client.set_archive_layout(
            x.args.archive_id, x.args.type, text_or_file(x.args.stylesheet), x.args.screenshare_type
        ),
        (
            ARCHIVE_ID,
            arg("type", metavar="TYPE", choices=_values(LayoutType)),
            arg("--stylesheet", metavar="CSS|@FILE", help="CSS, with the custom type only"),
            arg("--screenshare-type", choices=_values(ScreenshareType)),
        ),
        examples=(
            "opentok archive layout $ARCHIVE bestFit --screenshare-type pip",
            "opentok archive layout $ARCHIVE custom --stylesheet @layout.css",
        ),
        done="archive {archive_id}: layout set to {type}",
    ),
    Command(
        ("archive", "add-stream"),
        "include a stream in a manual-stream-mode archive",
        lambda x: x.client.add_archive_stream(
            x.args.archive_id, x.args.stream_id, not x.args.no_audio, not x.args.no_video
        ),
        (
            ARCHIVE_ID,
            STREAM_ID,
            arg("--no-audio", action="store_true"),
            arg("--no-video", action="store_true"),
        ),
        examples=("opentok archive add-stream $ARCHIVE $STREAM --no-video",),
        done="archive {archive_id}: stream {stream_id} added",
    ),
    Command(
        ("archive", "remove-stream"),
        "stop including a stream in a manual-stream-mode archive",
        lambda x: x.client.remove_archive_stream(x.args.archive_id, x.args.stream_id),
        (ARCHIVE_ID, STREAM_ID),
        examples=("opentok archive remove-stream $ARCHIVE $STREAM",),
        done="archive {archive_id}: stream {stream_id} removed",
    ),
    Command(
        ("signal",),
        "send a signal to every client of a session, or to one connection",
        _signal,
        (
            SESSION_ID,
            arg("--data", required=True, help="the signal's data, at most 8 kB"),
            arg("--type", help="the signal's type, at most 128 bytes"),
            arg("--connection", metavar="CONNECTION_ID", help="only this client"),
        ),
        examples=(
            "opentok signal $SESSION --type chat --data 'hello everyone'",
            "opentok signal $SESSION --data ping --connection $CONNECTION",
        ),
        done="signal sent",
    ),
    Command(
        ("disconnect",),
        "disconnect a client (also hangs up a SIP call or stops an audio connection)",
        lambda x: x.client.force_disconnect(x.args.session_id, x.args.connection_id),
        (SESSION_ID, CONNECTION_ID),
        examples=("opentok disconnect $SESSION $CONNECTION",),
        done="connection {connection_id} disconnected",
    ),
    Command(
        ("mute", "stream"),
        "force one stream to mute its audio",
        lambda x: x.client.mute_stream(x.args.session_id, x.args.stream_id),
        (SESSION_ID, STREAM_ID),
        examples=("opentok mute stream $SESSION $STREAM",),
        done="stream {stream_id} muted",
    ),
    Command(
        ("mute", "all"),
        "mute every stream of a session (and streams published later) but the excluded",
        lambda x: x.client.mute_all(x.args.session_id, x.args.exclude),
        (
            SESSION_ID,
            arg(
                "--exclude", action="append", metavar="STREAM_ID", help="leave unmuted (repeatable)"
            ),
        ),
        examples=("opentok mute all $SESSION --exclude $PRESENTER_STREAM",),
        done="session muted",
    ),
    Command(
        ("mute", "off"),
        "stop muting streams published after 'mute all'",
        lambda x: x.client.disable_force_mute(x.args.session_id),
        (SESSION_ID,),
        examples=("opentok mute off $SESSION",),
        done="force mute disabled",
    ),
    Command(
        ("stream", "get"),
        "show one stream of a session",
        lambda x: x.client.get_stream(x.args.session_id, x.args.stream_id),
        (SESSION_ID, STREAM_ID),
        examples=("opentok stream get $SESSION $STREAM",),
    ),
    Command(
        ("stream", "list"),
        "list the streams of a session",
        lambda x: x.client.list_streams(x.args.session_id),
        (SESSION_ID,),
        examples=("opentok stream list $SESSION --json",),
    ),
    Command(
        ("stream", "classes"),
        "set the layout classes of streams (empty after '=' clears them)",
        _class_lists,
        (
            SESSION_ID,
            arg("assignments", nargs="+", metavar="STREAM_ID=CLASS[,CLASS...]"),
        ),
        examples=("opentok stream classes $SESSION $STREAM=focus,full $OTHER=",),
        done="layout classes set",
    ),
    Command(
        ("sip", "dial"),
        "connect a SIP endpoint to a routed session",
        _dial,
        (
            SESSION_ID,
            arg("sip_uri", metavar="SIP_URI", help="sip:user@host (;transport=tls for TLS)"),
            _token_arg("publisher"),
            arg(
                "--from",
                dest="from_",
                metavar="FROM",
                help="caller id, e.g. 14155550101@example.com",
            ),
            arg("--header", action="append", metavar="X-NAME=VALUE", help="custom SIP header"),
            arg("--username", help="SIP digest auth user"),
            arg("--password", metavar="PASSWORD|@FILE", help="SIP digest auth password"),
            arg("--secure", action="store_true", help="encrypt media (SRTP)"),
            arg("--video", action="store_true", help="send and receive video"),
            arg("--observe-force-mute", action="store_true", help="obey 'mute all'"),
            arg("--stream", action="append", metavar="STREAM_ID", help="only these streams"),
        ),
        examples=(
            "opentok sip dial $SESSION 'sip:+15551234567@sip.example.com;transport=tls' --secure",
        ),
    ),
    Command(
        ("dtmf",),
        "play DTMF tones into the SIP calls of a session, or into one connection",
        lambda x: x.client.play_dtmf(x.args.session_id, x.args.digits, x.args.connection),
        (
            SESSION_ID,
            arg("digits", metavar="DIGITS", help="0-9, *, # and p (a 500 ms pause)"),
            arg("--connection", metavar="CONNECTION_ID", help="only this SIP participant"),
        ),
        examples=("opentok dtmf $SESSION '1234#'", "opentok dtmf $SESSION 9p1 --connection $CONN"),
        done="digits played",
    ),
    Command(
        ("render", "start"),
        "render a web page into a session as a stream",
        _start_render,
        (
            SESSION_ID,
            arg("url", metavar="URL", help="a publicly reachable http(s) URL"),
            _token_arg("publisher"),
            arg("--max-duration", type=int, default=7200, metavar="SECONDS", help="60-36000"),
            arg("--resolution", choices=_values(Resolution), default="1280x720", metavar="WxH"),
            arg("--name", help="the composed stream's name"),
        ),
        examples=("opentok render start $SESSION https://example.com/board --name board",),
    ),
    Command(
        ("render", "get"),
        "show one render",
        lambda x: x.client.get_render(x.args.render_id),
        (RENDER_ID,),
        examples=("opentok render get $RENDER",),
    ),
    Command(
        ("render", "stop"),
        "stop a render",
        lambda x: x.client.stop_render(x.args.render_id),
        (RENDER_ID,),
        examples=("opentok render stop $RENDER",),
        done="render {render_id} stopped",
    ),
    Command(
        ("captions", "start"),
        "start live captions for a routed session",
        _start_captions,
        (
            SESSION_ID,
            _token_arg("moderator"),
            arg("--language", default="en-US", metavar="BCP47", help="e.g. en-US (default)"),
            arg("--max-duration", type=int, default=14400, metavar="SECONDS", help="300-14400"),
            arg("--no-partial", action="store_true", help="final captions only"),
            arg("--status-callback-url", metavar="URL"),
        ),
        examples=("opentok captions start $SESSION --language en-GB",),
    ),
    Command(
        ("captions", "stop"),
        "stop live captions",
        lambda x: x.client.stop_captions(x.args.captions_id),
        (arg("captions_id", metavar="CAPTIONS_ID"),),
        examples=("opentok captions stop $CAPTIONS",),
        done="captions {captions_id} stopped",
    ),
    Command(
        ("audio", "connect"),
        "stream a routed session's audio to a WebSocket server",
        _connect_audio,
        (
            SESSION_ID,
            arg("uri", metavar="WS_URI", help="ws:// or wss:// URL"),
            _token_arg("publisher"),
            arg("--stream", action="append", metavar="STREAM_ID", help="only these streams"),
            arg("--header", action="append", metavar="NAME=VALUE", help="sent to your server"),
            arg("--audio-rate", type=int, choices=(8000, 16000), help="samples per second"),
            arg("--bidirectional", action="store_true", help="play audio sent back"),
        ),
        examples=("opentok audio connect $SESSION wss://example.com/audio --audio-rate 16000",),
    ),
]

DESCRIPTION = """\
The OpenTok / Vonage Video REST API from the command line.

Credentials come from the flags, or from OPENTOK_API_KEY and OPENTOK_API_SECRET (an OpenTok
project), or VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY (a Vonage application; the key as a
file path or PEM text). OPENTOK_API_URL points the commands elsewhere, e.g. at an emulator.
Results print as text tables; --json prints JSON for scripts. Errors are one line on stderr
with an exit code per class (below)."""

EXAMPLES = (
    "opentok session create --routed",
    "opentok token --session $SESSION --role moderator --data name=Ann",
    "opentok archive start $SESSION --name standup --json",
    "opentok archive list --count 5",
)


def main(argv: Sequence[str] | None = None, *, extra: Sequence[Command] = ()) -> int:
    """Run the ``opentok`` command line (``extra`` adds commands such as ``emulator``)."""
    parser = build_parser(
        [*COMMANDS, *extra],
        description=DESCRIPTION,
        examples=EXAMPLES,
        epilog="Run `opentok COMMAND --help` for a command's options and examples.",
        groups=GROUPS,
        argv=sys.argv[1:] if argv is None else argv,
    )
    return run(parser, argv, out=sys.stdout, err=sys.stderr, environ=environment())
