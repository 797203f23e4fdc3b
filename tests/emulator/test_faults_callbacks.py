"""Fault injection decisions, the callback events, and what an in-process transport makes of
them (for both clients)."""

from __future__ import annotations

import json

import pytest

from opentok_async import AsyncClient
from opentok_core import (
    NO_RETRY,
    RateLimited,
    RetryPolicy,
    ServerError,
    Timeout,
    TransportError,
    TransportTimeout,
    UnknownEvent,
    parse_callback,
)
from opentok_emulator import exchange
from opentok_emulator._transport import EmulatorTransport, new_emulator
from opentok_emulator.control import ClearFaults, InjectFault, ListCallbacks, ListFaults
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET
from tests.emulator.helpers import Api


def test_next_n_calls_fail_then_the_operation_works_again() -> None:
    api = Api()
    rule = api.ctl(
        "POST", "/faults", {"operation": "archives.list", "status": 503, "count": 2}, 201
    )
    assert rule["remaining"] == 2
    assert [api.call("GET", "/archive").status for _ in range(3)] == [503, 503, 200]
    assert api.call("GET", "/broadcast").status == 200  # other operations untouched


def test_before_phase_has_no_side_effect_and_after_phase_does() -> None:
    api = Api()
    api.ctl("POST", "/faults", {"operation": "sessions.create", "status": 500}, 201)
    assert api.call("POST", "/session/create", project=False, raw=b"").status == 500
    assert not api.emulator.projects[API_KEY].sessions
    api.ctl(
        "POST", "/faults", {"operation": "sessions.create", "drop": True, "phase": "after"}, 201
    )
    reply = api.request("POST", "/session/create", project=False, raw=b"")
    assert reply.drop and len(api.emulator.projects[API_KEY].sessions) == 1


def test_429_carries_retry_after_and_star_matches_everything() -> None:
    api = Api()
    api.ctl("POST", "/faults", {"status": 429, "retryAfter": 2}, 201)
    response = api.call("GET", "/render")
    assert response.status == 429 and response.header("retry-after") == "2"
    assert json.loads(response.body)["message"] == "Injected fault"


def test_delay_faults_let_the_call_through_and_control_routes_are_never_faulted() -> None:
    api = Api()
    api.ctl("POST", "/faults", {"operation": "*", "delay": 1.5}, 201)
    assert api.control("GET", "/faults").status == 200
    reply = api.request("GET", "/archive")
    assert reply.delay == 1.5 and reply.response.status == 200 and not reply.drop
    assert api.ctl("GET", "/faults")["count"] == 0


@pytest.mark.parametrize(
    "rule",
    [
        {"operation": "archives.nope", "status": 500},
        {"status": 200},
        {"operation": "archives.get"},
        {"status": 500, "drop": True},
        {"delay": 10_000},
        {"status": 500, "count": 0},
    ],
)
def test_invalid_fault_rules_are_400(rule: dict[str, object]) -> None:
    assert Api().control("POST", "/faults", rule).status == 400


def test_exchange_turns_directives_into_what_a_client_sees() -> None:
    api = Api()
    api.ctl("POST", "/faults", {"delay": 5}, 201)
    reply = api.request("GET", "/archive")
    wait, outcome = exchange(reply, Timeout(connect=1, read=2))
    assert wait == 2 and isinstance(outcome, TransportTimeout)
    api.ctl("POST", "/faults", {"drop": True, "delay": 0.5}, 201)
    wait, outcome = exchange(api.request("GET", "/archive"), Timeout(connect=1, read=2))
    assert wait == 0.5 and type(outcome) is TransportError


def test_session_and_archive_events_are_emitted_in_order() -> None:
    api = Api(callback_url="http://127.0.0.1:9/hook")
    sid = api.session()
    cid = api.connect(sid, data="alice")
    stream = api.publish(sid, cid)
    aid = api.ok("POST", "/archive", {"sessionId": sid})["id"]
    api.ok("POST", f"/archive/{aid}/stop")
    api.call("GET", "/archive")  # the next request sees it available
    api.call("DELETE", f"/session/{sid}/connection/{cid}")
    log = api.ctl("GET", "/callbacks")["items"]
    events = [(i["group"], i["payload"].get("event"), i["payload"].get("status")) for i in log]
    assert events == [
        ("session", "sessionCreated", None),
        ("connection", "connectionCreated", None),
        ("stream", "streamCreated", None),
        ("archive", "archive", "started"),
        ("archive", "archive", "stopped"),
        ("archive", "archive", "available"),
        ("stream", "streamDestroyed", None),
        ("connection", "connectionDestroyed", None),
        ("session", "sessionDestroyed", None),
    ]
    created = log[1]["payload"]
    assert created["connection"] == {"id": cid, "createdAt": int(api.now * 1000), "data": "alice"}
    assert created["projectId"] == API_KEY and created["sessionId"] == sid
    assert log[2]["payload"]["stream"]["id"] == stream
    assert log[7]["payload"]["reason"] == "forceDisconnected"
    sent = [cb for reply in api.replies for cb in reply.callbacks]
    assert [cb.group for cb in sent] == [i["group"] for i in log]
    assert all(cb.url == "http://127.0.0.1:9/hook" for cb in sent)
    assert api.ctl("GET", "/callbacks?group=archive")["count"] == 3
    # parse_callback reads every event the emulator sends as a known event type.
    parsed = [parse_callback(cb.body) for cb in sent]
    assert not [p for p in parsed if isinstance(p, UnknownEvent)], parsed


