"""Both clients end to end over real loopback HTTP and over fakes: same results, same errors,
auth on the wire, errors mapped, pools closed."""

from __future__ import annotations

import json

import httpx
import jwt as pyjwt
import pytest

from opentok_async import AsyncClient, HttpxTransport
from opentok_core import (
    NO_RETRY,
    Archive,
    ConnectError,
    NotFound,
    Request,
    Response,
    Session,
    Timeout,
    TransportTimeout,
    ValidationError,
)
from opentok_sync import Client, Urllib3Transport
from tests.conftest import API_KEY, API_SECRET, SESSION_ID, fixture_body
from tests.fakes import FakeTransport, fixed_runtime, json_response
from tests.servers import serve

ARCHIVE_ID = "b40ef09b-3811-4726-b508-e41a0f96c68f"


def canned(request) -> Response:  # type: ignore[no-untyped-def]
    if request.method == "GET" and request.url.endswith(f"/archive/{ARCHIVE_ID}"):
        return json_response(200, fixture_body("archives.get", 200) or b"")
    if request.method == "POST" and request.url.endswith("/session/create"):
        return json_response(200, fixture_body("sessions.create", 200) or b"")
    return json_response(404, b'{"code":15004,"message":"Archive not found"}')


def test_sync_client_over_loopback_signs_pools_and_parses() -> None:
    with serve(canned) as (url, seen), Client(API_KEY, API_SECRET, api_url=url) as client:
        archive = client.get_archive(ARCHIVE_ID)
        session = client.create_session(media_mode="routed")
        with pytest.raises(NotFound) as info:
            client.get_archive("missing")
    assert isinstance(archive, Archive) and archive.id == ARCHIVE_ID
    assert isinstance(session, Session) and session.session_id.startswith("1_")
    assert info.value.code == 15004 and info.value.operation == "archives.get"
    for request in seen:
        token = request.header("x-opentok-auth")
        assert token is not None
        assert pyjwt.decode(token, API_SECRET, algorithms=["HS256"])["iss"] == API_KEY
        assert request.header(
            "user-agent",
        ).startswith("opentok-py/")  # type: ignore[union-attr]
    assert seen[1].body.startswith(b"p2p.preference=disabled")


@pytest.mark.anyio
async def test_async_client_over_loopback_signs_and_parses() -> None:
    with serve(canned) as (url, seen):
        async with AsyncClient(API_KEY, API_SECRET, api_url=url) as client:
            archive = await client.get_archive(ARCHIVE_ID)
            session = await client.create_session()
    assert archive.id == ARCHIVE_ID and session.session_id.startswith("1_")
    assert all(r.header("x-opentok-auth") for r in seen)


@pytest.mark.anyio
async def test_async_client_over_httpx_mock_transport_sends_exact_request() -> None:
    captured: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        captured.append(request)
        return httpx.Response(200, json=json.loads(fixture_body("archives.get", 200) or b""))

    mock = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    client = AsyncClient(
        API_KEY,
        API_SECRET,
        api_url="https://api.example.test",
        transport=HttpxTransport(mock),
        runtime=fixed_runtime(),
    )
    await client.get_archive("a/b")
    (request,) = captured
    assert request.method == "GET"
    assert str(request.url) == f"https://api.example.test/v2/project/{API_KEY}/archive/a%2Fb"
    assert request.headers["accept"] == "application/json"
    assert request.content == b""
    await mock.aclose()


@pytest.mark.anyio
async def test_httpx_exceptions_become_ours_chained() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client = AsyncClient(
        API_KEY,
        API_SECRET,
        transport=HttpxTransport(httpx.AsyncClient(transport=httpx.MockTransport(handler))),
        retry=NO_RETRY,
    )
    with pytest.raises(TransportTimeout) as info:
        await client.get_archive("a")
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)
    assert info.value.operation == "archives.get"


def test_urllib3_connect_failure_is_connect_error_chained() -> None:
    with serve(canned) as (url, _):
        pass  # the server is gone: its port now refuses connections
    client = Client(API_KEY, API_SECRET, api_url=url, retry=NO_RETRY, transport=Urllib3Transport())
    with pytest.raises(ConnectError) as info:
        client.get_archive("a")
    assert info.value.__cause__ is not None


@pytest.mark.anyio
async def test_httpx_transport_builds_its_error_from_the_request() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("no SYN-ACK", request=request)

    transport = HttpxTransport(httpx.AsyncClient(transport=httpx.MockTransport(handler)))
    request = Request("GET", "https://api.example.test/x", operation="archives.get", attempt=2)
    with pytest.raises(ConnectError) as info:
        await transport.handle_async_request(request, Timeout())
    assert (info.value.operation, info.value.attempts) == ("archives.get", 2)
    await transport.aclose()


def test_urllib3_transport_builds_its_error_from_the_request() -> None:
    with serve(canned) as (url, _):
        pass  # the server is gone: its port now refuses connections
    transport = Urllib3Transport()
    request = Request("GET", url + "/x", operation="archives.get", attempt=2)
    with pytest.raises(ConnectError) as info:
        transport.handle_request(request, Timeout())
    assert (info.value.operation, info.value.attempts) == ("archives.get", 2)
    transport.close()


def test_validation_error_sends_nothing() -> None:
    fake = FakeTransport(canned)
    client = Client(API_KEY, API_SECRET, transport=fake)
    with pytest.raises(ValidationError):
        client.get_archive("")
    with pytest.raises(ValidationError):
        client.create_session(archive_mode="always")
    assert fake.requests == []


def test_generate_token_is_pure_on_both_clients() -> None:
    for cls in (Client, AsyncClient):
        client = cls(API_KEY, API_SECRET, runtime=fixed_runtime(), transport=FakeTransport(canned))
        token = client.generate_token(SESSION_ID, role="moderator")
        assert isinstance(token, str)
        assert (
            pyjwt.decode(token, API_SECRET, algorithms=["HS256"], options={"verify_exp": False})[
                "nonce"
            ]
            == 424242
        )


@pytest.mark.anyio
async def test_sync_and_async_give_equal_results_over_the_same_fake() -> None:
    sync = Client(API_KEY, API_SECRET, transport=FakeTransport(canned), runtime=fixed_runtime())
    asyn = AsyncClient(
        API_KEY, API_SECRET, transport=FakeTransport(canned), runtime=fixed_runtime()
    )
    assert sync.get_archive(ARCHIVE_ID) == await asyn.get_archive(ARCHIVE_ID)
    assert sync.create_session() == await asyn.create_session()


def test_context_manager_closes_a_user_transport() -> None:
    fake = FakeTransport(canned)
    with Client(API_KEY, API_SECRET, transport=fake):
        pass
    assert fake.closed


def test_per_call_timeout_overrides_the_client_default() -> None:
    fake = FakeTransport(canned)
    client = Client(API_KEY, API_SECRET, transport=fake, timeout=(2, 10))
    client.get_archive(ARCHIVE_ID)
    client.send(__import__("opentok_core").GetArchive(archive_id=ARCHIVE_ID), timeout=1)
    assert [(t.connect, t.read) for t in fake.timeouts] == [(2.0, 10.0), (1.0, 1.0)]


def test_official_class_name_is_an_alias_of_client() -> None:
    from opentok_sync import OpenTok

    assert OpenTok is Client
    client = OpenTok(API_KEY, API_SECRET, transport=FakeTransport(canned))
    assert client.get_archive(ARCHIVE_ID).id == ARCHIVE_ID
