"""Live-streaming broadcast operations (spec/service.md#broadcasts).

"No such broadcast" comes back as 404 from some deployments and 409 from others (the official
Python SDK treats 409 as not found, the Ruby SDK 404: spec/service.md#broadcast-not-found). Both
statuses carry that meaning here; the class follows the status (NotFound or Conflict), the
message says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from opentok_core._broadcast_options import BroadcastOptions, to_broadcast_options
from opentok_core._config import Config
from opentok_core._endpoint import Endpoint, endpoint
from opentok_core._http import Request, Response, decode_json
from opentok_core._layouts import Layout
from opentok_core._pagination import MAX_PAGE_SIZE, Page, parse_page
from opentok_core._paths import query
from opentok_core._validate import bool_field, check_id, id_field, int_field, optional_field
from opentok_core.models.broadcasts import Broadcast
from opentok_core.models.enums import StreamMode
from opentok_core.operations._inputs import as_layout, as_stream_mode
from opentok_core.operations._stream_selection import (
    add_stream_body,
    check_some_media,
)

__all__ = [
    "AddBroadcastStream",
    "GetBroadcast",
    "ListBroadcasts",
    "RemoveBroadcastStream",
    "SetBroadcastLayout",
    "StartBroadcast",
    "StopBroadcast",
]

_NOT_FOUND = "broadcast not found"

_STREAM_MEANINGS = {
    400: "invalid stream selection request",
    404: "broadcast or stream not found",
    405: "broadcast stream mode is auto (stream selection needs stream_mode='manual')",
    409: "broadcast not found or not live, so its streams cannot change",
}


def _options(value: BroadcastOptions | Mapping[str, Any]) -> BroadcastOptions:
    return to_broadcast_options("options", value)


@attrs.frozen(kw_only=True)
class StartBroadcast:
    """``POST /broadcast``: stream a routed session to HLS and/or RTMP targets."""

    name: ClassVar[str] = "broadcasts.start"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/broadcast",
        body="json",
        meanings={
            400: "invalid broadcast options (bad layout, more than 5 RTMP outputs, or a bad "
            "resolution), or no client is connected",
            404: "session not found",
            409: "a broadcast is already running for this session (simultaneous broadcasts need "
            "distinct multi_broadcast_tag values), or the session is relayed",
        },
    )

    session_id: str = id_field()
    options: BroadcastOptions = attrs.field(converter=_options)
    stream_mode: StreamMode = attrs.field(default=StreamMode.AUTO, converter=as_stream_mode)

    def build(self, config: Config) -> Request:
        body: dict[str, Any] = {"sessionId": self.session_id, "streamMode": self.stream_mode.value}
        body.update(self.options.to_json())
        return self.endpoint.request(config, self, body)

    def parse(self, response: Response) -> Broadcast[Any]:
        return Broadcast.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class StopBroadcast:
    """``POST /broadcast/{broadcastId}/stop``."""

    name: ClassVar[str] = "broadcasts.stop"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/broadcast/{broadcastId}/stop",
        meanings={
            400: "invalid broadcast id",
            404: _NOT_FOUND,
            408: "the service timed out stopping the broadcast",
            409: "broadcast not found or already stopped",
        },
    )

    broadcast_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> Broadcast[Any]:
        return Broadcast.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class GetBroadcast:
    """``GET /broadcast/{broadcastId}``."""

    name: ClassVar[str] = "broadcasts.get"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET",
        "/broadcast/{broadcastId}",
        meanings={
            400: "invalid broadcast id",
            404: _NOT_FOUND,
            409: _NOT_FOUND,
        },
    )

    broadcast_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> Broadcast[Any]:
        return Broadcast.from_json(decode_json(response.body))


@attrs.frozen(kw_only=True)
class ListBroadcasts:
    """``GET /broadcast?offset=&count=&sessionId=``: newest first, at most 1000 per page.

    The official Python SDK has no such method; vonage-video's sends the filter as
    ``session_id`` (spec/service.md#vv-session-filter). The filter goes out as ``sessionId`` here.
    """

    name: ClassVar[str] = "broadcasts.list"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET",
        "/broadcast",
        meanings={400: "invalid list parameters"},
    )

    offset: int | None = int_field(0)
    count: int | None = int_field(1, MAX_PAGE_SIZE)
    session_id: str | None = optional_field(check_id)

    def build(self, config: Config) -> Request:
        params = query(
            [("offset", self.offset), ("count", self.count), ("sessionId", self.session_id)]
        )
        return self.endpoint.request(config, self, query=params)

    def parse(self, response: Response) -> Page[Broadcast[Any]]:
        return parse_page(decode_json(response.body), self.offset or 0, Broadcast.from_decoded)


@attrs.frozen(kw_only=True)
class SetBroadcastLayout:
    """``PUT /broadcast/{broadcastId}/layout``."""

    name: ClassVar[str] = "broadcasts.set_layout"
    endpoint: ClassVar[Endpoint] = endpoint(
        "PUT",
        "/broadcast/{broadcastId}/layout",
        body="json",
        meanings={
            400: "invalid layout",
            404: _NOT_FOUND,
            409: _NOT_FOUND,
        },
    )

    broadcast_id: str = id_field()
    layout: Layout = attrs.field(converter=as_layout)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self, self.layout.to_json())

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class AddBroadcastStream:
    """``PATCH /broadcast/{broadcastId}/streams`` with ``addStream`` (manual mode): 204."""

    name: ClassVar[str] = "broadcasts.add_stream"
    endpoint: ClassVar[Endpoint] = endpoint(
        "PATCH",
        "/broadcast/{broadcastId}/streams",
        body="json",
        success=204,
        meanings=_STREAM_MEANINGS,
    )

    broadcast_id: str = id_field()
    stream_id: str = id_field()
    has_audio: bool = bool_field(True)
    has_video: bool = bool_field(True)

    def __attrs_post_init__(self) -> None:
        check_some_media(self.has_audio, self.has_video)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(
            config, self, add_stream_body(self.stream_id, self.has_audio, self.has_video)
        )

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class RemoveBroadcastStream:
    """``PATCH /broadcast/{broadcastId}/streams`` with ``removeStream``: 204."""

    name: ClassVar[str] = "broadcasts.remove_stream"
    endpoint: ClassVar[Endpoint] = endpoint(
        "PATCH",
        "/broadcast/{broadcastId}/streams",
        body="json",
        success=204,
        meanings=_STREAM_MEANINGS,
    )

    broadcast_id: str = id_field()
    stream_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self, {"removeStream": self.stream_id})

    def parse(self, response: Response) -> None:
        return None
