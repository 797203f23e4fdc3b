"""The hand-written ``from_json`` readers the generated ones replaced, kept as the oracle.

Copied from the models as they were before ``models/_compiled.py`` (one function per model,
building it with its attrs ``__init__``); test_model_readers.py checks that the generated
readers give the same model, or the same ValueError, on arbitrary JSON. Never change these to
follow a new reader: they are the old semantics.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from opentok_core.models import (
    Archive,
    ArchiveStream,
    Broadcast,
    BroadcastStatus,
    BroadcastUrls,
    Captions,
    Connection,
    ConnectionState,
    HlsSettings,
    HlsStatus,
    Render,
    RenderStatus,
    RtmpStream,
    SipCall,
    Stream,
    Transcription,
    VideoType,
)
from opentok_core.models._read import (
    ms_time,
    obj,
    opt_bool,
    opt_enum,
    opt_int,
    opt_list,
    opt_str,
    project_id,
    req_str,
    str_tuple,
)
from opentok_core.models.audio import WebSocketAudioConnection
from opentok_core.models.callbacks import (
    ArchiveEvent,
    BroadcastEvent,
    CaptionsEvent,
    ConnectionCreated,
    ConnectionDestroyed,
    RenderEvent,
    SessionCreated,
    SessionDestroyed,
    SipCallEvent,
    StreamCreated,
    StreamDestroyed,
)
from opentok_core.models.captions import CaptionsStatus
from opentok_core.models.enums import ArchiveStatus, OutputMode, StreamMode


def archive_stream(data: Any) -> ArchiveStream:
    data = obj(data, "stream")
    return ArchiveStream(
        stream_id=req_str(data, "streamId"),
        has_audio=opt_bool(data, "hasAudio"),
        has_video=opt_bool(data, "hasVideo"),
    )


def transcription(data: Any) -> Transcription:
    data = obj(data, "transcription")
    return Transcription(
        status=opt_str(data, "status"),
        reason=opt_str(data, "reason"),
        url=opt_str(data, "url"),
        primary_language_code=opt_str(data, "primaryLanguageCode"),
        has_summary=opt_bool(data, "hasSummary"),
    )


def archive(data: Any) -> Archive:
    data = obj(data, "archive")
    t = data.get("transcription")
    return Archive(
        id=req_str(data, "id"),
        status=opt_enum(ArchiveStatus, data, "status") or "",
        session_id=opt_str(data, "sessionId"),
        name=opt_str(data, "name"),
        reason=opt_str(data, "reason"),
        project_id=project_id(data),
        created_at=ms_time(data, "createdAt"),
        updated_at=ms_time(data, "updatedAt"),
        size=opt_int(data, "size"),
        duration=opt_int(data, "duration"),
        output_mode=opt_enum(OutputMode, data, "outputMode"),
        stream_mode=opt_enum(StreamMode, data, "streamMode"),
        streams=tuple(archive_stream(s) for s in opt_list(data, "streams")),
        has_audio=opt_bool(data, "hasAudio"),
        has_video=opt_bool(data, "hasVideo"),
        has_transcription=opt_bool(data, "hasTranscription"),
        transcription=None if t is None else transcription(t),
        sha256sum=opt_str(data, "sha256sum"),
        password=opt_str(data, "password"),
        resolution=opt_str(data, "resolution"),
        url=opt_str(data, "url"),
        max_bitrate=opt_int(data, "maxBitrate"),
        quantization_parameter=opt_int(data, "quantizationParameter"),
        multi_archive_tag=opt_str(data, "multiArchiveTag"),
        raw=dict(data),
    )


def broadcast_urls(data: Any) -> BroadcastUrls:
    data = obj(data, "broadcastUrls")
    rtmp = data.get("rtmp")
    if isinstance(rtmp, Mapping):
        streams = tuple(RtmpStream.from_json(v, default_id=str(k)) for k, v in rtmp.items())
    else:
        streams = tuple(RtmpStream.from_json(v) for v in opt_list(data, "rtmp"))
    return BroadcastUrls(
        hls=opt_str(data, "hls"),
        hls_status=opt_enum(HlsStatus, data, "hlsStatus"),
        rtmp=streams,
    )


def hls_settings(data: Any) -> HlsSettings:
    data = obj(data, "settings.hls")
    return HlsSettings(dvr=opt_bool(data, "dvr"), low_latency=opt_bool(data, "lowLatency"))


def broadcast(data: Any) -> Broadcast:
    data = obj(data, "broadcast")
    urls = data.get("broadcastUrls")
    settings = data.get("settings")
    hls = None if settings is None else obj(settings, "settings").get("hls")
    return Broadcast(
        id=req_str(data, "id"),
        status=opt_enum(BroadcastStatus, data, "status") or "",
        session_id=opt_str(data, "sessionId"),
        project_id=project_id(data),
        created_at=ms_time(data, "createdAt"),
        updated_at=ms_time(data, "updatedAt"),
        resolution=opt_str(data, "resolution"),
        broadcast_urls=BroadcastUrls() if urls is None else broadcast_urls(urls),
        max_duration=opt_int(data, "maxDuration"),
        max_bitrate=opt_int(data, "maxBitrate"),
        stream_mode=opt_enum(StreamMode, data, "streamMode"),
        streams=tuple(archive_stream(s) for s in opt_list(data, "streams")),
        has_audio=opt_bool(data, "hasAudio"),
        has_video=opt_bool(data, "hasVideo"),
        multi_broadcast_tag=opt_str(data, "multiBroadcastTag"),
        hls_settings=None if hls is None else hls_settings(hls),
        raw=dict(data),
    )


def render(data: Any) -> Render:
    data = obj(data, "render")
    properties = data.get("properties")
    name = opt_str(data, "name")
    if name is None and properties is not None:
        name = opt_str(obj(properties, "properties"), "name")
    return Render(
        id=req_str(data, "id"),
        status=opt_enum(RenderStatus, data, "status") or "",
        session_id=opt_str(data, "sessionId"),
        project_id=project_id(data),
        created_at=ms_time(data, "createdAt"),
        updated_at=ms_time(data, "updatedAt"),
        url=opt_str(data, "url"),
        resolution=opt_str(data, "resolution"),
        stream_id=opt_str(data, "streamId"),
        reason=opt_str(data, "reason"),
        name=name,
        event=opt_str(data, "event"),
        callback_url=opt_str(data, "callbackUrl"),
        raw=dict(data),
    )


def connection(data: Any) -> Connection:
    data = obj(data, "connection")
    created = data.get("createdAt")
    digits = isinstance(created, str) and created.isascii() and created.isdigit()
    return Connection(
        id=req_str(data, "connectionId" if "id" not in data else "id"),
        created_at=ms_time({"createdAt": int(created)} if digits else data, "createdAt"),
        data=opt_str(data, "data"),
        connection_state=opt_enum(ConnectionState, data, "connectionState"),
    )


def stream(data: Any) -> Stream:
    data = obj(data, "stream")
    c = data.get("connection")
    return Stream(
        id=req_str(data, "id"),
        video_type=opt_enum(VideoType, data, "videoType"),
        name=opt_str(data, "name"),
        layout_class_list=str_tuple(data, "layoutClassList"),
        connection=None if c is None else connection(c),
        created_at=ms_time(data, "createdAt"),
        raw=dict(data),
    )


def sip_call(data: Any) -> SipCall:
    data = obj(data, "sip call")
    return SipCall(
        id=req_str(data, "id"),
        connection_id=req_str(data, "connectionId"),
        stream_id=opt_str(data, "streamId"),
        session_id=opt_str(data, "sessionId"),
        project_id=project_id(data),
        created_at=ms_time(data, "createdAt"),
        updated_at=ms_time(data, "updatedAt"),
        raw=dict(data),
    )


def audio_connection(data: Any) -> WebSocketAudioConnection:
    data = obj(data, "audio connection")
    return WebSocketAudioConnection(
        id=req_str(data, "id"),
        connection_id=req_str(data, "connectionId"),
        bidirectional=opt_bool(data, "bidirectional"),
        raw=dict(data),
    )


def captions(data: Any) -> Captions:
    data = obj(data, "captions")
    return Captions(
        captions_id=req_str(data, "captionsId" if "captionsId" in data else "captionId"),
        application_id=project_id(data),
        session_id=opt_str(data, "sessionId"),
        status=opt_enum(CaptionsStatus, data, "status"),
        created_at=ms_time(data, "createdAt"),
        updated_at=ms_time(data, "updatedAt"),
        duration=opt_int(data, "duration"),
        language_code=opt_str(data, "languageCode"),
        provider=opt_str(data, "provider"),
        reason=opt_str(data, "reason"),
        raw=dict(data),
    )


# The callback events: never given anything but a mapping (parse_callback checks).


def _common(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "session_id": req_str(data, "sessionId"),
        "project_id": project_id(data),
        "timestamp": ms_time(data, "timestamp"),
        "raw": dict(data),
    }


def archive_event(data: Mapping[str, Any]) -> ArchiveEvent:
    return ArchiveEvent(archive=archive(data), raw=dict(data))


def broadcast_event(data: Mapping[str, Any]) -> BroadcastEvent:
    return BroadcastEvent(broadcast=broadcast(data), raw=dict(data))


def render_event(data: Mapping[str, Any]) -> RenderEvent:
    return RenderEvent(render=render(data), raw=dict(data))


def captions_event(data: Mapping[str, Any]) -> CaptionsEvent:
    key = "captionId" if "captionId" in data else "captionsId"
    return CaptionsEvent(
        captions_id=req_str(data, key),
        status=opt_enum(CaptionsStatus, data, "status") or "",
        session_id=opt_str(data, "sessionId"),
        project_id=project_id(data),
        created_at=ms_time(data, "createdAt"),
        updated_at=ms_time(data, "updatedAt"),
        duration=opt_int(data, "duration"),
        language_code=opt_str(data, "languageCode"),
        provider=opt_str(data, "provider"),
        reason=opt_str(data, "reason"),
        raw=dict(data),
    )


def connection_created(data: Mapping[str, Any]) -> ConnectionCreated:
    return ConnectionCreated(connection=connection(data.get("connection")), **_common(data))


def connection_destroyed(data: Mapping[str, Any]) -> ConnectionDestroyed:
    return ConnectionDestroyed(
        connection=connection(data.get("connection")),
        reason=opt_str(data, "reason"),
        **_common(data),
    )


def stream_created(data: Mapping[str, Any]) -> StreamCreated:
    return StreamCreated(stream=stream(data.get("stream")), **_common(data))


def stream_destroyed(data: Mapping[str, Any]) -> StreamDestroyed:
    return StreamDestroyed(
        stream=stream(data.get("stream")), reason=opt_str(data, "reason"), **_common(data)
    )


def session_created(data: Mapping[str, Any]) -> SessionCreated:
    return SessionCreated(**_common(data))


def session_destroyed(data: Mapping[str, Any]) -> SessionDestroyed:
    return SessionDestroyed(reason=opt_str(data, "reason"), **_common(data))


def sip_call_event(data: Mapping[str, Any]) -> SipCallEvent:
    call = data.get("call")
    c = data.get("connection")
    return SipCallEvent(
        event=req_str(data, "event"),
        call_id=None if call is None else opt_str(obj(call, "call"), "id"),
        connection=None if c is None else connection(c),
        reason=opt_str(data, "reason"),
        **_common(data),
    )


#: The callback events and their old readers. They read ``reason`` (and a SIP call's
#: ``event``) before ``sessionId``, so with several wrong fields the first error named can
#: differ; what is read, and whether it is refused, is the same.
LEGACY_EVENTS: dict[type[Any], Callable[[Any], Any]] = {
    ArchiveEvent: archive_event,
    BroadcastEvent: broadcast_event,
    RenderEvent: render_event,
    CaptionsEvent: captions_event,
    ConnectionCreated: connection_created,
    ConnectionDestroyed: connection_destroyed,
    StreamCreated: stream_created,
    StreamDestroyed: stream_destroyed,
    SessionCreated: session_created,
    SessionDestroyed: session_destroyed,
    SipCallEvent: sip_call_event,
}


#: Each model with a generated reader, and its old hand-written reader.
LEGACY: dict[type[Any], Callable[[Any], Any]] = {
    ArchiveStream: archive_stream,
    Transcription: transcription,
    Archive: archive,
    BroadcastUrls: broadcast_urls,
    HlsSettings: hls_settings,
    Broadcast: broadcast,
    Render: render,
    Connection: connection,
    Stream: stream,
    SipCall: sip_call,
    WebSocketAudioConnection: audio_connection,
    Captions: captions,
}
