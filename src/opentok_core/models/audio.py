"""The Audio Connector connection model (spec/service.md#audio-connector)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._compiled import JsonModel

__all__ = ["WebSocketAudioConnection"]


@attrs.frozen(kw_only=True)
class WebSocketAudioConnection(JsonModel):
    """Audio streamed to a WebSocket. Stop it with ``force_disconnect(session_id,
    connection_id)``."""

    json_name = "audio connection"

    id: str
    connection_id: str
    bidirectional: bool | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
