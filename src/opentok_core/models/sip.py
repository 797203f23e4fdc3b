"""The SIP call model (spec/service.md#sip-calls)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from ._read import ms_time, obj, opt_str, project_id, req_str

__all__ = ["SipCall"]


@attrs.frozen(kw_only=True)
class SipCall:
    """A dialled SIP call. Hang it up with ``force_disconnect(session_id, connection_id)``."""

    id: str
    connection_id: str
    stream_id: str | None = None
    session_id: str | None = None
    project_id: str | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> SipCall:
        data = obj(data, "sip call")
        return cls(
            id=req_str(data, "id"),
            connection_id=req_str(data, "connectionId"),
            stream_id=opt_str(data, "streamId"),
            session_id=opt_str(data, "sessionId"),
            project_id=project_id(data),
            created_at=ms_time(data, "createdAt"),
            updated_at=ms_time(data, "updatedAt"),
            raw=dict(data),
        )
