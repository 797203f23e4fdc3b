"""``opentok`` commands for media the service produces: archives, broadcasts, Experience
Composer renders, live captions and the audio connector. One row per operation.
"""

from __future__ import annotations

from typing import Any

from opentok_core import (
    AudioTransport,
    BroadcastOptions,
    HlsOutput,
    Layout,
    Role,
    RtmpOutput,
    WebSocketOptions,
)
from opentok_core import operations as ops

from ._kit import (
    EXIT_USAGE,
    Arg,
    CliError,
    Command,
    Context,
    arg,
    every,
    op_arg,
    op_args,
    paging,
    pairs,
    text_or_file,
    token_arg,
    token_for,
)

__all__ = ["MEDIA_COMMANDS"]


def layout_of(args: Any) -> Layout | None:
    """A Layout from ``--layout``, ``--stylesheet`` and ``--screenshare-type`` (None if none)."""
    if args.type is None:
        if args.stylesheet is not None or args.screenshare_type is not None:
            raise CliError(EXIT_USAGE, "--stylesheet and --screenshare-type need --layout")
        return None
    return Layout.of(args.type, text_or_file(args.stylesheet), args.screenshare_type)


def layout_args(operation: type, layout: str) -> tuple[Arg, ...]:
    """``--layout``, ``--stylesheet`` and ``--screenshare-type``: the fields of the optional
    Layout at ``layout`` in ``operation`` (so none of them has a default)."""
    return (
        op_arg(
            operation,
            f"{layout}.type",
            flags=("--layout",),
            metavar="TYPE",
            help="composed layout type",
        ),
        op_arg(
            operation,
            f"{layout}.stylesheet",
            metavar="CSS|@FILE",
            help="CSS for the custom layout",
        ),
        op_arg(
            operation,
            f"{layout}.screenshare_type",
            metavar="TYPE",
            help="layout while someone shares a screen (bestFit only)",
        ),
    )


def set_layout_args(operation: type, resource_id: str) -> tuple[Arg, ...]:
    """The arguments of ``archive layout`` and ``broadcast layout``: the id, then the layout."""
    return (
        op_arg(operation, resource_id),
        op_arg(operation, "layout.type", flags=("type",), metavar="TYPE"),
        op_arg(
            operation,
            "layout.stylesheet",
            metavar="CSS|@FILE",
            help="CSS, with the custom type only",
        ),
        op_arg(operation, "layout.screenshare_type"),
    )


def _start_archive(x: Context) -> object:
    a = x.args
    transcription = None
    if a.primary_language_code or a.has_summary:
        # Either flag sends both keys. en-US is the service's own default language (the
        # operation leaves it unset), written out as the command line always has.
        transcription = {"primaryLanguageCode": a.primary_language_code or "en-US"}
        transcription["hasSummary"] = bool(a.has_summary)
    return x.client.start_archive(
        a.session_id,
        has_audio=a.has_audio,
        has_video=a.has_video,
        name=a.archive_name,
        output_mode=a.output_mode,
        stream_mode=a.stream_mode,
        resolution=a.resolution,
        layout=layout_of(a),
        multi_archive_tag=a.multi_archive_tag,
        max_bitrate=a.max_bitrate,
        quantization_parameter=a.quantization_parameter,
        has_transcription=a.has_transcription or transcription is not None,
        transcription_properties=transcription,
    )


def _list_archives(x: Context) -> object:
    a = x.args
    if a.all:
        return every(x.client.iter_archives(a.session_id))
    return x.client.list_archives(a.offset, a.count, a.session_id)


def _start_broadcast(x: Context) -> object:
    a = x.args
    hls = None
    if a.hls or a.dvr or a.low_latency:
        hls = HlsOutput(dvr=a.dvr, low_latency=a.low_latency)
    rtmp = tuple(RtmpOutput(server_url=url, stream_name=name) for url, name in a.rtmp or ())
    options = BroadcastOptions(
        hls=hls,
        rtmp=rtmp,
        layout=layout_of(a),
        max_duration=a.max_duration,
        max_bitrate=a.max_bitrate,
        resolution=a.resolution,
        multi_broadcast_tag=a.multi_broadcast_tag,
        has_audio=a.has_audio,
        has_video=a.has_video,
    )
    return x.client.start_broadcast(a.session_id, options, a.stream_mode)


def _list_broadcasts(x: Context) -> object:
    a = x.args
    if a.all:
        return every(x.client.iter_broadcasts(a.session_id))
    return x.client.list_broadcasts(a.offset, a.count, a.session_id)


