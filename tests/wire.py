"""Golden wire helpers: what an operation puts on the wire, minus the auth JWT."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from opentok_core import Config, Request, make_config
from tests.conftest import API_KEY, API_SECRET

CONFIG = make_config(API_KEY, API_SECRET, api_url="https://api.example.test")
PREFIX = f"/v2/project/{API_KEY}"


def wire(request: Request) -> tuple[str, str, dict[str, str], bytes]:
    """``(method, path?query, headers without auth, body bytes)`` of a request."""
    parts = urlsplit(request.url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {k: v for k, v in request.headers if k not in ("x-opentok-auth", "authorization")}
    return request.method, target, headers, request.body


def json_headers(config: Config = CONFIG) -> dict[str, str]:
    return {
        "accept": "application/json",
        "user-agent": config.user_agent,
        "content-type": "application/json",
    }


def bare_headers(config: Config = CONFIG) -> dict[str, str]:
    return {"accept": "application/json", "user-agent": config.user_agent}


def body_of(payload: Any) -> bytes:
    """The compact JSON bytes the SDK sends for ``payload``."""
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
