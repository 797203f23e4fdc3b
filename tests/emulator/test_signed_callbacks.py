"""The emulator started with a signature secret signs every callback it POSTs, as secure
callbacks are signed; the callbacks received over real HTTP verify, and a replay or a
tampered copy of one is refused."""

from __future__ import annotations

import pytest

from opentok_core import (
    InvalidSignature,
    MemorySeenStore,
    Request,
    SessionCreated,
    verify_callback,
)
from opentok_emulator import Emulator
from opentok_sync import Client
from tests.callbacks_over_http import one_joins, received_callbacks
from tests.conftest import API_KEY, API_SECRET

SIGNATURE_SECRET = "the-callback-signature-secret"


def _signed_callbacks(count: int, secret: str | None = SIGNATURE_SECRET) -> list[Request]:
    return received_callbacks(one_joins, count, secret)[0]


def test_the_emulators_signed_callbacks_verify_over_http() -> None:
    received = _signed_callbacks(2)
    seen = MemorySeenStore()
    client = Client(API_KEY, API_SECRET)
    for request in received:
        authorization = request.header("authorization")
        assert authorization is not None and authorization.startswith("Bearer ")
        claims = client.verify_callback(
            request.body, authorization, SIGNATURE_SECRET, api_key=API_KEY, seen=seen
        )
        assert claims.iss == "Vonage" and claims.api_key == API_KEY and claims.jti
    first = received[0]
    event = client.parse_callback(first.body, first.headers, SIGNATURE_SECRET)
    assert isinstance(event, SessionCreated)


def test_a_replayed_or_tampered_emulator_callback_is_refused() -> None:
    request = _signed_callbacks(1)[0]
    authorization = request.header("authorization")
    now = Client(API_KEY, API_SECRET)._runtime.clock()
    seen = MemorySeenStore()
    verify_callback(request.body, authorization, SIGNATURE_SECRET, now=now, seen=seen)
    with pytest.raises(InvalidSignature) as replay:
        verify_callback(request.body, authorization, SIGNATURE_SECRET, now=now, seen=seen)
    assert replay.value.reason == "replayed"
    with pytest.raises(InvalidSignature) as tampered:
        verify_callback(request.body + b" ", authorization, SIGNATURE_SECRET, now=now)
    assert tampered.value.reason == "payload_hash"
    with pytest.raises(InvalidSignature) as foreign:
        verify_callback(request.body, authorization, SIGNATURE_SECRET, now=now, api_key="999")
    assert foreign.value.reason == "api_key"


def test_without_a_secret_the_emulator_sends_no_authorization() -> None:
    (request,) = _signed_callbacks(1, secret=None)[:1]
    assert request.header("authorization") is None


@pytest.fixture
def opentok_signature_secret() -> str:
    return SIGNATURE_SECRET


def test_the_pytest_fixture_option_signs_the_emulators_callbacks(
    opentok_emulator: Emulator,
) -> None:
    assert opentok_emulator.signature_secret == SIGNATURE_SECRET
