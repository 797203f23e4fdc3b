"""Signaling and moderation operations (spec/service.md#signals-and-moderation).

All of them answer with no useful body: signal and force disconnect with 204, the mute calls
with 200 and a body this SDK ignores. Any 2xx is success (spec/service.md#empty-successes).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs

from opentok_core._config import Config
from opentok_core._endpoint import Endpoint, endpoint
from opentok_core._errors import ValidationError
from opentok_core._http import Request, Response
from opentok_core._validate import check_id, checked_field, id_field, id_list, optional_field
from opentok_core.operations._inputs import check_utf8, mapping_keys

__all__ = [
    "DisableForceMute",
    "ForceDisconnect",
    "MuteAll",
    "MuteStream",
    "SendSignal",
    "Signal",
]

#: Signal limits: a type of at most 128 bytes, data of at most 8 kB (spec/service.md#signals).
SIGNAL_TYPE_MAX_BYTES = 128
SIGNAL_DATA_MAX_BYTES = 8192


def _signal_type(field: str, value: object) -> str:
    return check_utf8(field, value, max_bytes=SIGNAL_TYPE_MAX_BYTES)


def _signal_data(field: str, value: object) -> str:
    return check_utf8(field, value, max_bytes=SIGNAL_DATA_MAX_BYTES, required=False)


@attrs.frozen(kw_only=True)
class Signal:
    """A signal's ``data`` (at most 8 kB of UTF-8) and optional ``type`` (at most 128 bytes),
    which receiving clients filter on."""

    data: str = checked_field(_signal_data)
    type: str | None = optional_field(_signal_type)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.type is not None:
            body["type"] = self.type
        body["data"] = self.data
        return body


def _payload(value: Signal | Mapping[str, Any]) -> Signal:
    return to_signal("payload", value)


def to_signal(field: str, value: object) -> Signal:
    """A Signal, or the official SDK's ``{"type": ..., "data": ...}`` dict as one."""
    if isinstance(value, Signal):
        return value
    data = mapping_keys(field, value, ("type", "data"))
    if "data" not in data:
        raise ValidationError(f"{field}['data']", "is required")
    return Signal(
        data=_signal_data(f"{field}['data']", data["data"]),
        type=None if data.get("type") is None else _signal_type(f"{field}['type']", data["type"]),
    )


@attrs.frozen(kw_only=True)
class SendSignal:
    """``POST /session/{sessionId}[/connection/{connectionId}]/signal``: 204 No Content."""

    name: ClassVar[str] = "signals.send"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/session/{sessionId}/connection/{connectionId}/signal",
        "/session/{sessionId}/signal",
        body="json",
        success=204,
        meanings={
            400: "invalid signal: a property (type, data, session or connection id) is invalid",
            404: "the target client is not connected to the session",
            413: "the signal type exceeds 128 bytes or its data exceeds 8 kB",
        },
    )

    session_id: str = id_field()
    payload: Signal = attrs.field(converter=_payload)
    connection_id: str | None = optional_field(check_id)

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self, self.payload.to_json())

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class ForceDisconnect:
    """``DELETE /session/{sessionId}/connection/{connectionId}``: 204. Also hangs up a SIP call
    or stops an Audio Connector (give its ``connection_id``)."""

    name: ClassVar[str] = "connections.force_disconnect"
    endpoint: ClassVar[Endpoint] = endpoint(
        "DELETE",
        "/session/{sessionId}/connection/{connectionId}",
        success=204,
        meanings={
            400: "invalid session or connection id",
            404: "the client is not connected to the session",
        },
    )

    session_id: str = id_field()
    connection_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class MuteStream:
    """``POST /session/{sessionId}/stream/{streamId}/mute`` with no body: 200, body ignored."""

    name: ClassVar[str] = "streams.mute"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/session/{sessionId}/stream/{streamId}/mute",
        meanings={
            400: "invalid session or stream id",
            404: "session or stream not found",
        },
    )

    session_id: str = id_field()
    stream_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self)

    def parse(self, response: Response) -> None:
        return None


def _excluded(value: Iterable[str] | None) -> tuple[str, ...]:
    return () if value is None else id_list("excluded_stream_ids", value)


@attrs.frozen(kw_only=True)
class MuteAll:
    """``POST /session/{sessionId}/mute`` ``{"active": true, "excludedStreamIds": [...]}``.

    The key is ``excludedStreamIds`` as the REST guide documents (the official Python SDK sends
    ``excludedStreams``, which the service does not read:
    spec/service.md#mute-all, #py-mute-all-key).
    """

    name: ClassVar[str] = "streams.mute_all"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/session/{sessionId}/mute",
        body="json",
        meanings={
            400: "invalid session id or excluded stream ids",
            404: "session not found",
        },
    )

    session_id: str = id_field()
    excluded_stream_ids: tuple[str, ...] = attrs.field(default=(), converter=_excluded)

    @classmethod
    def from_call(
        cls,
        session_id: str,
        excluded_stream_ids: Iterable[str] | None = None,
        excludedStreamIds: Iterable[str] | None = None,  # noqa: N803 (the official SDK's keyword)
    ) -> MuteAll:
        """From ``mute_all``'s arguments, where the list may come under either name."""
        if excludedStreamIds is not None:
            if excluded_stream_ids is not None:
                raise ValidationError(
                    "excludedStreamIds", "give excluded_stream_ids or excludedStreamIds, not both"
                )
            excluded_stream_ids = excludedStreamIds
        return cls(session_id=session_id, excluded_stream_ids=excluded_stream_ids)

    def build(self, config: Config) -> Request:
        body = {"active": True, "excludedStreamIds": list(self.excluded_stream_ids)}
        return self.endpoint.request(config, self, body)

    def parse(self, response: Response) -> None:
        return None


@attrs.frozen(kw_only=True)
class DisableForceMute:
    """``POST /session/{sessionId}/mute`` ``{"active": false}``: new publishers are no longer
    muted."""

    name: ClassVar[str] = "streams.disable_force_mute"
    endpoint: ClassVar[Endpoint] = endpoint(
        "POST",
        "/session/{sessionId}/mute",
        body="json",
        meanings={400: "invalid session id", 404: "session not found"},
    )

    session_id: str = id_field()

    def build(self, config: Config) -> Request:
        return self.endpoint.request(config, self, {"active": False})

    def parse(self, response: Response) -> None:
        return None
