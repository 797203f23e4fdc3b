"""The SIP call model (spec/service.md#sip-calls)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from ._compiled import JsonModel

__all__ = ["SipCall"]


@attrs.frozen(kw_only=True)
class SipCall(JsonModel):
    """A dialled SIP call. Hang it up with ``force_disconnect(session_id, connection_id)``."""

    json_name = "sip call"

    id: str
    connection_id: str
    stream_id: str | None = None
    session_id: str | None = None
    project_id: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)
