"""Parse the JSON the service POSTs to a project's callback URLs into typed events. Pure.

``parse_callback(body)`` takes the raw request body (bytes or str, as a web framework hands
it over) or an already-decoded mapping, and returns one of the events in
``opentok_core.models.callbacks``:

* archive status changes: the archive JSON with ``"event": "archive"`` -> ArchiveEvent;
* broadcast status changes: the broadcast JSON with ``"event": "broadcast"`` -> BroadcastEvent;
* Experience Composer status: the render JSON (``"event": "render"``, or no event with a
  render's ``url``/``status`` shape) -> RenderEvent;
* live captions status (``captionId``/``captionsId``) -> CaptionsEvent;
* session monitoring: ``connectionCreated``/``connectionDestroyed``/``streamCreated``/
  ``streamDestroyed``/``sessionCreated``/``sessionDestroyed`` -> the event of that name;
* SIP call progress: ``callCreated``/``callUpdated``/``callDestroyed`` -> SipCallEvent;
* anything else that is a JSON object -> UnknownEvent (forward compatible: the service adds
  events, and a new one must not break a webhook handler).

A body that is not a JSON object, or a known event whose fields have the wrong types, raises
ValidationError (field ``body``): answer such a request with HTTP 400.

Given the callback's ``signature_secret`` (and the request's ``headers`` and ``now``),
``parse_callback`` first verifies the signed JWT (``verify_callback``) and raises
InvalidSignature, to be answered with HTTP 401, before believing a word of the body.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._errors import ValidationError
from ._signed import SeenStore, check_options, verify_callback
from .models.callbacks import (
    ArchiveEvent,
    BroadcastEvent,
    CallbackEvent,
    CaptionsEvent,
    ConnectionCreated,
    ConnectionDestroyed,
    RenderEvent,
    SessionCreated,
    SessionDestroyed,
    SipCallEvent,
    StreamCreated,
    StreamDestroyed,
    UnknownEvent,
)
from .models.renders import RenderStatus

__all__ = ["header_value", "parse_callback"]

Headers = Mapping[str, str] | Iterable[tuple[str, str]]

_BY_EVENT: dict[str, Callable[[Mapping[str, Any]], CallbackEvent]] = {
    "archive": ArchiveEvent.from_json,
    "broadcast": BroadcastEvent.from_json,
    "render": RenderEvent.from_json,
    "captions": CaptionsEvent.from_json,
    "connectionCreated": ConnectionCreated.from_json,
    "connectionDestroyed": ConnectionDestroyed.from_json,
    "streamCreated": StreamCreated.from_json,
    "streamDestroyed": StreamDestroyed.from_json,
    "sessionCreated": SessionCreated.from_json,
    "sessionDestroyed": SessionDestroyed.from_json,
    "callCreated": SipCallEvent.from_json,
    "callUpdated": SipCallEvent.from_json,
    "callDestroyed": SipCallEvent.from_json,
}

#: What a model reader may raise on a malformed payload (see models/_read.py); datetime
#: conversion of an absurd timestamp adds OverflowError and OSError.
_MALFORMED = (ValueError, TypeError, KeyError, AttributeError, OverflowError, OSError)

_RENDER_STATUSES = frozenset(s.value for s in RenderStatus)


def _decode(body: bytes | str | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(body, Mapping):
        return body
    if isinstance(body, (bytes, bytearray, memoryview)):
        raw: bytes | str = bytes(body)
    elif isinstance(body, str):
        raw = body
    else:
        raise ValidationError("body", f"must be bytes, str or a mapping, not {type(body).__name__}")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise ValidationError("body", f"is not JSON ({type(exc).__name__})") from None
    if not isinstance(data, Mapping):
        raise ValidationError("body", f"must be a JSON object, not {type(data).__name__}")
    return data


def _reader(data: Mapping[str, Any]) -> Callable[[Mapping[str, Any]], CallbackEvent] | None:
    event = data.get("event")
    if isinstance(event, str) and event in _BY_EVENT:
        return _BY_EVENT[event]
    if event is not None:
        return None
    # Payloads without an "event" name are told apart by their shape.
    if "captionId" in data or "captionsId" in data:
        return CaptionsEvent.from_json
    if "broadcastUrls" in data:
        return BroadcastEvent.from_json
    status = data.get("status")
    if "id" in data and "url" in data and isinstance(status, str) and status in _RENDER_STATUSES:
        return RenderEvent.from_json
    return None


def header_value(headers: Headers | None, name: str) -> str | None:
    """The value of header ``name`` (any case) in a mapping, a framework's header object or a
    list of pairs; None when absent. Raises ValidationError when ``headers`` is none of those."""
    wanted = name.lower()
    for key, value in _pairs(headers):
        if key.lower() == wanted:
            return value
    return None


def _pairs(headers: Headers | None) -> list[tuple[str, str]]:
    if headers is None:
        return []
    bad = ValidationError("headers", "must be a mapping or (name, value) pairs")
    if isinstance(headers, (str, bytes)):
        raise bad
    items = headers.items() if isinstance(headers, Mapping) else headers
    pairs = []
    try:
        for key, value in items:
            if not isinstance(key, (str, bytes)) or not isinstance(value, (str, bytes)):
                raise bad
            pairs.append((_text(key), _text(value)))
    except (TypeError, ValueError):
        raise bad from None
    return pairs


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def parse_callback(
    body: bytes | str | Mapping[str, Any],
    headers: Headers | None = None,
    signature_secret: str | None = None,
    *,
    now: float | None = None,
    max_age: float = 300,
    api_key: str | int | None = None,
    application_id: str | None = None,
    seen: SeenStore | None = None,
) -> CallbackEvent:
    """Turn a callback request body into a typed event (see the module docs for the kinds).

    With ``signature_secret``, the ``Authorization`` header of ``headers`` is verified against
    the raw ``body`` first (``verify_callback``, at ``now``, with the other keyword checks);
    the clients' ``parse_callback`` passes their clock.

    Raises:
        InvalidSignature: a secret was given and the callback does not verify.
        ValidationError: the body is not a JSON object, or a known event is malformed.
    """
    authorization = header_value(headers, "authorization")
    check_options(max_age, api_key, application_id, seen)
    if signature_secret is not None:
        if now is None:
            raise ValidationError("now", "is required to verify a signed callback (unix seconds)")
        verify_callback(
            body,  # type: ignore[arg-type]  # a mapping is refused there: it has no raw bytes
            authorization or "",
            signature_secret,
            now=now,
            max_age=max_age,
            api_key=api_key,
            application_id=application_id,
            seen=seen,
        )
    data = _decode(body)
    reader = _reader(data)
    if reader is None:
        event = data.get("event")
        return UnknownEvent(event=event if isinstance(event, str) else None, raw=dict(data))
    try:
        return reader(data)
    except _MALFORMED as exc:
        kind = data.get("event") if isinstance(data.get("event"), str) else "callback"
        raise ValidationError("body", f"malformed {kind} callback: {exc}") from None
    except RecursionError:
        raise ValidationError("body", "is nested too deeply") from None
