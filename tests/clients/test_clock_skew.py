"""Clock skew: the auth JWT tolerates a local clock a minute or so fast and up to three minutes
slow (AUTH_JWT_BACKDATE, AUTH_JWT_LIFETIME); beyond that the 403 names clock skew as the likely
cause, and only when the server's words say so (a wrong secret does not)."""

from __future__ import annotations

import time
import uuid

import pytest

from opentok_core import ApiError, AuthenticationError, GetArchive, Response, Runtime, finish
from opentok_core._credentials import AUTH_JWT_BACKDATE, AUTH_JWT_LIFETIME
from opentok_emulator import EmulatorTransport, new_emulator
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET


def client_with_clock_off_by(seconds: float, secret: str = API_SECRET) -> Client:
    runtime = Runtime(
        clock=lambda: time.time() + seconds,
        monotonic=time.monotonic,
        entropy=lambda: uuid.uuid4().hex,
        jitter=lambda: 0.5,
        nonce=lambda: 1,
    )
    emulator = new_emulator(api_key=API_KEY, api_secret=API_SECRET)
    return Client(API_KEY, secret, transport=EmulatorTransport(emulator), runtime=runtime)


def test_the_documented_tolerance() -> None:
    assert AUTH_JWT_BACKDATE == 60 and AUTH_JWT_LIFETIME == 180
    assert AUTH_JWT_BACKDATE + AUTH_JWT_LIFETIME <= 300 - 60  # a minute under the 5 min ceiling


@pytest.mark.parametrize("skew", [-170, -60, 0, 60, 110])
def test_a_small_skew_either_way_is_tolerated(skew: float) -> None:
    assert client_with_clock_off_by(skew).list_archives().count == 0


@pytest.mark.parametrize(
    ("skew", "said"), [(-600, "expired"), (-181, "expired"), (600, "not yet valid")]
)
def test_a_large_skew_gives_a_403_naming_clock_skew(skew: float, said: str) -> None:
    with pytest.raises(AuthenticationError) as info:
        client_with_clock_off_by(skew).list_archives()
    message = str(info.value)
    assert info.value.status == 403 and said in message.lower()
    assert "clock skew" in message and "NTP" in message
    assert info.value.attempts == 1  # a 403 is not retried


def test_a_wrong_secret_is_not_blamed_on_the_clock() -> None:
    with pytest.raises(AuthenticationError) as info:
        client_with_clock_off_by(0, secret="not-the-secret").list_archives()
    assert "clock" not in str(info.value)


@pytest.mark.parametrize(
    ("status", "body", "skew"),
    [
        (403, b'{"code":-1,"message":"Token expired"}', True),
        (401, b'{"code":-1,"message":"JWT not valid yet"}', True),
        (
            403,
            b'{"code":1004,"message":"Invalid token","description":"iat is in the future"}',
            True,
        ),
        (403, b"<html>token has expired</html>", True),  # a gateway's plain page
        (403, b'{"code":-1,"message":"Invalid signature"}', False),
        (403, b'{"code":-1,"message":"Please retry immediately"}', False),  # "iat" in a word
        (403, b'{"code":-1,"message":"Invalid issuer format"}', False),
        (404, b'{"code":-1,"message":"Token expired"}', False),  # not an auth status
    ],
)
def test_the_skew_hint_reads_whole_words(status: int, body: bytes, skew: bool) -> None:
    with pytest.raises(ApiError) as info:
        finish(GetArchive(archive_id="a1"), Response(status, (), body))
    assert ("clock skew" in str(info.value)) is skew
