"""The Flask and FastAPI examples, against the emulator: a room page hands the browser a
session and a token the service accepts; a JSON endpoint does the same for single-page apps."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal

from examples import fastapi_app, flask_app
from opentok_async import AsyncClient
from opentok_core import ProjectCredentials, decode_token, verify_token
from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET
from opentok_emulator.control import ConnectClient
from opentok_sync import Client

CREDENTIALS = re.compile(r"const credentials = (\{.*?\});")

# (get(path) -> (status, text), post(path, json) -> (status, json)) for one app under test.
Http = tuple[Callable[[str], tuple[int, str]], Callable[[str, Any], tuple[int, Any]]]


@pytest.fixture(params=["flask", "fastapi"])
def http(
    request: pytest.FixtureRequest, opentok_client: Client, opentok_async_client: AsyncClient
) -> Iterator[Http]:
    if request.param == "flask":
        flask = flask_app.create_app(opentok_client).test_client()

        def get(path: str) -> tuple[int, str]:
            reply = flask.get(path)
            return reply.status_code, reply.get_data(as_text=True)

        def post(path: str, body: Any) -> tuple[int, Any]:
            reply = flask.post(path, json=body)
            return reply.status_code, reply.get_json()

        yield get, post
    else:
        with asgi(fastapi_app.create_app(opentok_async_client)) as (portal, client):

            def aget(path: str) -> tuple[int, str]:
                reply = portal.call(client.get, path)
                return reply.status_code, reply.text

            def apost(path: str, body: Any) -> tuple[int, Any]:
                reply = portal.call(lambda: client.post(path, json=body))
                return reply.status_code, reply.json()

            yield aget, apost


@contextmanager
def asgi(app: Any) -> Iterator[tuple[BlockingPortal, httpx.AsyncClient]]:
    """Call an ASGI app through httpx from sync code, on one event loop for the whole test
    (what Starlette's TestClient does, without its extra dependency)."""
    with start_blocking_portal() as portal:
        transport = httpx.ASGITransport(app=app)
        client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        try:
            yield portal, client
        finally:
            portal.call(client.aclose)


def test_the_room_page_hands_over_a_session_and_a_token_the_service_accepts(
    http: Http, opentok_client: Client
) -> None:
    get, _ = http
    status, page = get("/rooms/standup?name=Ann")
    assert status == 200 and "OT.initSession" in page and "Room standup" in page
    found = json.loads(CREDENTIALS.search(page).group(1))  # type: ignore[union-attr]
    assert found["apiKey"] == DEMO_API_KEY
    secret = ProjectCredentials(DEMO_API_KEY, DEMO_API_SECRET)
    claims = verify_token(found["token"], secret)
    assert claims.session_id == found["sessionId"] and claims.data == "name=Ann"
    joined = opentok_client.send(ConnectClient(session_id=found["sessionId"], token=found["token"]))
    assert joined.data == "name=Ann" and joined.role == "publisher"


def test_a_room_keeps_its_session_and_each_visitor_gets_a_token(http: Http) -> None:
    _, post = http
    status, first = post("/api/rooms/standup/token", {"name": "Bob"})
    assert status == 200 and decode_token(first["token"]).data == "name=Bob"
    _, again = post("/api/rooms/standup/token", {})
    _, other = post("/api/rooms/retro/token", {})
    assert again["sessionId"] == first["sessionId"] != other["sessionId"]
    assert again["token"] != first["token"] and decode_token(again["token"]).data is None


def test_a_bad_room_name_is_not_found(http: Http) -> None:
    get, post = http
    assert get("/rooms/" + "x" * 65)[0] == 404
    assert post("/api/rooms/a%20b/token", {})[0] == 404


def test_a_service_failure_is_a_502_not_a_crash() -> None:
    dead = "http://127.0.0.1:9"
    flask = flask_app.create_app(Client("123456", "secret", api_url=dead, timeout=2))
    reply = flask.test_client().get("/rooms/standup")
    assert reply.status_code == 502 and "unavailable" in reply.get_json()["error"]
    app = fastapi_app.create_app(AsyncClient("123456", "secret", api_url=dead, timeout=2))
    with asgi(app) as (portal, client):
        answer = portal.call(lambda: client.post("/api/rooms/standup/token", json={}))
    assert answer.status_code == 502 and "unavailable" in answer.json()["error"]


def test_the_page_pins_its_script_and_says_it_needs_the_real_service() -> None:
    import re
    from pathlib import Path

    examples = Path(__file__).resolve().parents[2] / "examples"
    page = (examples / "page.html").read_text(encoding="utf-8")
    (tag,) = re.findall(r"<script src=[^>]*>", page)
    assert re.search(r"@\d+\.\d+\.\d+/", tag), tag  # one exact version, not a range
    assert re.search(r'integrity="sha384-[A-Za-z0-9+/]{64}"', tag) and "crossorigin" in tag
    assert "REAL service" in page and "media plane" in page
    for app in examples.glob("*.py"):  # public attributes only
        assert ".config.credentials" not in app.read_text(encoding="utf-8"), app.name
