"""A typed webhook router: verify a callback, parse it, drop redeliveries, call the handlers
registered for its event type. Pure, like the rest of the core: the clock is handed in and
the dedup store is pluggable (any ``SeenStore``).

::

    router = CallbackRouter(signature_secret=SECRET, clock=your_clock)

    @router.on(ArchiveEvent)
    def archived(event: ArchiveEvent) -> None: ...

    result = router.handle(request_body, request_headers)  # answer result.status

Answers: 200 (handled, a duplicate, or an event no handler wants: the service must not
retry those), 400 (not a callback body), 401 (InvalidSignature). A handler that raises
propagates and the delivery is forgotten (when the store has ``discard``), so the web
framework's 500 makes the service redeliver and the handlers run again: make them idempotent.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ._errors import InvalidSignature, ValidationError
from ._model import Model
from ._signed import CallbackClaims, MemorySeenStore, SeenStore, payload_hash, verify_callback
from .callbacks import Headers, header_value, parse_callback
from .models.callbacks import CallbackEvent

__all__ = ["CallbackRouter", "Routed"]

Handler = Callable[[Any], Any]

#: Every event class ``parse_callback`` returns (``CallbackEvent`` is their union).
EVENT_TYPES: tuple[type, ...] = typing.get_args(CallbackEvent)

#: How long a delivery's id is remembered without a signed ``iat`` to bound it (a day: the
#: service retries a failed callback for minutes, not days).
DEDUP_SECONDS = 86_400.0


@attrs.frozen
class Routed(Model):
    """What ``handle`` did: the HTTP ``status`` to answer, the ``event`` (None when refused),
    the verified ``claims`` (None unsigned), whether it was a ``duplicate``, how many handlers
    ran (``handled``) and, when refused, ``error``."""

    status: int
    event: CallbackEvent | None = None
    claims: CallbackClaims | None = None
    duplicate: bool = False
    handled: int = 0
    error: str | None = None


def delivery_key(event: CallbackEvent, claims: CallbackClaims | None, body: bytes) -> str:
    """What identifies a delivery: the JWT's ``jti`` when signed, else the event's id and
    status and time, else the body's hash."""
    if claims is not None and claims.jti:
        return f"jti:{claims.jti}"
    raw: Mapping[str, Any] = getattr(event, "raw", {}) or {}
    parts = [raw.get(k) for k in ("event", "id", "status", "updatedAt", "timestamp")]
    if raw.get("id") is not None:
        return "event:" + ":".join("" if p is None else str(p) for p in parts)
    return "body:" + payload_hash(body)


class CallbackRouter:
    """Handlers per event type, dispatched after verification and deduplication."""

    def __init__(
        self,
        *,
        clock: Callable[[], float],
        signature_secret: str | None = None,
        max_age: float = 300,
        api_key: str | int | None = None,
        application_id: str | None = None,
        seen: SeenStore | None = None,
    ) -> None:
        if not callable(clock):
            raise ValidationError("clock", "must be a callable returning unix seconds")
        self._clock = clock
        self._secret = signature_secret
        self._max_age = max_age
        self._api_key = api_key
        self._application_id = application_id
        self._seen: SeenStore = seen if seen is not None else MemorySeenStore()
        self._handlers: list[tuple[type, Handler]] = []

    def on(self, *event_types: Any) -> Callable[[Handler], Handler]:
        """Register the decorated function for these event types (``CallbackEvent``: all)."""
        classes: list[type] = []
        for event_type in event_types:
            expanded = typing.get_args(event_type) or (event_type,)
            for cls in expanded:
                if cls not in EVENT_TYPES:
                    raise ValidationError("event_types", f"{cls!r} is not a callback event")
                classes.append(cls)
        if not classes:
            raise ValidationError("event_types", "name at least one event type")

        def register(handler: Handler) -> Handler:
            if not callable(handler):
                raise ValidationError("handler", "must be callable")
            self._handlers.extend((cls, handler) for cls in classes)
            return handler

        return register

    def handlers_for(self, event: CallbackEvent) -> list[Handler]:
        """The handlers registered for ``event``'s type, in registration order, once each."""
        found: list[Handler] = []
        for event_type, handler in self._handlers:
            if isinstance(event, event_type) and handler not in found:
                found.append(handler)
        return found

    def _accept(self, body: bytes, headers: Headers | None) -> Routed | tuple[Any, ...]:
        """Verify, parse and record one delivery: the answer when it ends here (refused, or
        already seen), else ``(event, claims, key)`` for the handlers."""
        now = self._clock()
        try:
            claims = None
            if self._secret is not None:
                claims = verify_callback(
                    body,
                    header_value(headers, "authorization") or "",
                    self._secret,
                    now=now,
                    max_age=self._max_age,
                    api_key=self._api_key,
                    application_id=self._application_id,
                )
            event = parse_callback(body)
        except InvalidSignature as exc:
            return Routed(401, error=str(exc))
        except ValidationError as exc:
            return Routed(400, error=str(exc))
        key = delivery_key(event, claims, body)
        expires = (claims.iat if claims else now) + (self._max_age if claims else DEDUP_SECONDS)
        if not self._seen.add(key, now=now, expires_at=expires):
            return Routed(200, event, claims, duplicate=True)
        return event, claims, key

    def handle(self, body: bytes, headers: Headers | None = None) -> Routed:
        """Verify, parse, deduplicate and dispatch one callback; see the module docs."""
        accepted = self._accept(body, headers)
        if isinstance(accepted, Routed):
            return accepted
        event, claims, key = accepted
        handlers = self.handlers_for(event)
        try:
            for handler in handlers:
                if inspect.isawaitable(result := handler(event)):
                    result.close()  # type: ignore[attr-defined]
                    raise ValidationError("handler", "is async: use handle_async")
        except BaseException:
            self._forget(key)
            raise
        return Routed(200, event, claims, handled=len(handlers))

    async def handle_async(self, body: bytes, headers: Headers | None = None) -> Routed:
        """``handle`` for async frameworks: handlers may be coroutine functions."""
        accepted = self._accept(body, headers)
        if isinstance(accepted, Routed):
            return accepted
        event, claims, key = accepted
        handlers = self.handlers_for(event)
        try:
            for handler in handlers:
                if inspect.isawaitable(result := handler(event)):
                    await result
        except BaseException:
            self._forget(key)
            raise
        return Routed(200, event, claims, handled=len(handlers))

    def _forget(self, key: str) -> None:
        """A handler failed: forget the delivery (when the store can) so its retry runs."""
        discard = getattr(self._seen, "discard", None)
        if callable(discard):
            discard(key)
