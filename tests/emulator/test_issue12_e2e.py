"""List connections, captions status, stopping an Audio Connector and one stream's layout
classes, end to end: both clients, against the emulator over loopback HTTP and in process."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from opentok_core import (
    NO_RETRY,
    AudioTransport,
    BadRequest,
    CaptionsStatus,
    ConnectionState,
    NotFound,
    WebSocketOptions,
)
from opentok_emulator.control import ConnectClient, GetConnection, PublishStream
from opentok_testing.clients import emulated_async_client, emulated_client
from tests.emulator.helpers import Api

Call = Callable[..., Awaitable[Any]]


@pytest.fixture(params=["sync-http", "sync-in-process", "async-http", "async-in-process"])
async def call(request: pytest.FixtureRequest) -> AsyncIterator[Call]:
    flavour, where = request.param.split("-", 1)
    http = where == "http"
    if flavour == "sync":
        with emulated_client(http=http, retry=NO_RETRY) as client:

            async def sync_call(op: str, /, *args: Any, **kwargs: Any) -> Any:
                return getattr(client, op)(*args, **kwargs)

            yield sync_call
        return
    async with emulated_async_client(http=http, retry=NO_RETRY) as aclient:

        async def async_call(op: str, /, *args: Any, **kwargs: Any) -> Any:
            result = getattr(aclient, op)(*args, **kwargs)
            return result if op == "generate_token" else await result

        yield async_call


async def _join(call: Call, sid: str, **token: Any) -> Any:
    token_text = await call("generate_token", sid, **token)
    return await call("send", ConnectClient(session_id=sid, token=token_text))


@pytest.mark.anyio
async def test_list_connections_shows_who_is_connected(call: Call) -> None:
    sid = (await call("create_session", media_mode="routed")).session_id
    alice = await _join(call, sid)
    bob = await _join(call, sid)
    listing = await call("list_connections", sid)
    assert listing.count == len(listing) == 2 and listing.session_id == sid
    assert {c.connection_id for c in listing} == {alice.connection_id, bob.connection_id}
    assert {c.connection_state for c in listing} == {ConnectionState.CONNECTED}
    assert all(c.created_at is not None for c in listing)
    await call("force_disconnect", sid, bob.connection_id)
    assert [c.id for c in await call("list_connections", sid)] == [alice.connection_id]
    unknown = (await call("create_session")).session_id + "x"
    with pytest.raises((NotFound, BadRequest)):
        await call("list_connections", unknown)


@pytest.mark.anyio
async def test_captions_status_reads_the_running_and_the_stopped_job(call: Call) -> None:
    sid = (await call("create_session", media_mode="routed")).session_id
    await _join(call, sid)
    started = await call("start_captions", sid, await call("generate_token", sid, role="moderator"))
    status = await call("get_captions", started.captions_id)
    assert (status.captions_id, status.session_id, status.status) == (
        started.captions_id,
        sid,
        CaptionsStatus.STARTED,
    )
    assert (status.language_code, status.provider, status.duration) == (
        "en-US",
        "aws-transcribe",
        0,
    )
    assert status.application_id and status.created_at and status.updated_at
    await call("stop_captions", started.captions_id)
    assert (await call("get_captions", started.captions_id)).status is CaptionsStatus.STOPPED
    with pytest.raises(NotFound):
        await call("get_captions", "no-such-captions")


@pytest.mark.anyio
async def test_an_audio_connector_at_24_khz_with_json_transport_stops_by_its_connection(
    call: Call,
) -> None:
    sid = (await call("create_session", media_mode="routed")).session_id
    await _join(call, sid)
    token = await call("generate_token", sid)
    options = WebSocketOptions(
        uri="wss://example.com/ws",
        audio_rate=24000,
        audio_transport=AudioTransport(transport="json", encoding="base64"),  # type: ignore[arg-type]
    )
    typed = await call("connect_audio_to_websocket", sid, token, options)
    official = await call(
        "connect_audio_to_websocket",
        sid,
        token,
        {"uri": "wss://example.com/ws2", "audio_transport": {"transport": "binary"}},
    )
    await call("disconnect_audio_from_websocket", typed.connection_id)
    gone = await call("send", GetConnection(session_id=sid, connection_id=typed.connection_id))
    assert not gone.connected
    with pytest.raises(NotFound):
        await call("disconnect_audio_from_websocket", typed.connection_id)
    still = {c.id for c in await call("list_connections", sid)}
    assert official.connection_id in still and typed.connection_id not in still


@pytest.mark.anyio
async def test_one_streams_layout_classes_are_set_and_cleared(call: Call) -> None:
    sid = (await call("create_session", media_mode="routed")).session_id
    alice = await _join(call, sid)
    cam = await call("send", PublishStream(session_id=sid, connection_id=alice.connection_id))
    await call("set_stream_class_list", sid, cam.stream_id, ["full", "focus"])
    assert (await call("get_stream", sid, cam.stream_id)).layout_class_list == ("full", "focus")
    await call("set_stream_class_list", sid, cam.stream_id, [])
    assert (await call("get_stream", sid, cam.stream_id)).layout_class_list == ()
    with pytest.raises(NotFound):
        await call("set_stream_class_list", sid, "no-such-stream", ["x"])


def test_the_emulator_takes_the_official_python_sdks_transport_as_json_text() -> None:
    """py 3.15 sends ``audioTransport`` as JSON text
    (spec/service.md#py-audio-transport-as-text)."""
    h = Api()
    sid = h.session()
    h.connect(sid)
    body = {
        "sessionId": sid,
        "token": h.token(sid),
        "websocket": {
            "uri": "wss://example.com/ws",
            "audioRate": 24000,
            "audioTransport": json.dumps({"transport": "json", "encoding": "base64"}),
        },
    }
    assert h.ok("POST", "/connect", body)["connectionId"]
    body["websocket"]["audioTransport"] = json.dumps({"transport": "json"})
    assert h.call("POST", "/connect", body).status == 400
