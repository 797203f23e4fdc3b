"""The Django adapter, sync and async views, through Django's own test clients with CSRF
checks on (as a deployed app has them), fed the emulator's real signed callbacks received
over HTTP. Settings are configured here: no project scaffold."""

from __future__ import annotations

import inspect
import time
import types
from collections.abc import Iterator
from typing import Any

import pytest

from opentok_core import (
    CallbackEvent,
    CallbackRouter,
    ConnectionCreated,
    SessionCreated,
    SessionMonitor,
)
from opentok_emulator.control import ConnectClient
from opentok_sync import Client
from tests.callbacks_over_http import SIGNATURE_SECRET, headers_of, received_callbacks
from tests.conftest import API_KEY

django = pytest.importorskip("django")


@pytest.fixture(scope="module", autouse=True)
def _django_settings() -> None:
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="django-test-only-not-a-secret",
            ALLOWED_HOSTS=["testserver"],
            INSTALLED_APPS=[],
            MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
            ROOT_URLCONF=__name__,  # replaced per test by ``urls``
        )
        django.setup()


@pytest.fixture
def urls() -> Iterator[Any]:
    """This test's URLconf (a module of its own): append ``path(...)``s to its urlpatterns."""
    from django.test import override_settings

    conf: Any = types.ModuleType("opentok_test_urls")
    conf.urlpatterns = []
    with override_settings(ROOT_URLCONF=conf):
        yield conf


def _joins(client: Client) -> None:
    sid = client.create_session(media_mode="routed").session_id
    token = client.generate_token(sid, data="name=Ann")
    client.send(ConnectClient(session_id=sid, token=token))


def _post(web: Any, path: str, body: bytes, headers: dict[str, str]) -> Any:
    """POST ``body`` as the service does (its headers but the ones the test client sets)."""
    kept = {k: v for k, v in headers.items() if k.lower() not in ("content-length", "host")}
    return web.post(path, data=body, content_type="application/json", headers=kept)


def test_the_sync_view_routes_the_emulators_real_callbacks(urls: Any) -> None:
    from django.test import Client as DjangoClient
    from django.urls import path

    from opentok_web.django import view

    router = CallbackRouter(clock=time.time, signature_secret=SIGNATURE_SECRET, api_key=API_KEY)
    events: list[str] = []
    router.on(SessionCreated, ConnectionCreated)(lambda e: events.append(type(e).__name__))
    monitor = SessionMonitor().attach(router)
    urls.urlpatterns.append(path("opentok/events", view(router)))
    web = DjangoClient(enforce_csrf_checks=True)
    received, _ = received_callbacks(_joins, 2)
    for request in received:
        assert _post(web, "/opentok/events", request.body, headers_of(request)).status_code == 200
    assert events == ["SessionCreated", "ConnectionCreated"]
    (session_id,) = monitor.sessions()
    assert [c.data for c in monitor.session(session_id).connections.values()] == ["name=Ann"]
    replay = received[1]
    assert _post(web, "/opentok/events", replay.body, headers_of(replay)).status_code == 200
    tampered = replay.body.replace(b"name=Ann", b"name=Eve")
    assert _post(web, "/opentok/events", tampered, headers_of(replay)).status_code == 401
    assert _post(web, "/opentok/events", replay.body, {}).status_code == 401
    assert web.get("/opentok/events").status_code == 405
    assert events == ["SessionCreated", "ConnectionCreated"]  # nothing more was believed


def test_without_the_exemption_csrf_would_refuse_the_service(
    urls: Any,
) -> None:
    """The control: the same POST to a view Django's CSRF check guards is a 403."""
    from django.http import HttpResponse
    from django.test import Client as DjangoClient
    from django.urls import path

    urls.urlpatterns.append(path("guarded", lambda request: HttpResponse(status=200)))
    web = DjangoClient(enforce_csrf_checks=True)
    assert _post(web, "/guarded", b"{}", {}).status_code == 403


@pytest.mark.anyio
async def test_the_async_view_awaits_async_handlers(urls: Any) -> None:
    from django.test import AsyncClient as DjangoAsyncClient
    from django.urls import path

    from opentok_web.django import async_view

    router = CallbackRouter(clock=time.time, signature_secret=SIGNATURE_SECRET)
    events: list[str] = []

    @router.on(CallbackEvent)
    async def any_event(event: CallbackEvent) -> None:
        events.append(type(event).__name__)

    made = async_view(router)
    urls.urlpatterns.append(path("opentok/events", made))
    received, _ = received_callbacks(_joins, 2)
    web = DjangoAsyncClient(enforce_csrf_checks=True)
    for request in received:
        answer = await _post(web, "/opentok/events", request.body, headers_of(request))
        assert answer.status_code == 200
    assert (await _post(web, "/opentok/events", b"{}", {})).status_code == 401
    assert events == ["SessionCreated", "ConnectionCreated"]
    assert inspect.iscoroutinefunction(made) and made.csrf_exempt is True  # type: ignore[attr-defined]
