"""The Experience Composer render model (spec/service.md#experience-composer)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import Any

import attrs

from ._read import ms_time, obj, opt_enum, opt_str, project_id, req_str

__all__ = ["Render", "RenderStatus"]


class RenderStatus(str, enum.Enum):
    """Experience Composer lifecycle states."""

    STARTING = "starting"
    STARTED = "started"
    STOPPED = "stopped"
    FAILED = "failed"


@attrs.frozen(kw_only=True)
class Render:
    """An Experience Composer: a web page rendered into a session as a stream.

    ``status`` is a RenderStatus, or the raw string for a state this SDK does not know yet;
    ``reason`` is set when it stopped or failed.
    """

    id: str
    status: RenderStatus | str
    session_id: str | None = None
    project_id: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    url: str | None = None
    resolution: str | None = None
    stream_id: str | None = None
    reason: str | None = None
    name: str | None = None
    event: str | None = None
    callback_url: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> Render:
        data = obj(data, "render")
        properties = data.get("properties")
        name = opt_str(data, "name")
        if name is None and properties is not None:
            name = opt_str(obj(properties, "properties"), "name")
        return cls(
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
