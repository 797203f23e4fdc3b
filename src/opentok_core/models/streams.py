"""Streams and connections of a session (spec/service.md#streams, #event-callbacks)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from ._compiled import JsonModel
from ._read import obj, opt_int, opt_list

__all__ = ["Connection", "Stream", "StreamList", "VideoType"]


class VideoType(str, enum.Enum):
    """What a stream's video shows."""

    CAMERA = "camera"
    SCREEN = "screen"
    CUSTOM = "custom"


@attrs.frozen(kw_only=True)
class Connection(JsonModel):
    """A client's connection to a session, as session monitoring callbacks describe it."""

    json_name = "connection"

    id: str
    created_at: dt.datetime | None = None
    data: str | None = None


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
class StreamList:
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
