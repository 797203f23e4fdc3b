"""``opentok`` commands for media the service produces: archives, broadcasts, Experience
Composer renders, live captions and the audio connector. One row per operation.
"""

from __future__ import annotations

from typing import Any

from opentok_core import (
    BroadcastOptions,
    HlsOutput,
    Layout,
    LayoutType,
    OutputMode,
    Resolution,
    Role,
    RtmpOutput,
    ScreenshareType,
    StreamMode,
    WebSocketOptions,
)

from ._kit import (
    EXIT_USAGE,
    SESSION_ID,
    STREAM_ID,
    CliError,
    Command,
    Context,
    arg,
    choices,
    paging,
    pairs,
    text_or_file,
    token_arg,
    token_for,
)

__all__ = ["MEDIA_COMMANDS"]


def layout_of(args: Any) -> Layout | None:
    """A Layout from ``--layout``, ``--stylesheet`` and ``--screenshare-type`` (None if none)."""
    if args.layout is None:
        if args.stylesheet is not None or args.screenshare_type is not None:
            raise CliError(EXIT_USAGE, "--stylesheet and --screenshare-type need --layout")
        return None
    return Layout.of(args.layout, text_or_file(args.stylesheet), args.screenshare_type)


LAYOUT_ARGS = (
    arg("--layout", metavar="TYPE", choices=choices(LayoutType), help="composed layout type"),
    arg("--stylesheet", metavar="CSS|@FILE", help="CSS for the custom layout"),
    arg(
        "--screenshare-type",
        metavar="TYPE",
        choices=choices(ScreenshareType),
        help="layout while someone shares a screen (bestFit only)",
    ),
)


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


def _start_broadcast(x: Context) -> object:
    a = x.args
    hls = None
    if a.hls or a.dvr or a.low_latency:
        hls = HlsOutput(dvr=a.dvr or None, low_latency=a.low_latency or None)
    rtmp = tuple(RtmpOutput(server_url=url, stream_name=name) for url, name in a.rtmp or ())
    options = BroadcastOptions(
        hls=hls,
        rtmp=rtmp,
        layout=layout_of(a),
        max_duration=a.max_duration,
        max_bitrate=a.max_bitrate,
        resolution=a.resolution,
        multi_broadcast_tag=a.multi_broadcast_tag,
        has_audio=False if a.no_audio else None,
        has_video=False if a.no_video else None,
    )
    return x.client.start_broadcast(a.session_id, options, a.stream_mode)


def _list_broadcasts(x: Context) -> object:
    a = x.args
    if a.all:
        return list(x.client.iter_broadcasts(a.session_id))
    return x.client.list_broadcasts(a.offset, a.count, a.session_id)


def _list_renders(x: Context) -> object:
    a = x.args
    if a.all:
        return list(x.client.iter_renders())
    return x.client.list_renders(a.offset or 0, a.count or 50)


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


ARCHIVE_ID = arg("archive_id", metavar="ARCHIVE_ID")
BROADCAST_ID = arg("broadcast_id", metavar="BROADCAST_ID")
RENDER_ID = arg("render_id", metavar="RENDER_ID")


