"""Both clients against faults over real loopback HTTP.

The emulator's fault injection (``InjectFault``) plays 503s, 500s, 429s with Retry-After, stalls
and dropped connections; a recording wrapper counts what reached it. A small raw server in
``tests.servers`` plays what the emulator cannot: a body cut off mid-way and a body trickled
byte by byte. Retries sleep through the clients' ``sleep`` hook, recorded and not waited for;
timeouts are real but short (0.3 s).
"""

from __future__ import annotations

import inspect
import json
import ssl
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import urllib3

from opentok_async import AsyncClient, HttpxTransport
from opentok_core import (
    NO_RETRY,
    Request,
    RetryPolicy,
    Runtime,
    ServerError,
    Timeout,
    TransportError,
    TransportTimeout,
)
from opentok_emulator import Emulator, new_emulator
from opentok_emulator.control import ConnectClient, InjectFault
from opentok_emulator.server import EmulatorServer
from opentok_sync import Client, Urllib3Transport, pool_manager, proxy_manager
from tests.conftest import API_KEY, API_SECRET, fixture_body
from tests.servers import (
    cut,
    full,
    self_signed,
    serve_connect_proxy,
    serve_raw,
    stall,
    trickle,
    trickle_head,
)

pytestmark = pytest.mark.anyio
KINDS = pytest.mark.parametrize("kind", ["sync", "async"])
ARCHIVE_BODY = fixture_body("archives.get", 200) or b""
SESSION_BODY = fixture_body("sessions.create", 200) or b""
#: Slack for a loaded 2-core machine when checking that a timeout fired on time.
MARGIN = 1.5


class Recording:
    """Wraps the emulator and notes the operation name of every request that reaches it."""

    def __init__(self, inner: Emulator) -> None:
        self.inner = inner
        self.seen: list[str] = []

    def handle(self, request: Request) -> Any:
        self.seen.append(self.inner.operation_of(request) or "?")
        return self.inner.handle(request)

    def count(self, operation: str) -> int:
        return self.seen.count(operation)


@pytest.fixture
def server() -> Iterator[tuple[EmulatorServer, Recording]]:
    recording = Recording(new_emulator(api_key=API_KEY, api_secret=API_SECRET))
    with EmulatorServer(recording) as running:  # type: ignore[arg-type]
        yield running, recording


class Sleeps(list[float]):
    """The clients' sleep hook: records each backoff wait instead of waiting."""

    def sleep(self, seconds: float) -> None:
        self.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.append(seconds)


def runtime() -> Runtime:
    """Real clocks (timeouts and budgets are real), but a fixed jitter so waits are known."""
    return Runtime(
        clock=time.time,
        monotonic=time.monotonic,
        entropy=lambda: uuid.uuid4().hex,
        jitter=lambda: 0.5,
        nonce=lambda: 1,
    )


def client(kind: str, url: str, sleeps: Sleeps, **kw: Any) -> Any:
    cls: Any = Client if kind == "sync" else AsyncClient
    hook = sleeps.sleep if kind == "sync" else sleeps.asleep
    return cls(API_KEY, API_SECRET, api_url=url, runtime=runtime(), sleep=hook, **kw)


