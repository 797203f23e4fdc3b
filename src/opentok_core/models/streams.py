"""Streams and connections of a session (spec/service.md#streams, #list-connections,
#event-callbacks)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from opentok_core._model import Model

from ._compiled import JSON, JsonModel
from ._read import ms_time, obj, opt_int, opt_list, opt_str, project_id, req_str

__all__ = ["Connection", "ConnectionList", "ConnectionState", "Stream", "StreamList", "VideoType"]


class VideoType(str, enum.Enum):
    """What a stream's video shows."""

    CAMERA = "camera"
    SCREEN = "screen"
    CUSTOM = "custom"


class ConnectionState(str, enum.Enum):
    """Where a connection is in joining a session (``list_connections``)."""

    CONNECTING = "Connecting"
    CONNECTED = "Connected"
    DISCONNECTED = "Disconnected"


def _connection_id(data: Mapping[str, Any]) -> str:
    # Callbacks say id, the connection listing connectionId (spec/service.md#list-connections).
    return req_str(data, "connectionId" if "id" not in data else "id")


def _created_at(data: Mapping[str, Any]) -> dt.datetime | None:
    # Epoch ms; the PHP SDK's fixture writes a string of digits (spec/service.md#list-connections).
    value = data.get("createdAt")
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return ms_time({"createdAt": int(value)}, "createdAt")
    return ms_time(data, "createdAt")


@attrs.frozen(kw_only=True)
class Connection(JsonModel):
    """A client's connection to a session, as ``list_connections`` and session monitoring
    callbacks describe it. ``connection_state`` is a ConnectionState, the raw string for a
    state this SDK does not know, or None where the answer has none (callbacks)."""

    json_name = "connection"

    id: str = attrs.field(metadata={JSON: _connection_id})
    created_at: dt.datetime | None = attrs.field(default=None, metadata={JSON: _created_at})
    data: str | None = None
    connection_state: ConnectionState | str | None = None

    @property
    def connection_id(self) -> str:
        """The same as ``id``: the wire's name for it in ``list_connections``."""
        return self.id


@attrs.frozen(kw_only=True)
class Stream(JsonModel):
    """A published stream. ``video_type`` is a VideoType, the raw string for a type this SDK
    does not know, or None for an audio-only stream.

    ``get_stream``/``list_streams`` fill ``layout_class_list``; session monitoring callbacks
    fill ``connection`` and ``created_at`` instead.
    """

    json_name = "stream"

    id: str
    video_type: VideoType | str | None = None
    name: str | None = None
    layout_class_list: tuple[str, ...] = ()
    connection: Connection | None = None
    created_at: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class StreamList(Model):
    """The streams of a session: iterate, index or ``len()`` it like a tuple of Stream."""

    items: tuple[Stream, ...] = ()
    count: int = 0

    def __iter__(self) -> Iterator[Stream]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Stream:
        return self.items[index]

    @classmethod
    def from_json(cls, data: Any) -> StreamList:
        data = obj(data, "stream list")
        items = tuple(Stream.from_json(s) for s in opt_list(data, "items"))
        count = opt_int(data, "count")
        return cls(items=items, count=len(items) if count is None else count)


@attrs.frozen(kw_only=True)
class ConnectionList(Model):
    """The connections of a session: iterate, index or ``len()`` it like a tuple of
    Connection; ``count`` is the service's count."""

    items: tuple[Connection, ...] = ()
    count: int = 0
    project_id: str | None = None
    session_id: str | None = None

    def __iter__(self) -> Iterator[Connection]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Connection:
        return self.items[index]

    @classmethod
    def from_json(cls, data: Any) -> ConnectionList:
        data = obj(data, "connection list")
        items = tuple(Connection.from_json(c) for c in opt_list(data, "items"))
        count = opt_int(data, "count")
        return cls(
            items=items,
            count=len(items) if count is None else count,
            project_id=project_id(data),
            session_id=opt_str(data, "sessionId"),
        )
