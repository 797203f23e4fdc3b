"""Audio Connector operation (spec/service.md#audio-connector): stream session audio to a
WebSocket."""

from __future__ import annotations

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
    checked_field,
    id_field,
    id_list,
    optional_field,
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

__all__ = ["ConnectAudioToWebsocket", "WebSocketOptions"]

#: The custom headers may total at most 512 bytes (spec/service.md#audio-connector), counted as
#: the UTF-8 bytes of every name and value.
HEADERS_MAX_BYTES = 512
AUDIO_RATES = (8000, 16000)


def _headers(field: str, value: object) -> tuple[tuple[str, str], ...]:
    pairs = string_pairs(field, value)
    size = sum(len(k.encode("utf-8")) + len(v.encode("utf-8")) for k, v in pairs)
    if size > HEADERS_MAX_BYTES:
        raise ValidationError(field, f"must total at most {HEADERS_MAX_BYTES} bytes (got {size})")
    return pairs


def _audio_rate(field: str, value: object) -> int:
    rate = check_int(field, value)
    if rate not in AUDIO_RATES:
        raise ValidationError(field, f"must be 8000 or 16000 (got {rate})")
    return rate


def _websocket_headers(value: StringMap) -> tuple[tuple[str, str], ...]:
    return _headers("headers", value)


@attrs.frozen(kw_only=True)
class WebSocketOptions:
    """Where and how to stream: ``uri`` (ws:// or wss://), the ``streams`` to include (all when
    None), ``headers`` sent to the server (at most 512 bytes), ``audio_rate`` (8000 or 16000
    Hz) and ``bidirectional`` audio."""

    uri: str = checked_field(check_ws_url)
    streams: tuple[str, ...] | None = attrs.field(
        default=None, converter=attrs.converters.optional(as_streams)
    )
    headers: tuple[tuple[str, str], ...] = attrs.field(factory=tuple, converter=_websocket_headers)
    audio_rate: int | None = optional_field(_audio_rate)
    bidirectional: bool | None = bool_field()

    @classmethod
    def from_dict(cls, field: str, value: object) -> WebSocketOptions:
        """The official SDK's ``websocket_options`` dict (camelCase keys) as WebSocketOptions."""
        if isinstance(value, WebSocketOptions):
            return value
        keys = ("uri", "streams", "headers", "audioRate", "bidirectional")
        data = mapping_keys(field, value, keys)
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
        return body


def _websocket(value: WebSocketOptions | Mapping[str, Any]) -> WebSocketOptions:
    return WebSocketOptions.from_dict("websocket", value)


@attrs.frozen(kw_only=True)
class ConnectAudioToWebsocket:
    """``POST /connect`` ``{sessionId, token, websocket: {...}}``: 200 ``{id, connectionId}``.

    Stop the stream with ``force_disconnect(session_id, connection_id)``.
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
