"""Stream operations (spec/service.md#streams): get, list, set layout class lists (of one
stream or of many)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs

from opentok_core._config import Config
from opentok_core._endpoint import Endpoint, endpoint
from opentok_core._errors import ValidationError
from opentok_core._http import Request, Response
from opentok_core._validate import check_id, id_field, str_list
from opentok_core.models._read import json_object
from opentok_core.models.streams import Stream, StreamList
from opentok_core.operations._inputs import mapping_keys

__all__ = [
    "GetStream",
    "ListStreams",
    "SetStreamClassList",
    "SetStreamClassLists",
    "StreamClassList",
]


def _class_names(field: str, value: object) -> tuple[str, ...]:
    names = str_list(field, value)
    for i, name in enumerate(names):
        if not name or any(c.isspace() for c in name):
            raise ValidationError(f"{field}[{i}]", "must be a non-empty class name without spaces")
    return names


def _layout_class_list(value: Iterable[str]) -> tuple[str, ...]:
    return _class_names("layout_class_list", value)


@attrs.frozen(kw_only=True)
class StreamClassList:
    """The layout classes of one stream (an empty list clears them)."""

    stream_id: str = id_field()
    layout_class_list: tuple[str, ...] = attrs.field(default=(), converter=_layout_class_list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.stream_id, "layoutClassList": list(self.layout_class_list)}


def _class_lists(field: str, value: object) -> tuple[StreamClassList, ...]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValidationError(field, "must be a list of StreamClassList or dicts")
    items = []
    for i, item in enumerate(value):
        name = f"{field}[{i}]"
        if isinstance(item, StreamClassList):
            items.append(item)
            continue
        # The official SDK's shape: {"id": stream id, "layoutClassList": [class, ...]}.
        data = mapping_keys(name, item, ("id", "layoutClassList"))
        if "id" not in data:
            raise ValidationError(f"{name}['id']", "is required")
        items.append(
            StreamClassList(
                stream_id=check_id(f"{name}['id']", data["id"]),
                layout_class_list=_class_names(
                    f"{name}['layoutClassList']", data.get("layoutClassList", ())
                ),
            )
        )
    if not items:
        raise ValidationError(field, "must name at least one stream")
    return tuple(items)


def _items(value: Iterable[StreamClassList | Mapping[str, Any]]) -> tuple[StreamClassList, ...]:
    return _class_lists("items", value)


@attrs.frozen(kw_only=True)
class GetStream:
    """``GET /session/{sessionId}/stream/{streamId}``."""

    name: ClassVar[str] = "streams.get"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET",
        "/session/{sessionId}/stream/{streamId}",
        meanings={
            400: "invalid session or stream id",
            404: "session or stream not found",
            # A documented quirk: the service answers 408 for a stream id it does not know.
            408: "invalid stream id (the service answers 408 for an unknown stream)",
        },
    )

    session_id: str = id_field()
    stream_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> Stream:
        return Stream.from_json(json_object(response))


@attrs.frozen(kw_only=True)
class ListStreams:
    """``GET /session/{sessionId}/stream``: ``{count, items}``."""

    name: ClassVar[str] = "streams.list"
    endpoint: ClassVar[Endpoint] = endpoint(
        "GET",
        "/session/{sessionId}/stream",
        meanings={
            400: "invalid session id",
            404: "session not found (or it has no connected clients)",
        },
    )

    session_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> StreamList:
        return StreamList.from_json(json_object(response))


@attrs.frozen(kw_only=True)
class SetStreamClassLists:
    """``PUT /session/{sessionId}/stream`` ``{"items": [{"id", "layoutClassList"}]}``: 200.

    Many streams at once; SetStreamClassList (singular) sets one.
    """

    name: ClassVar[str] = "streams.set_class_lists"
    endpoint: ClassVar[Endpoint] = endpoint(
        "PUT",
        "/session/{sessionId}/stream",
        body="json",
        meanings={
            400: "invalid JSON or layout class lists",
            404: "a stream id is not a stream of this session",
        },
    )

    session_id: str = id_field()
    items: tuple[StreamClassList, ...] = attrs.field(converter=_items)

    def build(self, config: Config) -> Request:
        body = {"items": [item.to_json() for item in self.items]}
        return self.endpoint.request(config, self, body)

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class SetStreamClassList:
    """``PUT /session/{sessionId}/stream/{streamId}`` ``{"layoutClassList": [...]}``: 200
    with the stream (spec/service.md#one-streams-layout-classes).

    One stream; SetStreamClassLists (plural) sets many in one request.
    """

    name: ClassVar[str] = "streams.set_class_list"
    endpoint: ClassVar[Endpoint] = endpoint(
        "PUT",
        "/session/{sessionId}/stream/{streamId}",
        body="json",
        meanings={
            400: "invalid JSON or layout class list",
            404: "no such stream in this session",
        },
    )

    session_id: str = id_field()
    stream_id: str = id_field()
    layout_class_list: tuple[str, ...] = attrs.field(converter=_layout_class_list)

    def build(self, config: Config) -> Request:
        body = {"layoutClassList": list(self.layout_class_list)}
        return self.endpoint.request(config, self, body)

    def parse(self, response: Response) -> None:
        return None
