"""After ``close()`` / ``aclose()`` every call raises ClientClosed, an OpenTokError, in both
clients, and opens no connection: before, a call silently opened (and leaked) a new one."""

from __future__ import annotations

from typing import Any

import pytest

from opentok_async import AsyncClient
from opentok_core import ClientClosed, OpenTokError
from opentok_sync import Client
from tests.clients.test_client_parity import FACADE_CALLS
from tests.conftest import API_KEY, API_SECRET
from tests.servers import serve_keep_alive

ARCHIVE = b'{"id":"a1","status":"available","name":"n","sessionId":"s","createdAt":0,"size":0}'


def test_every_sync_call_after_close_raises_client_closed_and_connects_nowhere() -> None:
    with serve_keep_alive(ARCHIVE) as (url, counts):
        client = Client(API_KEY, API_SECRET, api_url=url)
        client.get_archive("a1")
        client.close()
        copy = client.with_options(timeout=2)
        for method, args, kwargs, name in FACADE_CALLS:
            for target in (client, copy):
                with pytest.raises(ClientClosed) as info:
                    getattr(target, method)(*args, **kwargs)
                assert isinstance(info.value, OpenTokError) and info.value.operation == name
                assert "Client is closed" in str(info.value)
        assert counts == {"connections": 1, "requests": 1}
        assert client.is_closed and copy.is_closed
        client.close()  # twice is harmless


@pytest.mark.anyio
async def test_every_async_call_after_aclose_raises_client_closed_and_connects_nowhere() -> None:
    with serve_keep_alive(ARCHIVE) as (url, counts):
        client = AsyncClient(API_KEY, API_SECRET, api_url=url)
        await client.get_archive("a1")
        await client.aclose()
        for method, args, kwargs, name in FACADE_CALLS:
            with pytest.raises(ClientClosed) as info:
                await getattr(client, method)(*args, **kwargs)
            assert info.value.operation == name and "AsyncClient is closed" in str(info.value)
        assert counts == {"connections": 1, "requests": 1}


@pytest.mark.anyio
async def test_closing_a_with_options_copy_stops_the_copy_only() -> None:
    with serve_keep_alive(ARCHIVE) as (url, counts):
        sync: Any = Client(API_KEY, API_SECRET, api_url=url)
        asyn: Any = AsyncClient(API_KEY, API_SECRET, api_url=url)
        sync_copy, async_copy = sync.with_options(timeout=3), asyn.with_options(timeout=3)
        sync_copy.close()
        await async_copy.aclose()
        with pytest.raises(ClientClosed):
            sync_copy.get_archive("a1")
        with pytest.raises(ClientClosed):
            await async_copy.get_archive("a1")
        assert sync.get_archive("a1").id == (await asyn.get_archive("a1")).id == "a1"
        sync.close()
        await asyn.aclose()
        with pytest.raises(ClientClosed):
            sync.get_archive("a1")
