"""Who may drive the control API (``/_emulator/...``): requests addressed to this machine.

The control API has no authentication (it is a local test tool), so a web page must not reach
it. A DNS-rebinding page (``evil.example`` resolving to 127.0.0.1) sends its own name as
``Host``; a cross-site page sends its ``Origin``; a form or ``no-cors`` fetch can only send a
"simple" content type. So every control request must name a loopback host or the bound address
(with or without the port), an ``Origin`` if present must be one of those, and a write that
carries a body must declare it ``application/json``, which no page can send cross-origin
without a CORS preflight this server never answers. Pure: the server hands in the request.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from opentok_core import Response

from ._core import CONTROL_PREFIX
from ._wire import error

__all__ = ["allowed_hosts", "control_refusal"]

_READS = ("GET", "HEAD")


def allowed_hosts(bound: str, port: int) -> frozenset[str]:
    """The ``Host`` values the control API answers: loopback names and the bound address,
    each with and without ``:port`` (lower case, IPv6 in brackets)."""
    names = {"localhost", "127.0.0.1", "[::1]", bound.lower()}
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
    return frozenset(n for name in names for n in (name, f"{name}:{port}"))


def _is_control(target: str) -> bool:
    if "emulator" not in target and "%" not in target:  # the common case, without parsing
        return False
    path = urlsplit(target).path
    first = next((s for s in path.split("/") if s), "")
    return (unquote(first) if "%" in first else first) == CONTROL_PREFIX


def control_refusal(
    method: str,
    target: str,
    headers: Iterable[tuple[str, str]],
    body: bytes,
    hosts: frozenset[str],
) -> Response | None:
    """The refusal for a control request from elsewhere (None: it may be answered)."""
    if not _is_control(target):
        return None
    fields: dict[str, str] = {}
    for name, value in headers:
        fields.setdefault(name.lower(), value)
    host = fields.get("host", "").strip().lower()
    if host not in hosts:
        return error(
            403,
            "The control API answers only requests addressed to localhost, 127.0.0.1 or the "
            f"address it is bound to (Host: {host or 'missing'})",
        )
    origin = fields.get("origin")
    if origin is not None:
        parts = urlsplit(origin.strip().lower())
        if parts.scheme not in ("http", "https") or parts.netloc not in hosts:
            return error(403, f"The control API answers no cross-origin request (Origin: {origin})")
    if method not in _READS:
        content_type = fields.get("content-type")
        media = (content_type or "").split(";", 1)[0].strip().lower()
        if (body or content_type is not None) and media != "application/json":
            return error(415, "A control API write takes an application/json body")
    return None