MEDIA_COMMANDS: list[Command] = [
    Command(
        ("archive", "start"),
        "start recording a routed session",
        _start_archive,
        (
            SESSION_ID,
            arg("--name"),
            arg("--no-audio", action="store_true", help="record no audio"),
            arg("--no-video", action="store_true", help="record no video"),
            arg("--output-mode", choices=choices(OutputMode), default="composed"),
            arg("--stream-mode", choices=choices(StreamMode), default="auto"),
            arg("--resolution", choices=choices(Resolution), metavar="WxH"),
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
            *paging("archive"),
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
            arg("type", metavar="TYPE", choices=choices(LayoutType)),
            arg("--stylesheet", metavar="CSS|@FILE", help="CSS, with the custom type only"),
            arg("--screenshare-type", choices=choices(ScreenshareType)),
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
        ("broadcast", "start"),
        "live stream a routed session to HLS and/or RTMP",
        _start_broadcast,
        (
            SESSION_ID,
            arg("--hls", action="store_true", help="an HLS output"),
            arg("--dvr", action="store_true", help="HLS with rewind (implies --hls)"),
            arg("--low-latency", action="store_true", help="low-latency HLS (implies --hls)"),
            arg(
                "--rtmp",
                nargs=2,
                action="append",
                metavar=("SERVER_URL", "STREAM_NAME"),
                help="an RTMP target (repeatable, at most 5)",
            ),
            arg("--stream-mode", choices=choices(StreamMode), default="auto"),
            arg("--resolution", choices=choices(Resolution), metavar="WxH"),
            *LAYOUT_ARGS,
            arg("--max-duration", type=int, metavar="SECONDS", help="60-36000"),
            arg("--max-bitrate", type=int, metavar="BPS"),
            arg("--multi-broadcast-tag", metavar="TAG"),
            arg("--no-audio", action="store_true"),
            arg("--no-video", action="store_true"),
        ),
        examples=(
            "opentok broadcast start $SESSION --hls --low-latency",
            "opentok broadcast start $SESSION --rtmp rtmp://live.example.com/app stream-key",
        ),
    ),
    Command(
        ("broadcast", "stop"),
        "stop a broadcast",
        lambda x: x.client.stop_broadcast(x.args.broadcast_id),
        (BROADCAST_ID,),
        examples=("opentok broadcast stop $BROADCAST",),
    ),
    Command(
        ("broadcast", "get"),
        "show one broadcast (its HLS URL and RTMP states)",
        lambda x: x.client.get_broadcast(x.args.broadcast_id),
        (BROADCAST_ID,),
        examples=("opentok broadcast get $BROADCAST --json",),
    ),
    Command(
        ("broadcast", "list"),
        "list broadcasts, newest first",
        _list_broadcasts,
        (
            arg("--session-id", metavar="SESSION_ID", help="only this session's"),
            *paging("broadcast"),
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
        (
            BROADCAST_ID,
            arg("type", metavar="TYPE", choices=choices(LayoutType)),
            arg("--stylesheet", metavar="CSS|@FILE", help="CSS, with the custom type only"),
            arg("--screenshare-type", choices=choices(ScreenshareType)),
        ),
        examples=("opentok broadcast layout $BROADCAST verticalPresentation",),
        done="broadcast {broadcast_id}: layout set to {type}",
    ),
    Command(
        ("broadcast", "add-stream"),
        "include a stream in a manual-stream-mode broadcast",
        lambda x: x.client.add_broadcast_stream(
            x.args.broadcast_id, x.args.stream_id, not x.args.no_audio, not x.args.no_video
        ),
        (
            BROADCAST_ID,
            STREAM_ID,
            arg("--no-audio", action="store_true"),
            arg("--no-video", action="store_true"),
        ),
        examples=("opentok broadcast add-stream $BROADCAST $STREAM",),
        done="broadcast {broadcast_id}: stream {stream_id} added",
    ),
    Command(
        ("broadcast", "remove-stream"),
        "stop including a stream in a manual-stream-mode broadcast",
        lambda x: x.client.remove_broadcast_stream(x.args.broadcast_id, x.args.stream_id),
        (BROADCAST_ID, STREAM_ID),
        examples=("opentok broadcast remove-stream $BROADCAST $STREAM",),
        done="broadcast {broadcast_id}: stream {stream_id} removed",
    ),
    Command(
        ("render", "start"),
        "render a web page into a session as a stream",
        _start_render,
        (
            SESSION_ID,
            arg("url", metavar="URL", help="a publicly reachable http(s) URL"),
            token_arg("publisher"),
            arg("--max-duration", type=int, default=7200, metavar="SECONDS", help="60-36000"),
            arg("--resolution", choices=choices(Resolution), default="1280x720", metavar="WxH"),
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
        ("render", "list"),
        "list renders, newest first",
        _list_renders,
        paging("render"),
        examples=("opentok render list --json",),
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
            token_arg("moderator"),
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
            token_arg("publisher"),
            arg("--stream", action="append", metavar="STREAM_ID", help="only these streams"),
            arg("--header", action="append", metavar="NAME=VALUE", help="sent to your server"),
            arg("--audio-rate", type=int, choices=(8000, 16000), help="samples per second"),
            arg("--bidirectional", action="store_true", help="play audio sent back"),
        ),
        examples=("opentok audio connect $SESSION wss://example.com/audio --audio-rate 16000",),
    ),
]
