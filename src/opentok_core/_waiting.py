"""Waiters: poll a resource until it reaches a status, as a generator the clients drive (the
``run`` idea one level up). Pure: the monotonic clock and the jitter are handed in.

``wait_flow`` yields ``Poll`` (call this operation, at most ``left`` seconds) and ``Sleep``
(wait this long) and is sent back each poll's result. Each poll is an ordinary call with the
client's retry policy and timeouts (cut to the time the wait has left). Between polls the
wait grows by ``factor`` up to ``max_interval`` and is jittered into ``[1/2, 1]`` of that, so
many waiters started together spread out; the last sleep ends at the deadline, where one
last poll is made before ``WaitTimeout``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Generator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from ._errors import ValidationError, WaitFailed, WaitTimeout
from ._flow import Sleep
from ._operation import Operation

if TYPE_CHECKING:
    from .models.archives import Archive
    from .models.broadcasts import Broadcast
    from .models.renders import Render

__all__ = ["Poll", "WaitSpec", "archive_wait", "broadcast_wait", "render_wait", "wait_flow"]

T = TypeVar("T")

#: Defaults: a first wait of 2 s growing 1.5x to 30 s, for at most 15 minutes (an archive
#: takes minutes to process after it stops: spec/service.md#archive-status).
INTERVAL = 2.0
MAX_INTERVAL = 30.0
FACTOR = 1.5
TIMEOUT = 900.0


@attrs.frozen
class Poll:
    """Call ``operation`` (with at most ``left`` seconds of timeouts); send back its result."""

    operation: Operation[Any]
    left: float


@attrs.frozen
class WaitSpec(Generic[T]):
    """What one waiter polls and what it waits for: ``state(result)`` in ``done`` ends the
    wait, in ``failed`` raises WaitFailed (``why`` words it)."""

    what: str
    operation: Operation[T]
    state: Callable[[T], str]
    done: frozenset[str]
    failed: frozenset[str]
    why: Callable[[str], str] = attrs.field(default=lambda state: f"it is {state}")


def _status(value: object) -> str:
    return str(getattr(value, "value", value))


def _targets(until: object, known: Collection[str], field: str = "until") -> frozenset[str]:
    items: Any = [until] if isinstance(until, str) or hasattr(until, "value") else until
    try:
        wanted = frozenset(_status(item) for item in items)
    except TypeError:
        raise ValidationError(field, "must be a status or a collection of statuses") from None
    unknown = sorted(wanted - set(known))
    if not wanted or unknown:
        raise ValidationError(field, f"must be among {', '.join(sorted(known))}")
    return wanted


def _positive(field: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValidationError(field, "must be a positive number of seconds")
    return float(value)


ARCHIVE_FAILURES = frozenset({"failed", "expired", "deleted"})
_ARCHIVE_WHY = {
    "failed": "it failed",
    "expired": "it expired (archives are kept 72 hours)",
    "deleted": "it was deleted",
    "uploaded": "it was uploaded to your own storage (S3 or Azure) instead",
    "available": "it is already available",
}


def archive_wait(
    archive_id: str, until: object = ("available", "uploaded")
) -> WaitSpec[Archive[Any]]:
    """Wait for an archive: by default until it is available (or uploaded to your storage:
    then it never becomes available). Failed, expired and deleted end the wait with
    WaitFailed, as does a final status that is not waited for (uploaded, when waiting for
    available)."""
    from .operations.archives import GetArchive

    statuses = ("started", "paused", "stopped", "uploaded", "available", *ARCHIVE_FAILURES)
    done = _targets(until, statuses)
    files = {"uploaded", "available"}
    final = ARCHIVE_FAILURES | (files - done if done & files else set())
    return WaitSpec(
        what=f"archive {archive_id}",
        operation=GetArchive(archive_id=archive_id),
        state=lambda archive: _status(archive.status),
        done=done,
        failed=frozenset(final - done),
        why=lambda state: _ARCHIVE_WHY.get(state, f"it is {state}"),
    )


def _broadcast_state(broadcast: Any) -> str:
    """``live`` once its HLS stream or any RTMP stream is live, else its status."""
    urls = broadcast.broadcast_urls
    if urls is not None:
        if _status(urls.hls_status) == "live":
            return "live"
        if any(_status(rtmp.status) == "live" for rtmp in urls.rtmp or ()):
            return "live"
        if _status(urls.hls_status) == "error" and _status(broadcast.status) == "started":
            return "error"
    return _status(broadcast.status)


def broadcast_wait(broadcast_id: str, until: object = "started") -> WaitSpec[Broadcast[Any]]:
    """Wait for a broadcast to be ``started`` (default) or ``live`` (its HLS stream, or an RTMP
    one, is live). Stopped before that, or an HLS error, ends the wait with WaitFailed."""
    from .operations.broadcasts import GetBroadcast

    done = _targets(until, ("started", "live"))
    return WaitSpec(
        what=f"broadcast {broadcast_id}",
        operation=GetBroadcast(broadcast_id=broadcast_id),
        state=_broadcast_state if "live" in done else (lambda b: _status(b.status)),
        done=done | ({"live"} if "started" in done else set()),
        failed=frozenset({"stopped", "error"}),
        why=lambda state: "its HLS stream failed" if state == "error" else f"it is {state}",
    )


def render_wait(render_id: str, until: object = "started") -> WaitSpec[Render[Any]]:
    """Wait for an Experience Composer render to be ``started`` (default) or ``stopped``;
    failed (and stopped, while waiting for started) ends the wait with WaitFailed."""
    from .operations.renders import GetRender

    done = _targets(until, ("starting", "started", "stopped", "failed"))
    return WaitSpec(
        what=f"render {render_id}",
        operation=GetRender(render_id=render_id),
        state=lambda render: _status(render.status),
        done=done,
        failed=frozenset({"failed", "stopped"} - done),
    )


def wait_flow(
    spec: WaitSpec[T],
    *,
    monotonic: Callable[[], float],
    jitter: Callable[[], float],
    timeout: float = TIMEOUT,
    interval: float = INTERVAL,
    max_interval: float = MAX_INTERVAL,
) -> Generator[Poll | Sleep, Any, T]:
    """Poll ``spec.operation`` until its state is done (return the result), failed
    (WaitFailed) or ``timeout`` seconds have passed (WaitTimeout with the last result)."""
    timeout = _positive("timeout", timeout)
    interval = _positive("interval", interval)
    max_interval = max(interval, _positive("max_interval", max_interval))
    started = monotonic()
    polls = 0
    while True:
        left = timeout - (monotonic() - started)
        last: T = yield Poll(spec.operation, max(left, 0.001))
        state = spec.state(last)
        if state in spec.done:
            return last
        if state in spec.failed:
            raise WaitFailed(
                f"{spec.what}: will not become {' or '.join(sorted(spec.done))}: {spec.why(state)}",
                resource=last,
                state=state,
            )
        waited = monotonic() - started
        if waited >= timeout:
            raise WaitTimeout(
                f"{spec.what}: still {state} after {waited:.0f} s "
                f"(waited for {' or '.join(sorted(spec.done))})",
                last=last,
                state=state,
                waited=waited,
            )
        pause = min(max_interval, interval * FACTOR**polls) * (0.5 + 0.5 * jitter())
        polls += 1
        yield Sleep(min(pause, timeout - waited))
