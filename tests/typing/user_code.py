"""User code, type-checked by tests/typing/test_bound_types.py under ``mypy --strict``: what
bound results type as, from each client. Never run; only read by mypy."""

from __future__ import annotations

from collections.abc import Awaitable

from typing_extensions import assert_type

from opentok_async import AsyncClient
from opentok_core import (
    Archive,
    AsyncBound,
    Bound,
    Broadcast,
    Captions,
    Page,
    Render,
    Session,
    Unbound,
)
from opentok_sync import Client


def plain(archive: Archive) -> str:
    """A bare ``Archive`` annotation stays valid under --strict and accepts any binding."""
    return archive.id


def with_the_sync_client(client: Client, session: Session) -> None:
    assert_type(session.generate_token(role="moderator"), str)
    archive = client.start_archive(session.session_id)
    assert_type(archive, Archive[Bound])
    assert_type(archive.stop(), Archive[Bound])
    assert_type(archive.refresh(), Archive[Bound])
    assert_type(archive.delete(), None)
    assert_type(archive.set_layout("bestFit", screenshare_type="pip"), None)
    assert_type(archive.add_stream("s", has_video=False), None)
    assert_type(archive.remove_stream("s"), None)
    plain(archive)
    page = client.list_archives()
    assert_type(page, Page[Archive[Bound]])
    assert_type(page[0].stop(), Archive[Bound])
    for item in client.iter_archives():
        assert_type(item.refresh(), Archive[Bound])
    broadcast = client.get_broadcast("b")
    assert_type(broadcast.stop(), Broadcast[Bound])
    assert_type(broadcast.refresh(), Broadcast[Bound])
    assert_type(broadcast.set_layout("pip"), None)
    assert_type(broadcast.add_stream("s"), None)
    assert_type(broadcast.remove_stream("s"), None)
    render: Render[Bound] = client.get_render("r")
    assert_type(render.stop(), None)
    captions: Captions[Bound] = client.get_captions("c")
    assert_type(captions.stop(), None)
    assert_type(client.wait_for_archive("a").delete(), None)
    reveal_type(archive.stop)  # noqa: F821 (mypy's own)


async def with_the_async_client(client: AsyncClient, session: Session) -> None:
    assert_type(session.generate_token(), str)  # no I/O: a str on both clients
    archive = await client.start_archive(session.session_id)
    assert_type(archive, Archive[AsyncBound])
    assert_type(archive.stop(), Awaitable[Archive[AsyncBound]])
    assert_type(await archive.stop(), Archive[AsyncBound])
    assert_type(await archive.refresh(), Archive[AsyncBound])
    assert_type(archive.delete(), Awaitable[None])
    assert_type(archive.set_layout("bestFit"), Awaitable[None])
    assert_type(archive.add_stream("s"), Awaitable[None])
    assert_type(archive.remove_stream("s"), Awaitable[None])
    plain(archive)
    async for item in client.iter_archives():
        assert_type(await item.stop(), Archive[AsyncBound])
    broadcast = await client.stop_broadcast("b")
    assert_type(await broadcast.refresh(), Broadcast[AsyncBound])
    assert_type(broadcast.add_stream("s"), Awaitable[None])
    render = await client.get_render("r")
    assert_type(render.stop(), Awaitable[None])
    captions = await client.start_captions(session.session_id, "token")
    assert_type(captions.stop(), Awaitable[None])
    assert_type(await (await client.wait_for_render("r")).stop(), None)


def unbound_values_have_no_methods_for_the_type_checker() -> None:
    archive = Archive.from_json({"id": "a", "status": "started"})
    assert_type(archive, Archive[Unbound])
    # An unused ignore fails --strict, so each line below must be an error.
    archive.stop()  # type: ignore[misc]
    Render.from_json({"id": "r"}).stop()  # type: ignore[misc]
