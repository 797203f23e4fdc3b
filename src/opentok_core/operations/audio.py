"""Audio Connector operations (spec/service.md#audio-connector): stream session audio to a
WebSocket, and stop it."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from opentok_core._config import Config
from opentok_core._endpoint import Endpoint, endpoint
from opentok_core._errors import ValidationError
from opentok_core._http import Request, Response
from opentok_core._validate import (
    bool_field,
    check_bool,
    check_int,
    check_str,
    checked_field,
    id_field,
    id_list,
    optional_field,
    to_enum,
)
from opentok_core.models._read import json_object
from opentok_core.models.audio import WebSocketAudioConnection
from opentok_core.operations._inputs import (
    StringMap,
    as_streams,
    check_token,
    check_ws_url,
    mapping_keys,
    string_pairs,
)

__all__ = [
    "AudioTransport",
    "AudioTransportType",
    "ConnectAudioToWebsocket",
    "DisconnectAudioFromWebsocket",
    "WebSocketOptions",
]

#: The custom headers may total at most 512 bytes (spec/service.md#audio-connector), counted as
#: the UTF-8 bytes of every name and value.
HEADERS_MAX_BYTES = 512
AUDIO_RATES = (8000, 16000, 24000)


def _headers(field: str, value: object) -> tuple[tuple[str, str], ...]:
    pairs = string_pairs(field, value)
    size = sum(len(k.encode("utf-8")) + len(v.encode("utf-8")) for k, v in pairs)
    if size > HEADERS_MAX_BYTES:
        raise ValidationError(field, f"must total at most {HEADERS_MAX_BYTES} bytes (got {size})")
    return pairs


def _audio_rate(field: str, value: object) -> int:
    rate = check_int(field, value)
    if rate not in AUDIO_RATES:
        raise ValidationError(field, f"must be 8000, 16000 or 24000 (got {rate})")
    return rate


def _websocket_headers(value: StringMap) -> tuple[tuple[str, str], ...]:
    return _headers("headers", value)


class AudioTransportType(str, enum.Enum):
    """How audio frames travel on the WebSocket: raw 16-bit PCM (the service's default) or
    JSON messages carrying base64 audio."""

    BINARY = "binary"
    JSON = "json"


#: The only encoding the JSON transport takes (spec/service.md#audio-transport).
BASE64 = "base64"
#: Each AudioTransport field and the dict keys that name it: the wire's (and the official
#: Python SDK's) snake_case, and @vonage/video's camelCase.
_TRANSPORT_KEYS = {
    "transport": ("transport",),
    "encoding": ("encoding",),
    "audio_field": ("audio_field", "audioField"),
    "receive_audio_field": ("receive_audio_field", "receiveAudioField"),
    "static_fields": ("static_fields", "staticFields"),
}
StaticValue = str | int | float | bool


def _transport_type(value: AudioTransportType | str) -> AudioTransportType:
    return to_enum(AudioTransportType, "transport", value)


def _encoding(field: str, value: object) -> str:
    text = check_str(field, value)
    if text != BASE64:
        raise ValidationError(field, f"must be 'base64' (got {text!r})")
    return text


def _field_name(field: str, value: object) -> str:
    return check_str(field, value, min_len=1, max_len=256)


def _static(field: str, value: object) -> tuple[tuple[str, StaticValue], ...]:
    if isinstance(value, tuple) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        value = dict(value)
    if not isinstance(value, Mapping):
        raise ValidationError(field, f"must be a mapping, not {type(value).__name__}")
    pairs: list[tuple[str, StaticValue]] = []
    for key, item in value.items():
        name = f"{field}[{key!r}]"
        if not isinstance(key, str) or not key:
            raise ValidationError(name, "keys must be non-empty strings")
        if not isinstance(item, (str, int, float, bool)):
            raise ValidationError(name, "must be a string, number or boolean")
        pairs.append((key, check_str(name, item) if isinstance(item, str) else item))
    return tuple(pairs)


def _static_fields(
    value: Mapping[str, StaticValue] | tuple[tuple[str, StaticValue], ...],
) -> tuple[tuple[str, StaticValue], ...]:
    return _static("static_fields", value)


@attrs.frozen(kw_only=True)
class AudioTransport:
    """How audio is framed on the WebSocket (spec/service.md#audio-transport): ``transport``
    ``binary`` (raw PCM16) or ``json``; with ``json``, ``encoding`` must be ``base64``, and
    ``audio_field``/``receive_audio_field`` name the JSON keys of outbound/inbound audio and
    ``static_fields`` go into every outbound message."""

    transport: AudioTransportType = attrs.field(converter=_transport_type)
    encoding: str | None = optional_field(_encoding)
    audio_field: str | None = optional_field(_field_name)
    receive_audio_field: str | None = optional_field(_field_name)
    static_fields: tuple[tuple[str, StaticValue], ...] = attrs.field(
        factory=tuple, converter=_static_fields
    )

    def __attrs_post_init__(self) -> None:
        if self.transport is AudioTransportType.JSON and self.encoding is None:
            raise ValidationError("encoding", "is required with the json transport: 'base64'")

    @classmethod
    def from_dict(cls, field: str, value: object) -> AudioTransport:
        """The official dict: ``{"transport", "encoding", "audio_field",
        "receive_audio_field", "static_fields"}`` (camelCase keys accepted too)."""
        if isinstance(value, AudioTransport):
            return value
        allowed = tuple(k for keys in _TRANSPORT_KEYS.values() for k in keys)
        data = mapping_keys(field, value, allowed)
        found: dict[str, Any] = {}
        for name, keys in _TRANSPORT_KEYS.items():
            given = [k for k in keys if data.get(k) is not None]
            if len(given) > 1:
                raise ValidationError(f"{field}[{given[1]!r}]", f"repeats {given[0]!r}")
            if given:
                found[name] = (f"{field}[{given[0]!r}]", data[given[0]])
        if "transport" not in found:
            raise ValidationError(f"{field}['transport']", "is required: 'binary' or 'json'")
        transport = to_enum(AudioTransportType, *found.pop("transport"))
        if transport is AudioTransportType.JSON and "encoding" not in found:
            raise ValidationError(f"{field}['encoding']", "is required with json: 'base64'")
        checks: dict[str, Any] = {"encoding": _encoding, "audio_field": _field_name}
        checks |= {"receive_audio_field": _field_name, "static_fields": _static}
        return cls(transport=transport, **{k: checks[k](*found[k]) for k in found})

    def to_json(self) -> dict[str, Any]:
        """The wire object: snake_case keys inside, as @vonage/video and the .NET SDKs send."""
        body: dict[str, Any] = {"transport": self.transport.value}
        optional = {
            "encoding": self.encoding,
            "audio_field": self.audio_field,
            "receive_audio_field": self.receive_audio_field,
        }
        body.update({k: v for k, v in optional.items() if v is not None})
        if self.static_fields:
            body["static_fields"] = dict(self.static_fields)
        return body


def _audio_transport(value: AudioTransport | Mapping[str, Any]) -> AudioTransport:
    return AudioTransport.from_dict("audio_transport", value)


@attrs.frozen(kw_only=True)
class WebSocketOptions:
    """Where and how to stream: ``uri`` (ws:// or wss://), the ``streams`` to include (all when
    None), ``headers`` sent to the server (at most 512 bytes), ``audio_rate`` (8000, 16000 or
    24000 Hz), ``bidirectional`` audio and the ``audio_transport`` framing."""

    uri: str = checked_field(check_ws_url)
    streams: tuple[str, ...] | None = attrs.field(
        default=None, converter=attrs.converters.optional(as_streams)
    )
    headers: tuple[tuple[str, str], ...] = attrs.field(factory=tuple, converter=_websocket_headers)
    audio_rate: int | None = optional_field(_audio_rate)
    bidirectional: bool | None = bool_field()
    audio_transport: AudioTransport | None = attrs.field(
        default=None, converter=attrs.converters.optional(_audio_transport)
    )

    @classmethod
    def from_dict(cls, field: str, value: object) -> WebSocketOptions:
        """The official SDK's ``websocket_options`` dict (camelCase keys; the transport as
        ``audio_transport``, the Python SDK's key, or ``audioTransport``) as WebSocketOptions."""
        if isinstance(value, WebSocketOptions):
            return value
        keys = ("uri", "streams", "headers", "audioRate", "bidirectional")
        data = mapping_keys(field, value, (*keys, "audio_transport", "audioTransport"))
        if "audio_transport" in data and "audioTransport" in data:
            raise ValidationError(f"{field}['audioTransport']", "repeats 'audio_transport'")
        transport_key = "audioTransport" if "audioTransport" in data else "audio_transport"
        if "uri" not in data:
            raise ValidationError(f"{field}['uri']", "is required")

        def get(key: str, check: Any) -> Any:
            item = data.get(key)
            return None if item is None else check(f"{field}[{key!r}]", item)

        return cls(
            uri=check_ws_url(f"{field}['uri']", data["uri"]),
            streams=get("streams", id_list),
            headers=get("headers", _headers) or (),
            audio_rate=get("audioRate", _audio_rate),
            bidirectional=get("bidirectional", check_bool),
            audio_transport=get(transport_key, AudioTransport.from_dict),
        )

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"uri": self.uri}
        if self.streams is not None:
            body["streams"] = list(self.streams)
        if self.headers:
            body["headers"] = dict(self.headers)
        if self.audio_rate is not None:
            body["audioRate"] = self.audio_rate
        if self.bidirectional is not None:
            body["bidirectional"] = self.bidirectional
        if self.audio_transport is not None:
            body["audioTransport"] = self.audio_transport.to_json()
        return body


def _websocket(value: WebSocketOptions | Mapping[str, Any]) -> WebSocketOptions:
    return WebSocketOptions.from_dict("websocket", value)


@attrs.frozen(kw_only=True)
class ConnectAudioToWebsocket:
    """``POST /connect`` ``{sessionId, token, websocket: {...}}``: 200 ``{id, connectionId}``.

    Stop the stream with ``force_disconnect(session_id, connection_id)`` (or
    DisconnectAudioFromWebsocket).
    """

    name: ClassVar[str] = "audio_connector.connect"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/connect",
        body="json",
        meanings={
            400: "invalid session id or WebSocket options",
            409: "the session is not routed: the Audio Connector needs the media router",
        },
    )

    session_id: str = id_field()
    token: str = checked_field(check_token, repr=False)
    websocket: WebSocketOptions = attrs.field(converter=_websocket)

    def build(self, config: Config) -> Request:
        body = {
            "sessionId": self.session_id,
            "token": self.token,
            "websocket": self.websocket.to_json(),
        }
        return self.endpoint.request(config, self, body)

    def parse(self, response: Response) -> WebSocketAudioConnection:
        return WebSocketAudioConnection.from_json(json_object(response))


@attrs.frozen(kw_only=True)
class DisconnectAudioFromWebsocket:
    """``POST /connect/{connectionId}/stop``: stop one Audio Connector connection
    (spec/service.md#stop-an-audio-connector). Any 2xx is success."""

    name: ClassVar[str] = "audio_connector.stop"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/connect/{connectionId}/stop",
        meanings={404: "no Audio Connector connection with this id (or already stopped)"},
    )

    connection_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> None:
        return None
