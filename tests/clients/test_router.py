"""CallbackRouter: verified, parsed, deduplicated and dispatched by event type, and its Flask
and FastAPI adapters fed the emulator's real signed callbacks, received over HTTP."""

from __future__ import annotations

import json

import pytest

from opentok_core import (
    ArchiveEvent,
    CallbackEvent,
    CallbackRouter,
    ConnectionCreated,
    Request,
    SessionCreated,
    sign_callback,
)
from tests.callbacks_over_http import one_joins, received_callbacks
from tests.conftest import API_KEY

SECRET = "router-signature-secret"
NOW = 1_700_000_000.0
BODY = json.dumps(
    {"event": "archive", "id": "a1", "status": "available", "sessionId": "s", "createdAt": 0}
).encode()


def _router(**kw: object) -> tuple[CallbackRouter, list[CallbackEvent]]:
    got: list[CallbackEvent] = []
    router = CallbackRouter(clock=lambda: NOW, signature_secret=SECRET, **kw)  # type: ignore[arg-type]

    @router.on(ArchiveEvent)
    def archived(event: ArchiveEvent) -> None:
        got.append(event)

    return router, got


def _headers(body: bytes = BODY, jti: str = "j1") -> dict[str, str]:
    return {"Authorization": sign_callback(body, SECRET, now=NOW, jti=jti, api_key=API_KEY)}


def test_a_signed_callback_reaches_the_handler_of_its_type_once() -> None:
    router, got = _router()
    first = router.handle(BODY, _headers())
    again = router.handle(BODY, _headers())
    assert (first.status, first.handled, first.duplicate) == (200, 1, False)
    assert (again.status, again.handled, again.duplicate) == (200, 0, True)
    assert [e.archive.id for e in got] == ["a1"]  # type: ignore[attr-defined]


def test_forged_tampered_and_junk_bodies_are_refused_before_any_handler() -> None:
    router, got = _router()
    assert router.handle(BODY, {}).status == 401
    assert router.handle(BODY.replace(b"a1", b"a2"), _headers()).status == 401
    junk = b"<html>"
    assert router.handle(junk, _headers(junk)).status == 400
    assert got == []


def test_without_a_jti_redeliveries_are_told_apart_by_the_event() -> None:
    router = CallbackRouter(clock=lambda: NOW)
    calls: list[str] = []
    router.on(CallbackEvent)(lambda event: calls.append(type(event).__name__))
    assert router.handle(BODY).handled == 1
    assert router.handle(BODY).duplicate
    later = BODY.replace(b"available", b"expired")
    assert router.handle(later).handled == 1
    assert calls == ["ArchiveEvent", "ArchiveEvent"]


def test_a_failing_handler_lets_the_redelivery_run_again() -> None:
    router = CallbackRouter(clock=lambda: NOW)
    attempts: list[int] = []

    @router.on(ArchiveEvent)
    def flaky(event: ArchiveEvent) -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("database down")

    with pytest.raises(RuntimeError):
        router.handle(BODY)
    assert router.handle(BODY).handled == 1 and len(attempts) == 2


@pytest.mark.anyio
async def test_async_handlers_are_awaited_by_handle_async() -> None:
    router = CallbackRouter(clock=lambda: NOW)
    seen: list[str] = []

    @router.on(ArchiveEvent)
    async def archived(event: ArchiveEvent) -> None:
        seen.append(event.archive.id)

    assert (await router.handle_async(BODY)).handled == 1 and seen == ["a1"]


def _emulator_callbacks(count: int) -> list[Request]:
    """The emulator's signed callbacks, as they arrived over HTTP."""
    return received_callbacks(one_joins, count, SECRET)[0]


def test_the_flask_adapter_routes_the_emulators_real_callbacks() -> None:
    import time

    from flask import Flask

    from opentok_web.flask import view

    router = CallbackRouter(clock=time.time, signature_secret=SECRET, api_key=API_KEY)
    events: list[str] = []
    router.on(SessionCreated, ConnectionCreated)(lambda e: events.append(type(e).__name__))
    app = Flask(__name__)
    app.add_url_rule("/opentok/events", view_func=view(router), methods=["POST"])
    web = app.test_client()
    received = _emulator_callbacks(2)
    for request in received:
        answer = web.post("/opentok/events", data=request.body, headers=dict(request.headers))
        assert answer.status_code == 200
    replay = received[0]
    assert (
        web.post("/opentok/events", data=replay.body, headers=dict(replay.headers)).status_code
        == 200
    )
    assert (
        web.post(
            "/opentok/events", data=replay.body + b" ", headers=dict(replay.headers)
        ).status_code
        == 401
    )
    assert events == ["SessionCreated", "ConnectionCreated"]


@pytest.mark.anyio
async def test_the_fastapi_adapter_routes_the_emulators_real_callbacks() -> None:
    import time

    import httpx
    from fastapi import FastAPI

    from opentok_web.fastapi import endpoint

    router = CallbackRouter(clock=time.time, signature_secret=SECRET)
    events: list[str] = []

    @router.on(CallbackEvent)
    async def any_event(event: CallbackEvent) -> None:
        events.append(type(event).__name__)

    app = FastAPI()
    app.post("/opentok/events")(endpoint(router))
    received = _emulator_callbacks(2)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app.test") as web:
        for request in received:
            answer = await web.post(
                "/opentok/events", content=request.body, headers=dict(request.headers)
            )
            assert answer.status_code == 200
        assert (await web.post("/opentok/events", content=b"{}")).status_code == 401
    assert events == ["SessionCreated", "ConnectionCreated"]


def test_the_adapters_import_their_framework_only_when_a_view_is_made() -> None:
    import subprocess
    import sys

    probe = (
        "import sys, opentok_web.flask, opentok_web.fastapi, opentok_web.django\n"
        "frameworks = ('flask', 'fastapi', 'starlette', 'django')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in frameworks))\n"
        "from opentok_core import CallbackRouter\n"
        "opentok_web.django.view(CallbackRouter(clock=lambda: 0.0))\n"
        "print('django' in sys.modules)\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert found.stdout.split("\n")[:2] == ["[]", "True"]