async def call(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result


async def close(c: Any) -> None:
    await call(c.close() if isinstance(c, Client) else c.aclose())


async def timed_out_get(c: Any) -> tuple[float, TransportTimeout]:
    """Call ``get_archive`` on ``c`` (then close it), expecting our timeout: how long it took
    and the error."""
    started = time.monotonic()
    try:
        with pytest.raises(TransportTimeout) as info:
            await call(c.get_archive("b40ef09b-3811-4726-b508-e41a0f96c68f"))
    finally:
        await close(c)
    return time.monotonic() - started, info.value


async def routed_session_with_a_client(c: Any) -> str:
    session_id = (await call(c.create_session(media_mode="routed"))).session_id
    await call(c.send(ConnectClient(session_id=session_id, token=c.generate_token(session_id))))
    return str(session_id)


@KINDS
async def test_get_503_503_200_succeeds_after_backoff(kind: str, server: Any) -> None:
    running, recording = server
    sleeps = Sleeps()
    c = client(kind, running.url, sleeps)
    try:
        await call(c.send(InjectFault(operation="archives.list", status=503, count=2)))
        page = await call(c.list_archives())
    finally:
        await close(c)
    assert page.count == 0
    assert recording.count("archives.list") == 3
    assert sleeps == [0.125, 0.25]  # full jitter (fixed at 0.5) of 0.25 s, then 0.5 s


@KINDS
async def test_500_on_start_archive_raises_after_exactly_one_request(
    kind: str, server: Any
) -> None:
    running, recording = server
    sleeps = Sleeps()
    c = client(kind, running.url, sleeps)
    try:
        session_id = await routed_session_with_a_client(c)
        # "after": the archive really starts, then the answer is lost in a 500. A blind retry
        # would now start a second archive (or hit 409); ours must not try.
        await call(c.send(InjectFault(operation="archives.start", status=500, phase="after")))
        with pytest.raises(ServerError) as info:
            await call(c.start_archive(session_id))
        archives = await call(c.list_archives(session_id=session_id))
    finally:
        await close(c)
    assert info.value.status == 500 and info.value.attempts == 1
    assert recording.count("archives.start") == 1 and sleeps == []
    assert archives.count == 1


@KINDS
async def test_a_stall_past_the_read_timeout_raises_our_timeout_in_time(
    kind: str, server: Any
) -> None:
    running, recording = server
    c = client(kind, running.url, Sleeps(), timeout=(2, 0.3))
    try:
        await call(c.send(InjectFault(operation="sessions.create", delay=3.0)))
        started = time.monotonic()
        with pytest.raises(TransportTimeout) as info:
            await call(c.create_session())
        took = time.monotonic() - started
    finally:
        await close(c)
    assert 0.3 <= took < 0.3 + MARGIN
    library = (urllib3.exceptions.ReadTimeoutError, httpx.ReadTimeout)
    assert isinstance(info.value.__cause__, library)
    assert info.value.operation == "sessions.create"
    assert recording.count("sessions.create") == 1  # a POST: not retried after the stall


@KINDS
async def test_a_stalled_get_is_retried_with_a_fresh_timeout(kind: str, server: Any) -> None:
    running, recording = server
    sleeps = Sleeps()
    c = client(kind, running.url, sleeps, timeout=(2, 0.3))
    try:
        await call(c.send(InjectFault(operation="archives.list", delay=3.0)))
        assert (await call(c.list_archives())).count == 0
    finally:
        await close(c)
    assert recording.count("archives.list") == 2 and sleeps == [0.125]


@KINDS
async def test_a_dropped_connection_is_retried_on_a_get_not_on_a_post(
    kind: str, server: Any
) -> None:
    running, recording = server
    sleeps = Sleeps()
    c = client(kind, running.url, sleeps)
    try:
        await call(c.send(InjectFault(operation="archives.list", drop=True)))
        assert (await call(c.list_archives())).count == 0
        await call(c.send(InjectFault(operation="sessions.create", drop=True, phase="after")))
        with pytest.raises(TransportError) as info:
            await call(c.create_session())
    finally:
        await close(c)
    assert recording.count("archives.list") == 2
    assert recording.count("sessions.create") == 1 and info.value.attempts == 1
    assert not isinstance(info.value, TransportTimeout)


@KINDS
async def test_429_retry_after_is_honoured(kind: str, server: Any) -> None:
    running, recording = server
    sleeps = Sleeps()
    c = client(kind, running.url, sleeps)
    try:
        await call(
            c.send(InjectFault(operation="sessions.create", status=429, retry_after=2, count=1))
        )
        assert (await call(c.create_session())).session_id  # a POST: 429 means "not done"
    finally:
        await close(c)
    assert sleeps == [2.0] and recording.count("sessions.create") == 2


@KINDS
async def test_a_body_cut_mid_response_is_retried_on_a_get(kind: str) -> None:
    sleeps = Sleeps()
    with serve_raw(cut(ARCHIVE_BODY, keep=20), full(ARCHIVE_BODY)) as (url, seen):
        c = client(kind, url, sleeps)
        try:
            archive = await call(c.get_archive("b40ef09b-3811-4726-b508-e41a0f96c68f"))
        finally:
            await close(c)
    assert archive.id == "b40ef09b-3811-4726-b508-e41a0f96c68f"
    assert len(seen) == 2 and sleeps == [0.125]


@KINDS
async def test_a_body_cut_mid_response_is_not_retried_on_a_post(kind: str) -> None:
    with serve_raw(cut(SESSION_BODY, keep=20), full(SESSION_BODY)) as (url, seen):
        c = client(kind, url, Sleeps())
        try:
            with pytest.raises(TransportError) as info:
                await call(c.create_session())
        finally:
            await close(c)
    assert len(seen) == 1 and info.value.__cause__ is not None


@KINDS
@pytest.mark.parametrize(
    "behaviour",
    [
        pytest.param(trickle(ARCHIVE_BODY, every=0.05), id="body"),
        # http.client reads header lines through one socket timeout per read.
        pytest.param(trickle_head(ARCHIVE_BODY, every=0.05), id="header-lines"),
    ],
)
async def test_a_trickled_answer_hits_the_total_deadline(kind: str, behaviour: Any) -> None:
    # Every byte comes well within the read timeout, so only a deadline that holds every read
    # (status line, headers and body alike) stops it.
    with serve_raw(behaviour) as (url, seen):
        c = client(kind, url, Sleeps(), timeout=Timeout(2, 1.0, total=0.6), retry=NO_RETRY)
        took, error = await timed_out_get(c)
    assert 0.6 <= took < 0.6 + MARGIN and len(seen) == 1
    assert "total" in str(error) and error.__cause__ is not None


def test_trickled_header_lines_are_bounded_with_a_pool_from_pool_manager() -> None:
    # A pool of your own keeps the header phase bounded when opentok_sync.pool_manager builds it.
    pool = pool_manager(retries=False)
    with serve_raw(trickle_head(ARCHIVE_BODY, every=0.05)) as (url, seen):
        c = Client(API_KEY, API_SECRET, api_url=url, transport=Urllib3Transport(pool))
        started = time.monotonic()
        with pytest.raises(TransportTimeout, match="total"):
            c.with_options(timeout=Timeout(2, 1.0, total=0.6), retry=NO_RETRY).get_archive(
                "b40ef09b-3811-4726-b508-e41a0f96c68f"
            )
        took = time.monotonic() - started
    assert 0.6 <= took < 0.6 + MARGIN and len(seen) == 1
    pool.clear()


def test_a_stalled_body_ends_at_the_deadline_with_a_plain_urllib3_pool_you_pass_in() -> None:
    # A pool used as given: its body reads are stopped through urllib3's HTTPResponse.shutdown.
    pool = urllib3.PoolManager(retries=False)
    with serve_raw(stall(ARCHIVE_BODY, after=10, pause=2.5)) as (url, seen):
        c = Client(API_KEY, API_SECRET, api_url=url, transport=Urllib3Transport(pool))
        quick = c.with_options(timeout=Timeout(2, 3, total=0.5), retry=NO_RETRY)
        started = time.monotonic()
        with pytest.raises(TransportTimeout, match="0.5 s total"):
            quick.get_archive("b40ef09b-3811-4726-b508-e41a0f96c68f")
        took = time.monotonic() - started
    assert 0.5 <= took < 0.5 + MARGIN and len(seen) == 1
    pool.clear()


def test_the_default_timeout_bounds_every_attempt() -> None:
    # "No call blocks forever by default": the default attempt has a finite deadline, and the
    # default retry policy a finite budget.
    assert Timeout().deadline == 35.0
    assert RetryPolicy().max_attempts == 3 and RetryPolicy().max_total == 30.0


@KINDS
async def test_a_body_stalling_past_the_total_deadline_ends_at_the_deadline(kind: str) -> None:
    # The read timeout (3 s) would wait the stall out; the attempt's deadline (0.5 s) must not.
    with serve_raw(stall(ARCHIVE_BODY, after=10, pause=2.5)) as (url, seen):
        c = client(kind, url, Sleeps(), timeout=Timeout(2, 3, total=0.5), retry=NO_RETRY)
        took, _ = await timed_out_get(c)
    assert 0.5 <= took < 0.5 + MARGIN and len(seen) == 1


async def test_a_user_pool_with_its_own_retry_does_not_retry_behind_our_back() -> None:
    # urllib3 would retry a 503 and a dropped POST three times on its own: we override it.
    pool = urllib3.PoolManager(
        retries=urllib3.Retry(total=3, status_forcelist=[503], allowed_methods=None)
    )
    with serve_raw(full(b"{}", status=503)) as (url, seen):
        c = Client(API_KEY, API_SECRET, api_url=url, transport=Urllib3Transport(pool))
        with pytest.raises(ServerError):
            c.with_options(retry=NO_RETRY).get_archive("a1")
    assert len(seen) == 1
    with serve_raw(cut(SESSION_BODY, keep=5)) as (url, seen):
        c = Client(API_KEY, API_SECRET, api_url=url, transport=Urllib3Transport(pool))
        with pytest.raises(TransportError):
            c.create_session()
    assert len(seen) == 1
    pool.clear()


async def test_a_user_httpx_client_with_retries_does_not_repeat_a_post() -> None:
    # httpx transports retry only failed connects (never sent); a cut answer is not retried.
    user = httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(retries=3))
    with serve_raw(cut(SESSION_BODY, keep=5)) as (url, seen):
        c = AsyncClient(API_KEY, API_SECRET, api_url=url, transport=HttpxTransport(user))
        with pytest.raises(TransportError):
            await c.create_session()
    assert len(seen) == 1
    await user.aclose()