def _list_renders(x: Context) -> object:
    a = x.args
    if a.all:
        return every(x.client.iter_renders())
    # A 0 is left to list_renders' own default, as `render list --count 0` always has been
    # (ListRenders refuses a count of 0; archive list and broadcast list pass it on).
    given = {"offset": a.offset, "count": a.count}
    return x.client.list_renders(**{name: value for name, value in given.items() if value})


def _start_render(x: Context) -> object:
    a = x.args
    return x.client.start_render(
        a.session_id,
        token_for(x, Role.PUBLISHER),
        a.url,
        a.max_duration,
        a.resolution,
        name=a.stream_name,
    )


def _start_captions(x: Context) -> object:
    a = x.args
    return x.client.start_captions(
        a.session_id,
        token_for(x, Role.MODERATOR),
        a.language_code,
        a.max_duration,
        a.partial_captions,
        a.status_callback_url,
    )


def _audio_transport(a: Any) -> AudioTransport | None:
    if a.transport is None:
        return None
    return AudioTransport(
        transport=a.transport,
        # The json transport takes one encoding (spec/service.md#audio-transport).
        encoding="base64" if a.transport == "json" else None,
        audio_field=a.audio_field,
        receive_audio_field=a.receive_audio_field,
    )


def _connect_audio(x: Context) -> object:
    a = x.args
    options = WebSocketOptions(
        uri=a.uri,
        streams=a.streams,
        headers=tuple(pairs(a.headers, "--header").items()),
        audio_rate=a.audio_rate,
        bidirectional=a.bidirectional,
        audio_transport=_audio_transport(a),
    )
    return x.client.connect_audio_to_websocket(a.session_id, token_for(x, Role.PUBLISHER), options)


