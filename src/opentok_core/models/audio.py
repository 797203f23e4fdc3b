"""The Audio Connector connection model (spec/service.md#audio-connector)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._read import obj, opt_bool, req_str

__all__ = ["WebSocketAudioConnection"]


@attrs.frozen(kw_only=True)
class WebSocketAudioConnection:
    """Audio streamed to a WebSocket. Stop it with ``force_disconnect(session_id,
    connection_id)``."""

    id: str
    connection_id: str
    bidirectional: bool | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> WebSocketAudioConnection:
        data = obj(data, "audio connection")
        return cls(
            id=req_str(data, "id"),
            connection_id=req_str(data, "connectionId"),
            bidirectional=opt_bool(data, "bidirectional"),
            raw=dict(data),
        )
