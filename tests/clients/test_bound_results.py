"""Results are bound to the client that returned them: ``archive.stop()`` and the rest, on both
clients against the emulator (in process and over HTTP); the binding is no part of equality,
hashing, ``repr`` or pickling; values built by ``from_json``, unpickled or evolved are plain and
say so."""

from __future__ import annotations

import inspect
import pickle
from collections.abc import AsyncIterator
from typing import Any

import attrs
import pytest

from opentok_async import AsyncClient
from opentok_core import (
    NO_RETRY,
    Archive,
    ArchiveStatus,
    BroadcastStatus,
    OpenTokError,
    Render,
    decode_token,
)
from opentok_emulator.control import ConnectClient, GetConnection, PublishStream
from opentok_sync import Client
from opentok_testing.clients import emulated_async_client, emulated_client


async def _v(result: Any) -> Any:
    """A sync method's value, or an async method's awaited."""
    return await result if inspect.isawaitable(result) else result


@pytest.fixture(params=["sync", "async", "sync-http", "async-http"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[Client | AsyncClient]:
    http = request.param.endswith("http")
    if request.param.startswith("sync"):
        with emulated_client(http=http, retry=NO_RETRY) as sync:
            yield sync
        return
    async with emulated_async_client(http=http, retry=NO_RETRY) as aclient:
        yield aclient


async def _room(client: Client | AsyncClient) -> tuple[str, str, str]:
    """A routed session with one participant publishing: (session id, connection, stream)."""
    session = await _v(client.create_session(media_mode="routed"))
    token = session.generate_token(role="moderator")
    assert decode_token(token).session_id == session.session_id
    joined = await _v(client.send(ConnectClient(session_id=session.session_id, token=token)))
    cam = await _v(
        client.send(
            PublishStream(session_id=session.session_id, connection_id=joined.connection_id)
        )
    )
    return session.session_id, joined.connection_id, cam.stream_id


@pytest.mark.anyio
async def test_archive_methods_reach_the_service_and_stop_returns_a_new_value(
    client: Client | AsyncClient,
) -> None:
    sid, _, stream = await _room(client)
    archive = await _v(client.start_archive(sid, stream_mode="manual"))
    await _v(archive.add_stream(stream, has_video=False))
    assert [s.stream_id for s in (await _v(archive.refresh())).streams] == [stream]
    await _v(archive.remove_stream(stream))
    await _v(archive.set_layout("bestFit", screenshare_type="pip"))
    stopped = await _v(archive.stop())
    assert stopped.status is ArchiveStatus.STOPPED and archive.status is ArchiveStatus.STARTED
    later = await _v(stopped.refresh())  # the result of a method is bound too
    assert later.id == archive.id
    await _v(later.delete())
    assert (await _v(later.refresh())).status is ArchiveStatus.DELETED


@pytest.mark.anyio
async def test_broadcast_render_and_captions_methods(client: Client | AsyncClient) -> None:
    sid, _, stream = await _room(client)
    hls = {"outputs": {"hls": {}}}
    broadcast = await _v(client.start_broadcast(sid, hls, stream_mode="manual"))
    await _v(broadcast.add_stream(stream))
    await _v(broadcast.remove_stream(stream))
    await _v(broadcast.set_layout("pip"))
    assert (await _v(broadcast.refresh())).id == broadcast.id
    assert (await _v(broadcast.stop())).status is BroadcastStatus.STOPPED
    render = await _v(
        client.start_render(sid, client.generate_token(sid), "https://example.com/board")
    )
    await _v(render.stop())
    assert (await _v(client.get_render(render.id))).status == "stopped"
    captions = await _v(client.start_captions(sid, client.generate_token(sid, role="moderator")))
    await _v(captions.stop())
    assert (await _v(client.get_captions(captions.captions_id))).status == "stopped"


@pytest.mark.anyio
async def test_pages_and_iterations_bind_their_items(client: Client | AsyncClient) -> None:
    sid, _, _ = await _room(client)
    first = await _v(client.start_archive(sid, multi_archive_tag="a"))
    await _v(client.start_archive(sid, multi_archive_tag="b"))
    page = await _v(client.list_archives(session_id=sid))
    assert {(await _v(a.stop())).status for a in page} == {ArchiveStatus.STOPPED}
    if isinstance(client, AsyncClient):
        items = [a async for a in client.iter_archives(sid)]
    else:
        items = list(client.iter_archives(sid))
    assert first.id in {(await _v(a.refresh())).id for a in items}


@pytest.mark.anyio
async def test_the_binding_is_not_part_of_eq_hash_repr_or_pickle(
    client: Client | AsyncClient,
) -> None:
    sid, _, _ = await _room(client)
    bound = await _v(client.start_archive(sid))
    plain = Archive.from_json(bound.raw)
    assert bound == plain and hash(bound) == hash(plain) and repr(bound) == repr(plain)
    assert "client" not in repr(bound).lower()
    for copy in (pickle.loads(pickle.dumps(bound)), plain, attrs.evolve(bound, name="x")):
        with pytest.raises(OpenTokError, match=r"not bound to one .* client\.stop_archive"):
            copy.stop()
    # The pickle carries the fields only: no client, transport or socket went into it.
    assert pickle.loads(pickle.dumps(bound)) == bound
    assert b"Client" not in pickle.dumps(bound) and b"Transport" not in pickle.dumps(bound)
    # Bound values keep working after their copy failed.
    assert (await _v(bound.stop())).status is ArchiveStatus.STOPPED


def test_every_unbound_method_names_the_client_call_to_use_instead() -> None:
    archive = Archive.from_json({"id": "a", "status": "started"})
    for call, instead in [
        (lambda: archive.delete(), "delete_archive"),
        (lambda: archive.refresh(), "get_archive"),
        (lambda: archive.set_layout("pip"), "set_archive_layout"),
        (lambda: archive.add_stream("s"), "add_archive_stream"),
        (lambda: archive.remove_stream("s"), "remove_archive_stream"),
        (lambda: Render.from_json({"id": "r"}).stop(), "stop_render"),
    ]:
        with pytest.raises(OpenTokError, match=f"client\\.{instead}\\("):
            call()


def test_a_bound_session_mints_tokens_the_emulator_accepts() -> None:
    with emulated_client() as client:
        session = client.create_session(media_mode="routed")
        token = session.generate_token("publisher", data="name=Ann")
        joined = client.send(ConnectClient(session_id=session.session_id, token=token))
        state = client.send(
            GetConnection(session_id=session.session_id, connection_id=joined.connection_id)
        )
        assert state.data == "name=Ann"
