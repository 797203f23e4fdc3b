"""What code written for the official opentok 3.15 SDK touches beyond the operations: its
public methods, attributes and keywords, all answered by Client and AsyncClient."""

from __future__ import annotations

import inspect
import json
from typing import Any

import opentok  # the official package, a dev dependency
import pytest

from opentok_async import AsyncClient
from opentok_core import ValidationError
from opentok_core._credentials import AUTH_JWT_LIFETIME
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET
from tests.fakes import FakeTransport, fixed_runtime, json_response

pytestmark = pytest.mark.anyio
KINDS = pytest.mark.parametrize("kind", ["sync", "async"])
SESSION = "1_MX4xMjM0NTZ-fjE2OTk5OTk5OTk5OTl-c2Vzc2lvbg-fg"
#: The official SDK's own helpers: marked "For internal use", deprecated aliases of them, or a
#: validator run for you (connect_audio_to_websocket checks its options before sending).
INTERNAL = {"get_headers", "get_json_headers", "headers", "json_headers"}
AUTOMATIC = {"validate_websocket_options"}


def make(kind: str) -> tuple[Any, FakeTransport]:
    transport = FakeTransport(lambda request: json_response(200, "{}"))
    cls: Any = Client if kind == "sync" else AsyncClient
    return cls(API_KEY, API_SECRET, transport=transport, runtime=fixed_runtime()), transport


async def call(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result


def test_every_public_official_method_is_on_both_clients() -> None:
    official = {
        name
        for name, member in inspect.getmembers(opentok.OpenTok)
        if callable(member) and not name.startswith("_") and not inspect.isclass(member)
    }
    missing = {
        name
        for name in official - INTERNAL - AUTOMATIC
        for client in (Client, AsyncClient)
        if not hasattr(client, name)
    }
    assert len(official) > 40 and not missing


@KINDS
async def test_the_official_attributes_read_the_same(kind: str, private_key_pem: str) -> None:
    client, _ = make(kind)
    official = opentok.Client(API_KEY, API_SECRET)
    assert client.api_key == official.api_key == API_KEY
    assert client.api_url == "https://api.opentok.com"
    assert client.user_agent.startswith("opentok-py/")
    vonage: Any = (Client if kind == "sync" else AsyncClient)(
        application_id="app-id", private_key=private_key_pem
    )
    assert vonage.api_key == "app-id"


@KINDS
async def test_append_to_user_agent_reaches_the_wire_of_later_calls(kind: str) -> None:
    client, transport = make(kind)
    copy = client.with_options(timeout=3)
    client.append_to_user_agent(" myapp/2.1")
    await call(client.mute_stream(SESSION, "stream-1"))
    await call(copy.mute_stream(SESSION, "stream-1"))
    agents = [dict(r.headers)["user-agent"] for r in transport.requests]
    assert agents[0].endswith(" myapp/2.1") and not agents[1].endswith("myapp/2.1")
    with pytest.raises(ValidationError, match="value"):
        client.append_to_user_agent("a\r\nx-evil: 1")


@KINDS
async def test_signal_is_the_deprecated_name_of_send_signal(kind: str) -> None:
    client, transport = make(kind)
    with pytest.warns(DeprecationWarning, match="send_signal"):
        await call(client.signal(SESSION, {"type": "chat", "data": "hi"}, "conn-1"))
    (request,) = transport.requests
    assert request.url.endswith(f"/session/{SESSION}/connection/conn-1/signal")
    assert json.loads(request.body) == {"type": "chat", "data": "hi"}


@KINDS
async def test_mute_all_takes_the_official_keyword(kind: str) -> None:
    client, transport = make(kind)
    await call(client.mute_all(SESSION, excludedStreamIds=["s1", "s2"]))
    await call(client.mute_all(SESSION, ["s3"]))
    bodies = [json.loads(r.body) for r in transport.requests]
    assert [b["excludedStreamIds"] for b in bodies] == [["s1", "s2"], ["s3"]]
    with pytest.raises(ValidationError, match="excludedStreamIds"):
        await call(client.mute_all(SESSION, ["a"], excludedStreamIds=["b"]))
    assert len(transport.requests) == 2


@KINDS
async def test_play_dtmf_takes_the_official_options_argument_only_when_empty(kind: str) -> None:
    client, transport = make(kind)
    await call(client.play_dtmf(SESSION, None, "12#", {}))
    await call(client.play_dtmf(SESSION, "conn-1", "3", options=None))
    assert [json.loads(r.body) for r in transport.requests] == [{"digits": "12#"}, {"digits": "3"}]
    for bad in ({"loud": True}, ["x"]):
        with pytest.raises(ValidationError, match="options"):
            await call(client.play_dtmf(SESSION, None, "1", bad))
    assert len(transport.requests) == 2


def test_every_public_official_attribute_reads_on_both_clients() -> None:
    # Instance attributes and properties; api_secret stays private on ours (a secret), and
    # endpoints is the official SDK's URL builder.
    official = opentok.Client(API_KEY, API_SECRET)  # OpenTok is its deprecated alias
    names = {n for n in vars(official) if not n.startswith("_")} | {
        n for n, v in inspect.getmembers(type(official)) if isinstance(v, property)
    }
    assert {"api_key", "timeout", "app_version", "proxies", "jwt_livetime"} <= names
    for client in (make("sync")[0], make("async")[0]):
        assert not [n for n in names - {"api_secret", "endpoints"} if not hasattr(client, n)]


@KINDS
async def test_timeout_can_be_set_as_in_the_official_sdk(kind: str) -> None:
    client, transport = make(kind)
    client.timeout = 7
    await call(client.mute_stream(SESSION, "stream-1"))
    assert transport.timeouts[-1].connect == transport.timeouts[-1].read == 7.0
    with pytest.raises(ValidationError, match="timeout"):
        client.timeout = "soon"
    assert client.app_version is None
    with pytest.raises(ValidationError, match="append_to_user_agent"):
        client.app_version = "2.0"


@KINDS
async def test_official_settings_we_do_not_read_refuse_to_be_set_silently(kind: str) -> None:
    # `opentok.proxies = {...}` ignored would mean requests going out directly: it raises,
    # with the advice for this client (the sync one is generated from the async source).
    client, _ = make(kind)
    with pytest.raises(ValidationError, match="proxy=url") as info:
        client.proxies = {"https": "http://proxy.internal:3128"}
    assert "HTTPS_PROXY" in str(info.value)
    assert "proxy.internal" not in str(info.value)  # a proxy URL may carry credentials
    with pytest.raises(ValidationError, match="3 minutes"):
        client.jwt_livetime = 10
    assert client.proxies is None
    assert client.jwt_livetime * 60 == AUTH_JWT_LIFETIME