MEDIA_COMMANDS: list[Command] = [
    Command(
        ("archive", "start"),
        "start recording a routed session",
        _start_archive,
        (
            *op_args(
                ops.StartArchive,
                "session_id",
                "archive_name",
                "has_audio",
                "has_video",
                "output_mode",
                "stream_mode",
                "resolution",
                archive_name={"flags": ("--name",)},
                has_audio={"help": "record no audio"},
                has_video={"help": "record no video"},
                resolution={"metavar": "WxH"},
            ),
            *layout_args(ops.StartArchive, "layout"),
            *op_args(
                ops.StartArchive,
                "multi_archive_tag",
                "max_bitrate",
                "quantization_parameter",
                "has_transcription",
                "transcription_properties.primary_language_code",
                "transcription_properties.has_summary",
                multi_archive_tag={"metavar": "TAG"},
                max_bitrate={"metavar": "BPS"},
                quantization_parameter={"metavar": "QP"},
                has_transcription={"help": "transcribe after the call"},
                primary_language_code={
                    "flags": ("--transcription-language",),
                    "metavar": "BCP47",
                    "help": "e.g. en-US",
                },
                has_summary={"flags": ("--transcription-summary",), "help": "with a summary"},
            ),
        ),
        examples=(
            "opentok archive start --session-id $SESSION --name standup --resolution 1280x720",
            "opentok archive start --session-id $SESSION --output-mode individual --json",
            "opentok archive start --session-id $SESSION --layout custom --stylesheet @layout.css",
        ),
    ),
    Command(
        ("archive", "stop"),
        "stop recording",
        lambda x: x.client.stop_archive(x.args.archive_id),
        op_args(ops.StopArchive, "archive_id"),
        examples=("opentok archive stop $ARCHIVE",),
    ),
    Command(
        ("archive", "get"),
        "show one archive",
        lambda x: x.client.get_archive(x.args.archive_id),
        op_args(ops.GetArchive, "archive_id"),
        examples=("opentok archive get $ARCHIVE --json",),
    ),
    Command(
        ("archive", "list"),
        "list archives, newest first",
        _list_archives,
        (
            op_arg(ops.ListArchives, "session_id", help="only this session's"),
            *paging(ops.ListArchives, "archive"),
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
        op_args(ops.DeleteArchive, "archive_id"),
        examples=("opentok archive delete $ARCHIVE",),
        done="archive {archive_id} deleted",
    ),
    Command(
        ("archive", "layout"),
        "change the layout of a composed archive while it records",
        lambda x: x.client.set_archive_layout(
            x.args.archive_id, x.args.type, text_or_file(x.args.stylesheet), x.args.screenshare_type
        ),
        set_layout_args(ops.SetArchiveLayout, "archive_id"),
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
            x.args.archive_id, x.args.stream_id, x.args.has_audio, x.args.has_video
        ),
        op_args(ops.AddArchiveStream, "archive_id", "stream_id", "has_audio", "has_video"),
        examples=("opentok archive add-stream $ARCHIVE $STREAM --no-video",),
        done="archive {archive_id}: stream {stream_id} added",
    ),
    Command(
        ("archive", "remove-stream"),
        "stop including a stream in a manual-stream-mode archive",
        lambda x: x.client.remove_archive_stream(x.args.archive_id, x.args.stream_id),
        op_args(ops.RemoveArchiveStream, "archive_id", "stream_id"),
        examples=("opentok archive remove-stream $ARCHIVE $STREAM",),
        done="archive {archive_id}: stream {stream_id} removed",
    ),
    Command(
        ("broadcast", "start"),
        "live stream a routed session to HLS and/or RTMP",
        _start_broadcast,
        (
            op_arg(ops.StartBroadcast, "session_id"),
            # An HLS output has no field of its own to be set (HlsOutput() is one).
            arg("--hls", action="store_true", help="an HLS output"),
            *op_args(
                ops.StartBroadcast,
                "options.hls.dvr",
                "options.hls.low_latency",
                dvr={"help": "HLS with rewind (implies --hls)"},
                low_latency={"help": "low-latency HLS (implies --hls)"},
            ),
            # Both fields of one RtmpOutput in one flag (see _start_broadcast).
            arg(
                "--rtmp",
                nargs=2,
                action="append",
                metavar=("SERVER_URL", "STREAM_NAME"),
                help="an RTMP target (repeatable, at most 5)",
            ),
            op_arg(ops.StartBroadcast, "stream_mode"),
            op_arg(BroadcastOptions, "resolution", metavar="WxH"),
            *layout_args(ops.StartBroadcast, "options.layout"),
            *op_args(
                BroadcastOptions,
                "max_duration",
                "max_bitrate",
                "multi_broadcast_tag",
                "has_audio",
                "has_video",
                max_duration={"metavar": "SECONDS", "help": "60-36000"},
                max_bitrate={"metavar": "BPS"},
                multi_broadcast_tag={"metavar": "TAG"},
                # Unset, the service's default (both on): the flags only turn one off.
                has_audio={"flags": ("--no-audio",), "action": "store_false"},
                has_video={"flags": ("--no-video",), "action": "store_false"},
            ),
        ),
        examples=(
            "opentok broadcast start --session-id $SESSION --hls --low-latency",
            "opentok broadcast start --session-id $SESSION --rtmp rtmp://live.example.com/app KEY",
        ),
    ),
    Command(
        ("broadcast", "stop"),
        "stop a broadcast",
        lambda x: x.client.stop_broadcast(x.args.broadcast_id),
        op_args(ops.StopBroadcast, "broadcast_id"),
        examples=("opentok broadcast stop $BROADCAST",),
    ),
    Command(
        ("broadcast", "get"),
        "show one broadcast (its HLS URL and RTMP states)",
        lambda x: x.client.get_broadcast(x.args.broadcast_id),
        op_args(ops.GetBroadcast, "broadcast_id"),
        examples=("opentok broadcast get $BROADCAST --json",),
    ),
    Command(
        ("broadcast", "list"),
        "list broadcasts, newest first",
        _list_broadcasts,
        (
            op_arg(ops.ListBroadcasts, "session_id", help="only this session's"),
            *paging(ops.ListBroadcasts, "broadcast"),
        ),
        examples=("opentok broadcast list --session-id $SESSION",),
    ),
    Command(
        ("broadcast", "layout"),
        "change the layout of a broadcast while it runs",
        lambda x: x.client.set_broadcast_layout(
            x.args.broadcast_id,
            x.args.type,
            text_or_file(x.args.stylesheet),
            x.args.screenshare_type,
        ),
        set_layout_args(ops.SetBroadcastLayout, "broadcast_id"),
        examples=("opentok broadcast layout $BROADCAST verticalPresentation",),
        done="broadcast {broadcast_id}: layout set to {type}",
    ),
    Command(
        ("broadcast", "add-stream"),
        "include a stream in a manual-stream-mode broadcast",
        lambda x: x.client.add_broadcast_stream(
            x.args.broadcast_id, x.args.stream_id, x.args.has_audio, x.args.has_video
        ),
        op_args(ops.AddBroadcastStream, "broadcast_id", "stream_id", "has_audio", "has_video"),
        examples=("opentok broadcast add-stream $BROADCAST $STREAM",),
        done="broadcast {broadcast_id}: stream {stream_id} added",
    ),
    Command(
        ("broadcast", "remove-stream"),
        "stop including a stream in a manual-stream-mode broadcast",
        lambda x: x.client.remove_broadcast_stream(x.args.broadcast_id, x.args.stream_id),
        op_args(ops.RemoveBroadcastStream, "broadcast_id", "stream_id"),
        examples=("opentok broadcast remove-stream $BROADCAST $STREAM",),
        done="broadcast {broadcast_id}: stream {stream_id} removed",
    ),
    Command(
        ("render", "start"),
        "render a web page into a session as a stream",
        _start_render,
        (
            *op_args(
                ops.StartRender,
                "session_id",
                "url",
                url={"help": "a publicly reachable http(s) URL"},
            ),
            token_arg("publisher"),
            *op_args(
                ops.StartRender,
                "max_duration",
                "resolution",
                "stream_name",
                max_duration={"metavar": "SECONDS", "help": "60-36000"},
                resolution={"metavar": "WxH"},
                stream_name={"flags": ("--name",), "help": "the composed stream's name"},
            ),
        ),
        examples=(
            "opentok render start --session-id $SESSION https://example.com/board --name board",
        ),
    ),
    Command(
        ("render", "get"),
        "show one render",
        lambda x: x.client.get_render(x.args.render_id),
        op_args(ops.GetRender, "render_id"),
        examples=("opentok render get $RENDER",),
    ),
    Command(
        ("render", "list"),
        "list renders, newest first",
        _list_renders,
        paging(ops.ListRenders, "render"),
        examples=("opentok render list --json",),
    ),
    Command(
        ("render", "stop"),
        "stop a render",
        lambda x: x.client.stop_render(x.args.render_id),
        op_args(ops.StopRender, "render_id"),
        examples=("opentok render stop $RENDER",),
        done="render {render_id} stopped",
    ),
    Command(
        ("captions", "start"),
        "start live captions for a routed session",
        _start_captions,
        (
            op_arg(ops.StartCaptions, "session_id"),
            token_arg("moderator"),
            *op_args(
                ops.StartCaptions,
                "language_code",
                "max_duration",
                "partial_captions",
                "status_callback_url",
                language_code={
                    "flags": ("--language",),
                    "metavar": "BCP47",
                    "help": "a BCP-47 language tag",
                },
                max_duration={"metavar": "SECONDS", "help": "300-14400"},
                partial_captions={"flags": ("--no-partial",), "help": "final captions only"},
                status_callback_url={"metavar": "URL"},
            ),
        ),
        examples=("opentok captions start --session-id $SESSION --language en-GB",),
    ),
    Command(
        ("captions", "stop"),
        "stop live captions",
        lambda x: x.client.stop_captions(x.args.captions_id),
        op_args(ops.StopCaptions, "captions_id"),
        examples=("opentok captions stop $CAPTIONS",),
        done="captions {captions_id} stopped",
    ),
    Command(
        ("captions", "get"),
        "show the status of live captions",
        lambda x: x.client.get_captions(x.args.captions_id),
        op_args(ops.GetCaptions, "captions_id"),
        examples=("opentok captions get $CAPTIONS --json",),
    ),
    Command(
        ("audio", "connect"),
        "stream a routed session's audio to a WebSocket server",
        _connect_audio,
        (
            op_arg(ops.ConnectAudioToWebsocket, "session_id"),
            op_arg(WebSocketOptions, "uri", metavar="WS_URI", help="ws:// or wss:// URL"),
            token_arg("publisher"),
            *op_args(
                WebSocketOptions,
                "streams",
                "headers",
                "audio_rate",
                "bidirectional",
                streams={
                    "flags": ("--stream-id",),
                    "metavar": "STREAM_ID",
                    "help": "only these streams",
                },
                headers={
                    "flags": ("--header",),
                    "metavar": "NAME=VALUE",
                    "help": "sent to your server",
                },
                # An int field the core checks against its three rates; opentok_core exports no
                # list of them, so the command line names them for argparse's usage line.
                audio_rate={
                    "choices": (8000, 16000, 24000),
                    "metavar": None,
                    "help": "samples per second",
                },
                bidirectional={"help": "play audio sent back"},
            ),
            *op_args(
                WebSocketOptions,
                "audio_transport.transport",
                "audio_transport.audio_field",
                "audio_transport.receive_audio_field",
                transport={"help": "frame audio as raw PCM (binary) or base64 in JSON messages"},
                audio_field={"help": "JSON key of the audio sent (json transport)"},
                receive_audio_field={"help": "JSON key of the audio received back"},
            ),
        ),
        examples=(
            "opentok audio connect --session-id $SESSION wss://example.com/audio --audio-rate 8000",
            "opentok audio connect --session-id $SESSION wss://example.com/audio "
            "--audio-rate 24000 --transport json",
        ),
    ),
    Command(
        ("audio", "disconnect"),
        "stop an Audio Connector connection (as 'disconnect' does through its session)",
        lambda x: x.client.disconnect_audio_from_websocket(x.args.connection_id),
        op_args(ops.DisconnectAudioFromWebsocket, "connection_id"),
        examples=("opentok audio disconnect $CONNECTION",),
        done="audio connection {connection_id} stopped",
    ),
]
