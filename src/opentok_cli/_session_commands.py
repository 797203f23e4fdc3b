"""``opentok`` commands for sessions and what happens in them: sessions, tokens, signals,
disconnect, mute, streams, SIP and DTMF. One row per operation, each calling one Client method.
"""

from __future__ import annotations

import datetime as dt
import inspect
import sys
import time
from pathlib import Path
from typing import Any

from opentok_core import (
    MediaMode,
    Role,
    Signal,
    SipAuth,
    SipOptions,
    StreamClassList,
    TokenClaims,
    decode_token,
    parse_callback,
    verify_token,
)
from opentok_core import operations as ops
from opentok_sync import Client

from ._kit import (
    EXIT_USAGE,
    CliError,
    Command,
    Context,
    arg,
    choices,
    op_arg,
    op_args,
    pairs,
    text_or_file,
    token_arg,
    token_for,
)
from ._output import Output, text_lines, to_data

__all__ = ["SESSION_COMMANDS"]


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
    if a.session_id is None:
        raise CliError(EXIT_USAGE, "opentok token: --session-id is required (or use: token decode)")
    expire = a.expire_time
    if a.ttl is not None:
        expire = int(time.time()) + a.ttl
    token = x.client.generate_token(
        a.session_id,
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


def _signal(x: Context) -> object:
    a = x.args
    x.client.send_signal(a.session_id, Signal(data=a.data, type=a.type), a.connection_id)
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


def _parse_callback(x: Context) -> object:
    source = x.args.file
    if source in (None, "-"):
        body = sys.stdin.buffer.read()
    else:
        try:
            body = Path(source).expanduser().read_bytes()
        except OSError as exc:
            raise CliError(EXIT_USAGE, f"cannot read {source!r}: {exc}") from None
    event = parse_callback(body)
    return Output(
        {"type": type(event).__name__, **to_data(event)},
        type(event).__name__ + "\n" + "\n".join(text_lines(event, "")),
    )


def _dial(x: Context) -> object:
    a = x.args
    auth = None
    if a.username is not None or a.password is not None:
        auth = SipAuth(username=a.username or "", password=text_or_file(a.password) or "")
    options = SipOptions(
        from_=a.from_,
        headers=tuple(pairs(a.headers, "--header").items()),
        auth=auth,
        secure=a.secure,
        video=a.video,
        observe_force_mute=a.observe_force_mute,
        streams=a.streams,
    )
    return x.client.dial(a.session_id, token_for(x, Role.PUBLISHER), a.sip_uri, options)


#: The parameters of Client.generate_token (``opentok token`` mints locally: no operation).
_MINT = inspect.signature(Client.generate_token).parameters

SESSION_COMMANDS: list[Command] = [
    Command(
        ("callback", "parse"),
        "read a callback (webhook) body the service POSTed and show its typed event",
        _parse_callback,
        (
            arg(
                "file",
                nargs="?",
                metavar="FILE",
                help="a file with the JSON body (default, or -: standard input)",
            ),
        ),
        examples=("opentok callback parse event.json", "pbpaste | opentok callback parse --json"),
        needs="nothing",
    ),
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
            *op_args(
                ops.CreateSession,
                "media_mode",
                "archive_mode",
                "archive_name",
                "archive_resolution",
                "location",
                "e2ee",
                archive_name={"help": "name of automatic archives (--archive-mode always)"},
                archive_resolution={"metavar": "WxH"},
                location={"metavar": "IPV4", "help": "where the media server should be"},
                e2ee={"help": "end-to-end encryption (routed only)"},
            ),
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
            arg(
                "--session-id",
                metavar="SESSION_ID",
                dest="session_id",
                help="the session (required to mint)",
            ),
            # Minted locally, by no operation: the role's default is the Client method's.
            arg("--role", choices=choices(Role), default=_MINT["role"].default.value),
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
            "opentok token --session-id 1_MX4xMjM0NTZ-... --role moderator --data name=Ann",
            "TOKEN=$(opentok token --session-id $SESSION --ttl 3600)",
        ),
        needs="credentials",
    ),
    Command(
        ("token", "decode"),
        "show a token's claims without checking its signature (no credentials needed)",
        lambda x: claims_output(decode_token(x.args.token)),
        (arg("token", metavar="TOKEN"),),
        examples=("opentok token decode eyJhbGciOiJIUzI1NiIs...",),
        needs="nothing",
    ),
    Command(
        ("token", "verify"),
        "check a token's signature and expiry against your credentials",
        _verify,
        (arg("token", metavar="TOKEN"),),
        examples=('opentok token verify "$TOKEN"',),
        needs="credentials",
    ),
    Command(
        ("signal",),
        "send a signal to every client of a session, or to one connection",
        _signal,
        (
            op_arg(ops.SendSignal, "session_id"),
            *op_args(
                Signal,
                data={"flags": ("--data",), "help": "the signal's data, at most 8 kB"},
                type={"help": "the signal's type, at most 128 bytes"},
            ),
            op_arg(
                ops.SendSignal,
                "connection_id",
                flags=("--connection-id",),
                metavar="CONNECTION_ID",
                help="only this client",
            ),
        ),
        examples=(
            "opentok signal --session-id $SESSION --type chat --data 'hello everyone'",
            "opentok signal --session-id $SESSION --data ping --connection-id $CONNECTION",
        ),
        done="signal sent",
    ),
    Command(
        ("disconnect",),
        "disconnect a client (also hangs up a SIP call or stops an audio connection)",
        lambda x: x.client.force_disconnect(x.args.session_id, x.args.connection_id),
        op_args(ops.ForceDisconnect, "session_id", "connection_id"),
        examples=("opentok disconnect --session-id $SESSION $CONNECTION",),
        done="connection {connection_id} disconnected",
    ),
    Command(
        ("mute", "stream"),
        "force one stream to mute its audio",
        lambda x: x.client.mute_stream(x.args.session_id, x.args.stream_id),
        op_args(ops.MuteStream, "session_id", "stream_id"),
        examples=("opentok mute stream --session-id $SESSION $STREAM",),
        done="stream {stream_id} muted",
    ),
    Command(
        ("mute", "all"),
        "mute every stream of a session (and streams published later) but the excluded",
        lambda x: x.client.mute_all(x.args.session_id, x.args.excluded_stream_ids),
        op_args(
            ops.MuteAll,
            "session_id",
            excluded_stream_ids={
                "flags": ("--exclude",),
                "metavar": "STREAM_ID",
                "help": "leave unmuted (repeatable)",
            },
        ),
        examples=("opentok mute all --session-id $SESSION --exclude $PRESENTER_STREAM",),
        done="session muted",
    ),
    Command(
        ("mute", "off"),
        "stop muting streams published after 'mute all'",
        lambda x: x.client.disable_force_mute(x.args.session_id),
        op_args(ops.DisableForceMute, "session_id"),
        examples=("opentok mute off --session-id $SESSION",),
        done="force mute disabled",
    ),
    Command(
        ("stream", "get"),
        "show one stream of a session",
        lambda x: x.client.get_stream(x.args.session_id, x.args.stream_id),
        op_args(ops.GetStream, "session_id", "stream_id"),
        examples=("opentok stream get --session-id $SESSION $STREAM",),
    ),
    Command(
        ("stream", "list"),
        "list the streams of a session",
        lambda x: x.client.list_streams(x.args.session_id),
        op_args(ops.ListStreams, "session_id"),
        examples=("opentok stream list --session-id $SESSION --json",),
    ),
    Command(
        ("stream", "class-list"),
        "set the layout classes of one stream (none clears them)",
        lambda x: x.client.set_stream_class_list(
            x.args.session_id, x.args.stream_id, x.args.layout_class_list
        ),
        op_args(
            ops.SetStreamClassList,
            "session_id",
            "stream_id",
            "layout_class_list",
            layout_class_list={"metavar": "CLASS", "help": "class names (none: clear them)"},
        ),
        examples=("opentok stream class-list --session-id $SESSION $STREAM focus full",),
        done="layout classes of stream {stream_id} set",
    ),
    Command(
        ("connection", "list"),
        "list the connections of a session",
        lambda x: x.client.list_connections(x.args.session_id),
        op_args(ops.ListConnections, "session_id"),
        examples=("opentok connection list --session-id $SESSION --json",),
    ),
    Command(
        ("stream", "classes"),
        "set the layout classes of streams (empty after '=' clears them)",
        _class_lists,
        (
            op_arg(ops.SetStreamClassLists, "session_id"),
            # The command line's spelling of the items: STREAM_ID=CLASS,CLASS (see _class_lists).
            arg("assignments", nargs="+", metavar="STREAM_ID=CLASS[,CLASS...]"),
        ),
        examples=("opentok stream classes --session-id $SESSION $STREAM=focus,full $OTHER=",),
        done="layout classes set",
    ),
    Command(
        ("sip", "dial"),
        "connect a SIP endpoint to a routed session",
        _dial,
        (
            *op_args(
                ops.Dial,
                "session_id",
                sip_uri={"help": "sip:user@host (;transport=tls for TLS)"},
            ),
            token_arg("publisher"),
            *op_args(
                SipOptions,
                "from_",
                "headers",
                "auth.username",
                "auth.password",
                "secure",
                "video",
                "observe_force_mute",
                "streams",
                from_={"help": "caller id, e.g. 14155550101@example.com"},
                headers={
                    "flags": ("--header",),
                    "metavar": "X-NAME=VALUE",
                    "help": "custom SIP header",
                },
                username={"help": "SIP digest auth user"},
                password={"metavar": "PASSWORD|@FILE", "help": "SIP digest auth password"},
                secure={"help": "encrypt media (SRTP)"},
                video={"help": "send and receive video"},
                observe_force_mute={"help": "obey 'mute all'"},
                streams={
                    "flags": ("--stream-id",),
                    "metavar": "STREAM_ID",
                    "help": "only these streams",
                },
            ),
        ),
        examples=(
            "opentok sip dial --session-id $SESSION 'sip:+15551234567@example.com;transport=tls'",
        ),
    ),
    Command(
        ("dtmf",),
        "play DTMF tones into the SIP calls of a session, or into one connection",
        lambda x: x.client.play_dtmf(x.args.session_id, x.args.connection_id, x.args.digits),
        op_args(
            ops.PlayDtmf,
            "session_id",
            "digits",
            "connection_id",
            digits={"help": "0-9, *, # and p (a 500 ms pause)"},
            connection_id={
                "flags": ("--connection-id",),
                "metavar": "CONNECTION_ID",
                "help": "only this SIP participant",
            },
        ),
        examples=(
            "opentok dtmf --session-id $SESSION '1234#'",
            "opentok dtmf --session-id $SESSION 9p1 --connection-id $CONN",
        ),
        done="digits played",
    ),
]
