"""Credentials the emulator accepts out of the box (``make demo``, ``opentok emulator``)."""

from __future__ import annotations

__all__ = ["DEMO_API_KEY", "DEMO_API_SECRET"]

DEMO_API_KEY = "123456"
DEMO_API_SECRET = "demo-secret-0123456789abcdef"  # noqa: S105 - a public demo value
