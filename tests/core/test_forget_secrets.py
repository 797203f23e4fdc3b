"""``forget_secrets`` clears exactly the finished frames whose locals show a secret header
value in plain text: the others keep their locals (for debugging), and the frame that caught
the error (maybe still running) is never touched."""

from __future__ import annotations

import traceback

from opentok_core import forget_secrets
from opentok_core.kit import Secret

SECRET = Secret("eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiIxIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg")
HEADERS = (("accept", "application/json"), ("x-opentok-auth", SECRET))


def _writes(value: str) -> None:
    line = b"x-opentok-auth: " + value.encode()  # plain bytes, as http.client joins them
    raise OSError(f"failed writing {len(line)} bytes")


def _hands_over(value: str) -> None:
    kept = "nothing secret"
    _writes(value)
    del kept  # not reached: the error passes with both locals set


def _wraps(value: str) -> None:
    try:
        _hands_over(value)
    except OSError as exc:
        raise RuntimeError("wrapped") from exc


def _frames(error: BaseException) -> list[dict[str, object]]:
    return [dict(frame.f_locals) for frame, _ in traceback.walk_tb(error.__traceback__)]


def test_only_the_frame_holding_the_plain_secret_is_cleared() -> None:
    caught = "the catching frame"
    try:
        _hands_over(SECRET)
    except OSError as exc:
        forget_secrets(exc, HEADERS)
        first, middle, deep = _frames(exc)
    assert first["caught"] == caught  # the catching frame: left alone
    assert middle == {"value": SECRET, "kept": "nothing secret"}  # a Secret: redacted already
    assert deep == {}  # ``line`` held the token in plain bytes


def test_the_frames_of_chained_errors_are_cleared_too() -> None:
    try:
        _wraps(SECRET)
    except RuntimeError as exc:
        forget_secrets(exc, HEADERS)
        cause = exc.__cause__
    assert cause is not None and _frames(cause)[-1] == {}
    assert "c2lnbmF0dXJl" not in "".join(
        traceback.TracebackException.from_exception(cause, capture_locals=True).format()
    )


def test_without_a_secret_header_nothing_is_cleared() -> None:
    try:
        _hands_over(SECRET)
    except OSError as exc:
        forget_secrets(exc, (("accept", "application/json"),))
        deep = _frames(exc)[-1]
    assert "line" in deep
