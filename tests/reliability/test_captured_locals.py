"""No live auth JWT in the locals an error reporter captures (Sentry-style
``capture_locals=True``): the header value is a ``Secret`` whose repr is redacted, in our
frames and in the HTTP libraries' frames below them, whatever the header's position."""

from __future__ import annotations

import socket
import traceback
from typing import Any

import pytest

from opentok_async import AsyncClient
from opentok_core import NO_RETRY, OpenTokError
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET, rsa_pems
from tests.servers import full, serve_raw

PRIVATE, _ = rsa_pems()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def captured(error: BaseException) -> str:
    return "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())


def tokens_in(text: str) -> list[str]:
    """JWT-shaped strings (three base64url parts, the first a JSON header)."""
    return [w for w in text.replace("'", " ").replace('"', " ").split() if w.startswith("eyJ")]


CREDENTIALS: list[dict[str, Any]] = [
    {"api_key": API_KEY, "api_secret": API_SECRET},
    {"application_id": "app-1", "private_key": PRIVATE},
]


@pytest.mark.anyio
@pytest.mark.parametrize("credentials", CREDENTIALS, ids=["project", "application"])
@pytest.mark.parametrize("path", ["connect", "5xx", "garbage"])
async def test_no_auth_jwt_in_captured_locals(credentials: dict[str, Any], path: str) -> None:
    behaviours = {
        "5xx": full(b'{"code":500}', status=500),
        "garbage": full(b"<html>not json"),
    }
    if path == "connect":
        urls = [f"http://127.0.0.1:{closed_port()}"]
        server = None
    else:
        server = serve_raw(behaviours[path])
        urls = [server.__enter__()[0]]
    try:
        for cls in (Client, AsyncClient):
            client: Any = cls(**credentials, api_url=urls[0], retry=NO_RETRY)
            with pytest.raises(OpenTokError) as info:
                result = client.get_archive("a1")
                if cls is AsyncClient:
                    await result
            assert tokens_in(captured(info.value)) == [], cls
    finally:
        if server is not None:
            server.__exit__(None, None, None)
