"""The Flask and FastAPI examples, against the emulator: a room page hands the browser a
session and a token the service accepts; a JSON endpoint does the same for single-page apps."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal

from examples import fastapi_app, flask_app
from opentok_async import AsyncClient
from opentok_core import ProjectCredentials, decode_token, sign_callback, verify_token
from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET
from opentok_emulator.control import ConnectClient
from opentok_sync import Client
from tests.callbacks_over_http import SIGNATURE_SECRET, headers_of, received_callbacks
from tests.conftest import API_KEY, API_SECRET

CREDENTIALS = re.compile(r"const credentials = (\{.*?\});")


class App:
    """One example app under test: ``get`` a page, ``post`` JSON, ``deliver`` a callback."""

    def __init__(
        self,
        get: Callable[[str], tuple[int, str]],
        post: Callable[[str, Any], tuple[int, Any]],
        deliver: Callable[[bytes, dict[str, str]], int],
    ) -> None:
        self.get, self.post, self.deliver = get, post, deliver


@contextmanager
def app_under_test(
    kind: str, client: Client, async_client: AsyncClient, **options: Any
) -> Iterator[App]:
    """The Flask app (on ``client``) or the FastAPI one (on ``async_client``), through the
    framework's test client."""
    if kind == "flask":
        flask = flask_app.create_app(client, **options).test_client()

        def get(path: str) -> tuple[int, str]:
            reply = flask.get(path)
            return reply.status_code, reply.get_data(as_text=True)

        def post(path: str, body: Any) -> tuple[int, Any]:
            reply = flask.post(path, json=body)
            return reply.status_code, reply.get_json()

        def deliver(body: bytes, headers: dict[str, str]) -> int:
            return flask.post("/opentok/events", data=body, headers=headers).status_code

        yield App(get, post, deliver)
        return
    with asgi(fastapi_app.create_app(async_client, **options)) as (portal, web):

        def aget(path: str) -> tuple[int, str]:
            reply = portal.call(web.get, path)
            return reply.status_code, reply.text

        def apost(path: str, body: Any) -> tuple[int, Any]:
            reply = portal.call(lambda: web.post(path, json=body))
            return reply.status_code, reply.json()

        def adeliver(body: bytes, headers: dict[str, str]) -> int:
            sent = portal.call(lambda: web.post("/opentok/events", content=body, headers=headers))
            return sent.status_code

        try:
            yield App(aget, apost, adeliver)
        finally:
            portal.call(async_client.aclose)


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


@pytest.fixture(params=["flask", "fastapi"])
def http(
    request: pytest.FixtureRequest, opentok_client: Client, opentok_async_client: AsyncClient
) -> Iterator[App]:
    with app_under_test(request.param, opentok_client, opentok_async_client) as app:
        yield app


def test_the_room_page_hands_over_a_session_and_a_token_the_service_accepts(
    http: App, opentok_client: Client
) -> None:
    status, page = http.get("/rooms/standup?name=Ann")
    assert status == 200 and "OT.initSession" in page and "Room standup" in page
    found = json.loads(CREDENTIALS.search(page).group(1))  # type: ignore[union-attr]
    assert found["apiKey"] == DEMO_API_KEY
    secret = ProjectCredentials(DEMO_API_KEY, DEMO_API_SECRET)
    claims = verify_token(found["token"], secret)
    assert claims.session_id == found["sessionId"] and claims.data == "name=Ann"
    joined = opentok_client.send(ConnectClient(session_id=found["sessionId"], token=found["token"]))
    assert joined.data == "name=Ann" and joined.role == "publisher"


def test_a_room_keeps_its_session_and_each_visitor_gets_a_token(http: App) -> None:
    post = http.post
    status, first = post("/api/rooms/standup/token", {"name": "Bob"})
    assert status == 200 and decode_token(first["token"]).data == "name=Bob"
    _, again = post("/api/rooms/standup/token", {})
    _, other = post("/api/rooms/retro/token", {})
    assert again["sessionId"] == first["sessionId"] != other["sessionId"]
    assert again["token"] != first["token"] and decode_token(again["token"]).data is None


def test_a_bad_room_name_is_not_found(http: App) -> None:
    assert http.get("/rooms/" + "x" * 65)[0] == 404
    assert http.post("/api/rooms/a%20b/token", {})[0] == 404
    assert http.get("/api/rooms/a%20b/people")[0] == 404


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


@pytest.mark.parametrize("kind", ["flask", "fastapi"])
def test_the_callback_route_believes_the_emulators_signed_callbacks_only(kind: str) -> None:
    with ExitStack() as stack:

        def ann_joins(client: Client) -> App:
            async_client = AsyncClient(API_KEY, API_SECRET, api_url=client.api_url)
            app = stack.enter_context(
                app_under_test(kind, client, async_client, signature_secret=SIGNATURE_SECRET)
            )
            _, found = app.post("/api/rooms/standup/token", {"name": "Ann"})
            client.send(ConnectClient(session_id=found["sessionId"], token=found["token"]))
            return app

        # sessionCreated, connectionCreated: signed by the emulator, received over HTTP.
        received, app = received_callbacks(ann_joins, 2)
        assert people(app) == []
        joined = received[1]
        forged = joined.body.replace(b"name=Ann", b"name=Eve")
        assert app.deliver(forged, headers_of(joined)) == 401  # tampered with
        assert app.deliver(joined.body, {}) == 401  # unsigned
        wrong = sign_callback(joined.body, "not-the-secret", now=time.time(), jti="x1")
        assert app.deliver(joined.body, {"Authorization": wrong}) == 401
        assert people(app) == []
        for request in received:
            assert app.deliver(request.body, headers_of(request)) == 200
        assert people(app) == ["name=Ann"]
        assert app.deliver(joined.body, headers_of(joined)) == 200  # a redelivery: no change
        assert people(app) == ["name=Ann"]


def people(app: App) -> list[str]:
    """Who the example says is in room ``standup`` (each connection's data)."""
    status, found = app.get("/api/rooms/standup/people")
    assert status == 200
    return [c["data"] for c in json.loads(found)["connections"]]


@pytest.mark.parametrize("kind", ["flask", "fastapi"])
def test_without_a_signature_secret_there_is_no_callback_route(
    kind: str,
    monkeypatch: pytest.MonkeyPatch,
    opentok_client: Client,
    opentok_async_client: AsyncClient,
) -> None:
    monkeypatch.delenv("OPENTOK_SIGNATURE_SECRET", raising=False)
    with app_under_test(kind, opentok_client, opentok_async_client) as app:
        assert app.deliver(b"{}", {}) in (404, 405)
