"""Session facade calls on both clients: the rows test_client_parity.py runs for sync/async
parity (same request, result and error over one fake); what create_session sends is pinned in
tests/core/test_sessions.py."""

from __future__ import annotations

from tests.clients.helpers import FacadeCall

# Facade calls with hand-chosen arguments, run on both clients by test_client_parity.py.
CALLS: list[FacadeCall] = [
    ("create_session", (), {}, "sessions.create"),
    (
        "create_session",
        ("10.1.200.30", "routed", "always", "daily", "1280x720"),
        {},
        "sessions.create",
    ),
    ("create_session", (), {"media_mode": "routed", "e2ee": True}, "sessions.create"),
]
