"""Secrets out of the locals an error reporter captures from a failed exchange's traceback.

The auth header value a transport sends is a ``Secret`` (its repr redacted), but the HTTP
library below turns it into plain text as it writes the request: http.client joins the header
lines into one ``msg`` and connects only then, when a pool you passed in did not connect first;
h11 copies the values into its own. An error raised there leaves that text in a local of a
finished frame of the traceback, where ``capture_locals=True`` and Sentry-style reporters read
it. ``forget_secrets`` clears the locals of exactly those frames.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from types import FrameType

from ._credentials import Secret, SecretBytes
from ._http import Headers

__all__ = ["forget_secrets"]

_DEFAULT_REPR = object.__repr__


def forget_secrets(error: BaseException, headers: Headers) -> None:
    """Clear the locals of every finished frame in ``error``'s traceback (and those of the
    exceptions it chains to) that show a ``Secret`` value of ``headers`` in plain text.

    A transport calls it when the library it handed ``headers`` to fails, before raising its
    own error. Each traceback's first frame is the one that caught the error, possibly still
    running (the transport's own): it is left alone. Costs nothing when no error happens.
    """
    needles = [_needle(value) for _, value in headers if isinstance(value, Secret)]
    if not needles:
        return
    raw = [needle.encode("latin-1", "replace") for needle in needles]
    for exc in _chained(error):
        tb = exc.__traceback__
        tb = None if tb is None else tb.tb_next
        while tb is not None:
            if _shows(tb.tb_frame, needles, raw):
                with contextlib.suppress(RuntimeError):  # still running: not ours to clear
                    tb.tb_frame.clear()
            tb = tb.tb_next


def _needle(value: str) -> str:
    """What gives ``value`` away: a JWT's signature (the part that makes it usable)."""
    return value.rsplit(".", 1)[-1] if "." in value else value[:]


def _chained(error: BaseException) -> Iterable[BaseException]:
    """``error`` and every exception it chains to: causes, contexts, group members."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        exc = todo.pop()
        if id(exc) in seen:
            continue
        seen.add(id(exc))
        yield exc
        todo += [e for e in (exc.__cause__, exc.__context__) if e is not None]
        todo += list(getattr(exc, "exceptions", ()))


def _shows(frame: FrameType, needles: list[str], raw: list[bytes]) -> bool:
    """Whether a local of ``frame``, as a reporter shows it (its repr), holds a needle."""
    for value in frame.f_locals.values():
        if isinstance(value, (Secret, SecretBytes)):
            continue  # redacted in repr
        if isinstance(value, str):
            found = any(needle in value for needle in needles)
        elif isinstance(value, (bytes, bytearray)):
            found = any(needle in value for needle in raw)
        elif getattr(type(value), "__repr__", None) is _DEFAULT_REPR:
            continue  # a type and an address: nothing of its contents
        else:
            try:
                shown = repr(value)
            except Exception:
                continue  # a reporter shows no contents either
            found = any(needle in shown for needle in needles)
        if found:
            return True
    return False