@KINDS
async def test_no_call_can_block_forever_by_default(kind: str) -> None:
    c = client(kind, "http://127.0.0.1:9", Sleeps())
    assert c.timeout.deadline is not None and c.timeout.deadline <= 60
    assert c.retry.max_total <= 60 and c.retry.max_attempts <= 10
    default: Any = RetryPolicy()
    assert default == c.retry
    await close(c)


@KINDS
async def test_a_huge_body_is_cut_at_the_cap_and_reported_with_its_status(kind: str) -> None:
    from opentok_core import UnexpectedResponse

    huge = b'{"id": "' + b"x" * 200_000 + b'"}'
    with serve_raw(full(huge)) as (url, seen):
        transport: Any = (
            Urllib3Transport(max_body=1000) if kind == "sync" else HttpxTransport(max_body=1000)
        )
        c = client(kind, url, Sleeps(), transport=transport)
        try:
            with pytest.raises(UnexpectedResponse, match="cut") as info:
                await call(c.get_archive("a1"))
            response = await call(
                transport.handle_request(Request("GET", url + "/x"), Timeout())
                if kind == "sync"
                else transport.handle_async_request(Request("GET", url + "/x"), Timeout())
            )
        finally:
            await close(c)
    assert info.value.status == 200 and len(info.value.excerpt) <= 501
    assert response.truncated and len(response.body) == 1000
    assert len(seen) == 2


