"""Who is in each session now, folded from the session monitoring callbacks.

``SessionMonitor.apply(event)`` takes ``ConnectionCreated``/``Destroyed``,
``StreamCreated``/``Destroyed`` and ``SessionDestroyed`` (any other event is ignored), so it
can sit behind a ``CallbackRouter``: ``monitor.attach(router)``. The service may deliver a
callback twice or out of order: applying one again changes nothing, and an id destroyed once
stays gone, so a late ``connectionCreated`` after its ``connectionDestroyed`` does not bring
the participant back and a ``streamDestroyed`` for a stream never seen is remembered, not an
error. Pure and in memory: one process's view (share it through your own store if you run
several workers).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._errors import ValidationError
from ._model import Model
from .models.callbacks import (
    ConnectionCreated,
    ConnectionDestroyed,
    SessionDestroyed,
    StreamCreated,
    StreamDestroyed,
)
from .models.streams import Connection, Stream

if TYPE_CHECKING:
    from .routing import CallbackRouter

__all__ = ["Presence", "SessionMonitor"]

#: The events a SessionMonitor folds.
PRESENCE_EVENTS = (
    ConnectionCreated,
    ConnectionDestroyed,
    StreamCreated,
    StreamDestroyed,
    SessionDestroyed,
)

#: How many destroyed connection and stream ids are remembered (the oldest are forgotten
#: first): enough for any redelivery window, bounded whatever the traffic.
MAX_GONE = 10_000


@attrs.frozen
class Presence(Model):
    """One session now: its ``connections`` and ``streams`` by id (copies: changing them
    changes nothing in the monitor)."""

    session_id: str
    connections: Mapping[str, Connection] = attrs.field(factory=dict)
    streams: Mapping[str, Stream] = attrs.field(factory=dict)

    def streams_of(self, connection_id: str) -> tuple[Stream, ...]:
        """The streams ``connection_id`` publishes."""
        return tuple(s for s in self.streams.values() if _owner(s) == connection_id)


def _owner(stream: Stream) -> str | None:
    return None if stream.connection is None else stream.connection.id


def _after(created: dt.datetime | None, at: dt.datetime | None) -> bool:
    """Whether something created at ``created`` is known to be newer than ``at``."""
    return created is not None and at is not None and created > at


class SessionMonitor:
    """Folds connection and stream callbacks into who is in each session now."""

    def __init__(self, *, max_gone: int = MAX_GONE) -> None:
        if isinstance(max_gone, bool) or not isinstance(max_gone, int) or max_gone < 1:
            raise ValidationError("max_gone", "must be a positive int")
        self._connections: dict[str, dict[str, Connection]] = {}
        self._streams: dict[str, dict[str, Stream]] = {}
        self._gone: OrderedDict[str, None] = OrderedDict()  # "c:<id>" / "s:<id>"
        self._max_gone = max_gone
        self._lock = threading.Lock()  # web servers call handlers from several threads

    def attach(self, router: CallbackRouter) -> SessionMonitor:
        """Register ``apply`` on ``router`` for the events it folds; return self."""
        router.on(*PRESENCE_EVENTS)(self.apply)
        return self

    def apply(self, event: Any) -> bool:
        """Fold one callback event in; return whether anything changed."""
        if not isinstance(event, PRESENCE_EVENTS):
            return False
        with self._lock:
            if isinstance(event, ConnectionCreated):
                return self._join(event.session_id, event.connection)
            if isinstance(event, StreamCreated):
                owner = event.stream.connection
                # Its connectionCreated may be late: the stream's own copy stands in until then.
                joined = owner is not None and self._join(event.session_id, owner, replace=False)
                return self._publish(event.session_id, event.stream) or joined
            if isinstance(event, StreamDestroyed):
                return self._unpublish(event.session_id, event.stream.id)
            if isinstance(event, ConnectionDestroyed):
                return self._leave(event.session_id, event.connection.id)
            return self._end(event.session_id, event.timestamp)

    def session(self, session_id: str) -> Presence:
        """``session_id`` now (empty when nobody is there or it was never seen)."""
        with self._lock:
            return Presence(
                session_id,
                dict(self._connections.get(session_id, {})),
                dict(self._streams.get(session_id, {})),
            )

    def sessions(self) -> tuple[str, ...]:
        """The ids of the sessions someone is connected to now."""
        with self._lock:
            return tuple(sid for sid, found in self._connections.items() if found)

    # Each fold below runs under the lock.

    def _join(self, session_id: str, connection: Connection, *, replace: bool = True) -> bool:
        if "c:" + connection.id in self._gone:
            return False
        found = self._connections.setdefault(session_id, {})
        known = found.get(connection.id)
        if known == connection or (known is not None and not replace):
            return False
        found[connection.id] = connection
        return True

    def _publish(self, session_id: str, stream: Stream) -> bool:
        owner = _owner(stream)
        if "s:" + stream.id in self._gone or (owner and "c:" + owner in self._gone):
            return False
        found = self._streams.setdefault(session_id, {})
        if found.get(stream.id) == stream:
            return False
        found[stream.id] = stream
        return True

    def _unpublish(self, session_id: str, stream_id: str) -> bool:
        self._bury("s:" + stream_id)
        changed = self._streams.get(session_id, {}).pop(stream_id, None) is not None
        self._drop_if_empty(session_id)
        return changed

    def _leave(self, session_id: str, connection_id: str) -> bool:
        self._bury("c:" + connection_id)
        streams = self._streams.get(session_id, {})
        for stream in [s for s in streams.values() if _owner(s) == connection_id]:
            self._unpublish(session_id, stream.id)  # its streamDestroyed may come later
        changed = self._connections.get(session_id, {}).pop(connection_id, None) is not None
        self._drop_if_empty(session_id)
        return changed

    def _end(self, session_id: str, at: dt.datetime | None) -> bool:
        """sessionDestroyed: everyone connected before ``at`` has left (one who joined after
        it, when that callback overtook this one, stays)."""
        changed = False
        for connection in list(self._connections.get(session_id, {}).values()):
            if not _after(connection.created_at, at):
                changed = self._leave(session_id, connection.id) or changed
        for stream in list(self._streams.get(session_id, {}).values()):
            if not _after(stream.created_at, at):
                changed = self._unpublish(session_id, stream.id) or changed
        return changed

    def _drop_if_empty(self, session_id: str) -> None:
        if not self._connections.get(session_id) and not self._streams.get(session_id):
            self._connections.pop(session_id, None)
            self._streams.pop(session_id, None)

    def _bury(self, key: str) -> None:
        """Remember ``key`` as destroyed, forgetting the oldest beyond ``max_gone``."""
        self._gone[key] = None
        self._gone.move_to_end(key)
        while len(self._gone) > self._max_gone:
            self._gone.popitem(last=False)
