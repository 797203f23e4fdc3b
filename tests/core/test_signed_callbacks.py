"""verify_callback: a callback the service signed verifies; a forged, tampered, stale, future,
replayed or foreign one is refused with InvalidSignature naming the reason. PyJWT, an
independent implementation, signs some of them so our codec is not checked against itself."""

from __future__ import annotations

import hashlib
import json

import jwt as pyjwt
import pytest

from opentok_core import (
    ArchiveEvent,
    InvalidSignature,
    MemorySeenStore,
    OpenTokError,
    ValidationError,
    parse_callback,
    payload_hash,
    sign_callback,
    verify_callback,
)

SECRET = "signature-secret-of-the-archive-callback-" + "x" * 40  # >= 64 bytes: HS512 too
NOW = 1_700_000_000.0
BODY = json.dumps(
    {"event": "archive", "id": "a1", "status": "available", "sessionId": "s", "projectId": "1"}
).encode()


def claims(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "iat": int(NOW),
        "jti": "b4d2a1c0-jti",
        "iss": "Vonage",
        "payload_hash": hashlib.sha256(BODY).hexdigest(),
        "api_key": "123456",
        "application_id": "app-1",
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def bearer(payload: dict[str, object], secret: str = SECRET, alg: str = "HS256") -> str:
    return "Bearer " + pyjwt.encode(payload, secret, algorithm=alg)


def refused(authorization: str, body: bytes = BODY, **kw: object) -> str:
    with pytest.raises(InvalidSignature) as caught:
        verify_callback(body, authorization, SECRET, now=kw.pop("now", NOW), **kw)  # type: ignore[arg-type]
    assert SECRET not in str(caught.value)
    return caught.value.reason


def test_a_callback_signed_by_pyjwt_verifies_and_its_claims_come_back() -> None:
    verified = verify_callback(BODY, bearer(claims()), SECRET, now=NOW + 10)
    assert (verified.jti, verified.iss, verified.api_key) == ("b4d2a1c0-jti", "Vonage", "123456")
    assert verified.payload_hash == payload_hash(BODY)
    assert verified.raw["application_id"] == "app-1"


def test_sign_callback_output_verifies_with_pyjwt_too() -> None:
    header = sign_callback(BODY, SECRET, now=NOW, jti="j1", api_key="123456")
    decoded = pyjwt.decode(header.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
    assert decoded == {
        "iat": int(NOW),
        "jti": "j1",
        "iss": "Vonage",
        "payload_hash": hashlib.sha256(BODY).hexdigest(),
        "api_key": "123456",
    }


def test_invalid_signature_is_an_opentok_error() -> None:
    assert issubclass(InvalidSignature, OpenTokError)


def test_a_jwt_signed_with_another_secret_is_refused() -> None:
    assert refused(bearer(claims(), secret="the-api-secret-not-the-signature-one")) == "signature"


def test_alg_none_is_refused() -> None:
    unsigned = pyjwt.encode(claims(), None, algorithm="none")  # type: ignore[arg-type]
    assert refused("Bearer " + unsigned) == "algorithm"


def test_an_hs512_jwt_with_the_right_secret_is_still_refused() -> None:
    assert refused(bearer(claims(), alg="HS512")) == "algorithm"


def test_a_tampered_body_is_refused() -> None:
    forged = BODY.replace(b"available", b"failed")
    assert refused(bearer(claims()), body=forged) == "payload_hash"


def test_a_missing_payload_hash_is_refused() -> None:
    assert refused(bearer(claims(payload_hash=None))) == "payload_hash"


def test_the_hash_is_of_the_raw_bytes_not_of_reencoded_json() -> None:
    spaced = b'{"event": "archive",   "id": "a1"}'
    header = bearer(claims(payload_hash=hashlib.sha256(spaced).hexdigest()))
    assert verify_callback(spaced, header, SECRET, now=NOW).iat == NOW
    assert refused(header, body=json.dumps(json.loads(spaced)).encode()) == "payload_hash"


@pytest.mark.parametrize(("age", "reason"), [(301, "stale"), (-301, "future")])
def test_an_iat_beyond_max_age_either_way_is_refused(age: int, reason: str) -> None:
    assert refused(bearer(claims()), now=NOW + age) == reason


def test_max_age_is_the_callers() -> None:
    header = bearer(claims())
    assert refused(header, now=NOW + 61, max_age=60) == "stale"
    assert verify_callback(BODY, header, SECRET, now=NOW + 59, max_age=60).iat == NOW


def test_an_expired_exp_is_refused_and_a_future_one_accepted() -> None:
    assert refused(bearer(claims(exp=int(NOW) - 1))) == "expired"
    assert verify_callback(BODY, bearer(claims(exp=int(NOW) + 60)), SECRET, now=NOW).exp


def test_another_issuer_is_refused() -> None:
    assert refused(bearer(claims(iss="Mallory"))) == "issuer"


def test_a_replayed_jti_is_refused_when_a_store_is_given() -> None:
    seen = MemorySeenStore()
    header = bearer(claims())
    verify_callback(BODY, header, SECRET, now=NOW, seen=seen)
    assert refused(header, now=NOW + 1, seen=seen) == "replayed"
    verify_callback(BODY, header, SECRET, now=NOW + 1)  # no store: no replay check


def test_a_refused_callback_does_not_spend_its_jti() -> None:
    seen = MemorySeenStore()
    assert refused(bearer(claims()), body=b"{}", seen=seen) == "payload_hash"
    verify_callback(BODY, bearer(claims()), SECRET, now=NOW, seen=seen)


def test_without_a_jti_a_store_cannot_detect_replays_so_it_refuses() -> None:
    assert refused(bearer(claims(jti=None)), seen=MemorySeenStore()) == "malformed"


@pytest.mark.parametrize("name", ["api_key", "application_id"])
def test_a_wrong_or_missing_project_is_refused_only_when_asked_for(name: str) -> None:
    assert refused(bearer(claims()), **{name: "other"}) == name
    assert refused(bearer(claims(**{name: None})), **{name: "123456"}) == name
    verify_callback(BODY, bearer(claims(**{name: None})), SECRET, now=NOW)


def test_the_api_key_may_be_asked_for_as_an_int() -> None:
    assert verify_callback(BODY, bearer(claims()), SECRET, now=NOW, api_key=123456).api_key


@pytest.mark.parametrize(
    "authorization",
    ["", "Basic dXNlcjpwYXNz", "Bearer", "Bearer not.a.jwt", "Bearer a.b", "Token x.y.z"],
)
def test_a_missing_or_malformed_authorization_is_refused(authorization: str) -> None:
    assert refused(authorization) == "malformed"


def test_the_secret_must_be_given() -> None:
    with pytest.raises(ValidationError, match="signature_secret"):
        verify_callback(BODY, bearer(claims()), "", now=NOW)


def test_memory_store_forgets_expired_ids_and_stays_bounded() -> None:
    seen = MemorySeenStore(max_entries=2)
    assert seen.add("a", now=0, expires_at=10)
    assert not seen.add("a", now=5, expires_at=10)
    assert seen.add("a", now=11, expires_at=20)  # expired: new again
    assert seen.add("b", now=11, expires_at=20) and seen.add("c", now=11, expires_at=20)
    assert len(seen) == 2


def test_parse_callback_verifies_first_when_given_a_secret() -> None:
    headers = {"Authorization": bearer(claims())}
    event = parse_callback(BODY, headers=headers, signature_secret=SECRET, now=NOW)
    assert isinstance(event, ArchiveEvent)
    with pytest.raises(InvalidSignature):
        parse_callback(BODY.replace(b"a1", b"a2"), headers, SECRET, now=NOW)
    with pytest.raises(InvalidSignature, match="unsigned"):
        parse_callback(
            BODY, headers=[("content-type", "application/json")], signature_secret=SECRET, now=NOW
        )


def test_parse_callback_reads_headers_in_any_case_and_shape() -> None:
    pairs = [(b"AUTHORIZATION", bearer(claims()).encode())]
    assert isinstance(parse_callback(BODY, pairs, SECRET, now=NOW), ArchiveEvent)  # type: ignore[arg-type]


def test_parse_callback_needs_now_and_raw_bytes_to_verify() -> None:
    with pytest.raises(ValidationError, match="now"):
        parse_callback(BODY, {"authorization": bearer(claims())}, SECRET)
    with pytest.raises(ValidationError, match="body"):
        parse_callback(json.loads(BODY), {"authorization": bearer(claims())}, SECRET, now=NOW)


def test_parse_callback_without_a_secret_still_checks_nothing() -> None:
    assert isinstance(parse_callback(BODY), ArchiveEvent)


def _hammer(store: MemorySeenStore, keys: int) -> tuple[list[str], list[BaseException]]:
    """8 threads adding the same ``keys`` ids at once: the ids admitted, the errors raised."""
    import threading

    admitted: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        try:
            for i in range(keys):
                if store.add(f"k{i}", now=0.0, expires_at=1e9):
                    admitted.append(f"k{i}")
        except BaseException as exc:  # collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return admitted, errors


def test_a_memory_seen_store_shared_by_threads_admits_each_id_once_and_never_breaks() -> None:
    """A threaded web server calls the router from many threads at once. Unlocked, the store's
    OrderedDict raised KeyError / "mutated during iteration" within rounds like these, and let
    an id through twice: with the lock neither can happen, whatever the interleaving."""
    import sys

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        for _ in range(3):
            _, errors = _hammer(MemorySeenStore(max_entries=50), 2000)  # evicting all along
            assert errors == []
            admitted, errors = _hammer(MemorySeenStore(), 2000)  # nothing evicted
            assert errors == [] and sorted(admitted) == sorted(f"k{i}" for i in range(2000))
    finally:
        sys.setswitchinterval(interval)