# Over TLS: the deadline holds through an SSL socket too. --------------------------------------


def tls_client(kind: str, url: str, cert: Path, **kw: Any) -> Any:
    if kind == "sync":
        pool = pool_manager(ca_certs=str(cert), retries=False)
        return Client(API_KEY, API_SECRET, api_url=url, transport=Urllib3Transport(pool), **kw)
    user = httpx.AsyncClient(verify=ssl.create_default_context(cafile=str(cert)))
    return AsyncClient(API_KEY, API_SECRET, api_url=url, transport=HttpxTransport(user), **kw)


@KINDS
async def test_a_call_over_tls_reads_the_whole_answer(kind: str, tmp_path: Path) -> None:
    context, cert = self_signed(tmp_path)
    with serve_raw(full(ARCHIVE_BODY), tls=context) as (url, seen):
        c = tls_client(kind, url, cert, retry=NO_RETRY)
        try:
            archive = await call(c.get_archive("b40ef09b-3811-4726-b508-e41a0f96c68f"))
        finally:
            await close(c)
    assert url.startswith("https://") and len(seen) == 1
    assert archive.id == json.loads(ARCHIVE_BODY)["id"]


@KINDS
async def test_trickled_header_lines_over_tls_hit_the_total_deadline(
    kind: str, tmp_path: Path
) -> None:
    context, cert = self_signed(tmp_path)
    with serve_raw(trickle_head(ARCHIVE_BODY, every=0.05), tls=context) as (url, seen):
        c = tls_client(kind, url, cert, timeout=Timeout(2, 1.0, total=0.8), retry=NO_RETRY)
        took, _ = await timed_out_get(c)
    assert 0.8 <= took < 0.8 + MARGIN and len(seen) == 1


def test_through_an_https_proxy_tls_in_tls_reads_are_held_to_the_deadline(
    tmp_path: Path,
) -> None:
    # An https:// target through an HTTPS proxy: urllib3 reads through its SSLTransport, and
    # the pool from proxy_manager shuts down the socket under it at the deadline.
    context, cert = self_signed(tmp_path)
    with (
        serve_connect_proxy(context) as proxy,
        serve_raw(full(ARCHIVE_BODY), trickle_head(ARCHIVE_BODY, every=0.05), tls=context) as (
            url,
            seen,
        ),
    ):
        pool = proxy_manager(
            proxy,
            ca_certs=str(cert),
            proxy_ssl_context=ssl.create_default_context(cafile=str(cert)),
            retries=False,
        )
        c = Client(API_KEY, API_SECRET, api_url=url, transport=Urllib3Transport(pool))
        quick = c.with_options(timeout=Timeout(2, 1.0, total=0.8), retry=NO_RETRY)
        assert quick.get_archive("b40ef09b-3811-4726-b508-e41a0f96c68f").id
        started = time.monotonic()
        with pytest.raises(TransportTimeout, match="total"):
            quick.get_archive("b40ef09b-3811-4726-b508-e41a0f96c68f")
        took = time.monotonic() - started
        pool.clear()
    assert 0.8 <= took < 0.8 + MARGIN and len(seen) == 2
