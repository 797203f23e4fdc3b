"""Bounded state: past ``limit`` sessions, the oldest ended ones are forgotten.

The service keeps sessions forever, but an emulator serving a long test run (or a loop that
creates sessions) must not grow without bound: each session costs about 0.7 KiB before anyone
joins it (docs/emulator.md). A session has ended when no client is connected to it (simulated
clients, SIP calls, renders, captions and audio connectors are all connections) and no archive
or broadcast of it is running; only those are evicted, oldest first. Archives and broadcasts
stay listed: the service keeps them after their session is gone.
"""

from __future__ import annotations

from collections import OrderedDict

from ._state import Project

__all__ = ["MAX_SESSIONS", "SessionRetention"]

#: The default cap: about 7 MiB of sessions nobody joined.
MAX_SESSIONS = 10_000


def _running(project: Project) -> set[str]:
    """The sessions of ``project`` with an archive or a broadcast in progress."""
    busy = {a.session_id for a in project.archives.values() if a.active}
    busy.update(b.session_id for b in project.broadcasts.values() if b.active)
    return busy


class SessionRetention:
    """The sessions in the order they were created, and the cap on how many are kept."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._order: OrderedDict[str, Project] = OrderedDict()

    def clear(self) -> None:
        self._order.clear()

    def created(self, project: Project, session_id: str) -> None:
        """Note a new session; past the cap, forget the oldest ended ones."""
        self._order[session_id] = project
        excess = len(self._order) - self.limit
        if excess <= 0:
            return
        victims: list[str] = []
        running: dict[str, set[str]] = {}
        for old_id, owner in self._order.items():
            session = owner.sessions.get(old_id)
            if session is None:  # gone already (a reset): only its place in line is left
                victims.append(old_id)
                continue
            if session.connected():
                continue
            busy = running.get(owner.id)
            if busy is None:
                busy = running[owner.id] = _running(owner)
            if old_id in busy:
                continue
            victims.append(old_id)
            if len(victims) >= excess:
                break
        for old_id in victims:
            self._order.pop(old_id).sessions.pop(old_id, None)