def test_reset_forgets_everything_but_the_projects() -> None:
    api = Api()
    sid = api.session()
    api.ctl("POST", "/faults", {"status": 500, "operation": "renders.list"}, 201)
    api.ctl("POST", "/reset", status=204)
    assert api.control("GET", f"/sessions/{sid}").status == 404
    assert api.call("GET", "/render").status == 200
    info = api.ctl("GET", "")
    assert info["projects"] == [API_KEY] and "archives.start" in info["operations"]


def _clients(transport: EmulatorTransport) -> tuple[Client, AsyncClient]:
    kw = {"api_url": "http://emulator.invalid", "transport": transport, "retry": NO_RETRY}
    return Client(API_KEY, API_SECRET, **kw), AsyncClient(API_KEY, API_SECRET, **kw)  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_both_clients_see_injected_faults_through_the_in_process_transport() -> None:
    seen: list[str] = []
    transport = EmulatorTransport(
        new_emulator(api_key=API_KEY, api_secret=API_SECRET, callback_url="http://h.invalid/cb"),
        on_callback=lambda cb: seen.append(cb.group),
    )
    sync, aio = _clients(transport)
    sync.send(InjectFault(operation="sessions.create", status=503, count=2))
    assert len(sync.send(ListFaults())) == 1
    with pytest.raises(ServerError):
        sync.create_session()
    with pytest.raises(ServerError):
        await aio.create_session()
    assert (await aio.create_session()).session_id.startswith("1_")
    sync.send(InjectFault(operation="archives.get", status=429, retry_after=0))
    with pytest.raises(RateLimited) as info:
        sync.get_archive("x")
    assert info.value.retry_after == 0
    sync.send(InjectFault(operation="archives.get", delay=0.2))
    with pytest.raises(TransportTimeout):
        await aio.send(__import__("opentok_core").GetArchive(archive_id="x"), timeout=0.05)
    sync.send(InjectFault(operation="archives.get", drop=True))
    with pytest.raises(TransportError):
        sync.get_archive("x")
    sync.send(ClearFaults())
    assert sync.send(ListFaults()) == ()
    assert seen == []  # nobody connected yet: no session events
    assert sync.send(ListCallbacks()) == ()
    sync.close()
    await aio.aclose()


def test_a_retrying_client_recovers_from_a_503_burst() -> None:
    transport = EmulatorTransport(new_emulator(api_key=API_KEY, api_secret=API_SECRET))
    client = Client(
        API_KEY,
        API_SECRET,
        api_url="http://emulator.invalid",
        transport=transport,
        retry=RetryPolicy(max_attempts=3, backoff_base=0.001),
    )
    client.send(InjectFault(operation="sessions.create", status=503, count=2))
    assert client.create_session().session_id.startswith("1_")


def test_legacy_callback_registration_routes_matching_events() -> None:
    api = Api()
    hook = {"group": "connection", "event": "created", "url": "http://127.0.0.1:9/conn"}
    registration = api.ok("POST", "/callback", hook)
    archive_hook = {"group": "archive", "event": "status", "url": "http://127.0.0.1:9/arch"}
    api.ok("POST", "/callback", archive_hook)
    assert [r["url"] for r in api.ok("GET", "/callback")] == [hook["url"], archive_hook["url"]]
    assert api.call("POST", "/callback", {**hook, "group": "nope"}).status == 400
    sid = api.session()
    cid = api.connect(sid)
    api.publish(sid, cid)
    api.ok("POST", "/archive", {"sessionId": sid})
    api.call("DELETE", f"/session/{sid}/connection/{cid}")
    sent = [(cb.url, json.loads(cb.body).get("event")) for r in api.replies for cb in r.callbacks]
    assert sent == [
        (hook["url"], "connectionCreated"),
        (archive_hook["url"], "archive"),
        (archive_hook["url"], "archive"),  # paused when the last client left
    ]
    assert api.call("DELETE", f"/callback/{registration['id']}").status == 204
    assert api.call("DELETE", f"/callback/{registration['id']}").status == 404
