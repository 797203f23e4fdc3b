"""The Experience Composer render model (spec/service.md#experience-composer)."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Awaitable, Mapping
from typing import Any, Generic, overload

import attrs

from opentok_core._binding import AsyncBound, Bound

from ._bound import B, Bindable
from ._compiled import JSON, JsonModel
from ._read import obj, opt_str

__all__ = ["Render", "RenderStatus"]


class RenderStatus(str, enum.Enum):
    """Experience Composer lifecycle states."""

    STARTING = "starting"
    STARTED = "started"
    STOPPED = "stopped"
    FAILED = "failed"


def _name(data: Mapping[str, Any]) -> str | None:
    """``name``, or the ``properties.name`` the render was started with."""
    name = opt_str(data, "name")
    properties = data.get("properties")
    if name is None and properties is not None:
        name = opt_str(obj(properties, "properties"), "name")
    return name


@attrs.frozen(kw_only=True)
class Render(JsonModel, Bindable, Generic[B]):
    """An Experience Composer: a web page rendered into a session as a stream.

    ``status`` is a RenderStatus, or the raw string for a state this SDK does not know yet;
    ``reason`` is set when it stopped or failed.
    """

    json_name = "render"

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
    name: str | None = attrs.field(default=None, metadata={JSON: _name})
    event: str | None = None
    callback_url: str | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @overload
    def stop(self: Render[Bound]) -> None: ...
    @overload
    def stop(self: Render[AsyncBound]) -> Awaitable[None]: ...
    def stop(self) -> Any:
        """Stop the Experience Composer: ``client.stop_render(render.id)``."""
        return self._call("stop", "stop_render", self.id)
