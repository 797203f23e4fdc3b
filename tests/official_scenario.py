"""One scenario of the official ``opentok`` SDK, unmodified, for two targets: ``opentok
emulator`` over HTTP (every step; ``make test``) and the real service (the steps that need no
connected client and start nothing billable; ``tests/smoke``, opt in).

Each step calls the SDK through ``Calls``, which notes the method names (so a test can require
every public method of ``OpenTok``), and the raw HTTP answers are recorded by observing
``requests`` (its ``Session.send``), so two runs can be compared shape by shape: status, and
each JSON field's type. Nothing of the SDK is patched or replaced.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import requests
from opentok import OpenTok
from opentok.exceptions import OpenTokException

#: Step needs: simulated participants (the emulator's control API), or a job the real service
#: would bill or carry out (a render, captions, a SIP call, an Audio Connector socket).
PARTICIPANTS = "participants"
BILLABLE = "billable"

UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


@attrs.frozen
class Answer:
    """One HTTP answer the SDK got: its request method and path, status and JSON body."""

    method: str
    path: str
    status: int
    body: Any


class Calls:
    """The SDK, with each public method called through it noted by name."""

    def __init__(self, ot: OpenTok) -> None:
        self._ot = ot
        self.called: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._ot, name)
        if callable(value) and not name.startswith("_"):
            self.called.add(name)
        return value


@attrs.define
class Run:
    """A run of the scenario: the SDK, the participants helpers (None on the real service),
    values steps hand on (``state``) and the answers of each step."""

    ot: Calls
    #: (session_id, token) -> connection_id; and (session_id, connection_id, video_type) ->
    #: stream_id: the emulator's control API. None when there are no simulated participants.
    join: Callable[[str, str], str] | None = None
    publish: Callable[[str, str, str], str] | None = None
    #: A ws:// URL that accepts WebSocket connections (the Audio Connector step).
    websocket: str | None = None
    state: dict[str, Any] = attrs.Factory(dict)
    answers: dict[str, list[Answer]] = attrs.Factory(dict)
    errors: dict[str, str] = attrs.Factory(dict)


@attrs.frozen
class Step:
    name: str
    run: Callable[[Run], None]
    needs: frozenset[str] = frozenset()


@contextlib.contextmanager
def recording(into: list[Answer]) -> Iterator[None]:
    """Note every answer ``requests`` hands back while the block runs (observing only)."""
    original = requests.Session.send

    def send(self: requests.Session, request: Any, **kwargs: Any) -> requests.Response:
        response = original(self, request, **kwargs)
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = response.text
        path = requests.utils.urlparse(request.url).path
        into.append(Answer(request.method or "", path, response.status_code, body))
        return response

    requests.Session.send = send  # type: ignore[method-assign]
    try:
        yield
    finally:
        requests.Session.send = original  # type: ignore[method-assign]


def _refused(call: Callable[[], Any]) -> str:
    """Call what the service should refuse; the SDK's exception class name (or 'accepted')."""
    try:
        call()
    except OpenTokException as exc:
        return type(exc).__name__
    return "accepted"


# Steps that need no connected client (safe against the real service) -----------------------


def _sessions(r: Run) -> None:
    from opentok import ArchiveModes, MediaModes

    ot = r.ot
    r.state["routed"] = ot.create_session(media_mode=MediaModes.routed).session_id
    r.state["relayed"] = ot.create_session().session_id
    ot.create_session(media_mode=MediaModes.routed, archive_mode=ArchiveModes.always)
    ot.create_session(location="12.34.56.78")


def _tokens(r: Run) -> None:
    from opentok import Roles

    sid = r.state["routed"]
    r.state["moderator"] = r.ot.generate_token(sid, role=Roles.moderator, data="name=Ada")
    r.state["publisher"] = r.ot.generate_token(sid, data="name=Bo", use_jwt=False)


def _local_helpers(r: Run) -> None:
    # What the SDK does without a request: headers, its user agent, websocket option checks.
    ot = r.ot
    ot.append_to_user_agent(" opentok-py-scenario")  # (sent only in Vonage mode)
    assert ot.get_headers()["User-Agent"].startswith("OpenTok-Python-SDK/")
    assert ot.get_json_headers()["Content-Type"] == "application/json"
    assert ot.headers()["User-Agent"] == ot.get_headers()["User-Agent"]
    assert ot.json_headers()["Content-Type"] == "application/json"
    ot.validate_websocket_options({"uri": "wss://example.com/audio"})


def _empty_listings(r: Run) -> None:
    ot = r.ot
    r.state["listed_archives"] = ot.list_archives(session_id=r.state["routed"]).count
    ot.get_archives(count=5)
    ot.list_renders(count=5)


def _unknown_resources(r: Run) -> None:
    ot, sid = r.ot, r.state["routed"]
    r.state["refusals"] = {
        "get_archive": _refused(lambda: ot.get_archive(UNKNOWN_ID)),
        "stop_archive": _refused(lambda: ot.stop_archive(UNKNOWN_ID)),
        "delete_archive": _refused(lambda: ot.delete_archive(UNKNOWN_ID)),
        "get_broadcast": _refused(lambda: ot.get_broadcast(UNKNOWN_ID)),
        "get_render": _refused(lambda: ot.get_render(UNKNOWN_ID)),
        "force_disconnect": _refused(lambda: ot.force_disconnect(sid, UNKNOWN_ID)),
    }


def _nobody_joined(r: Run) -> None:
    # A session no client ever joined (spec/service-rules.toml: archive.never-joined).
    ot, sid = r.ot, r.state["routed"]
    r.state["never_joined"] = {
        "start_archive": _refused(lambda: ot.start_archive(sid)),
        "start_archive_relayed": _refused(lambda: ot.start_archive(r.state["relayed"])),
    }


# Steps with connected clients (the emulator's simulated participants) ----------------------


def _participants(r: Run) -> None:
    assert r.join is not None and r.publish is not None
    sid = r.state["routed"]
    ada = r.join(sid, r.state["moderator"])
    bo = r.join(sid, r.state["publisher"])
    r.state.update(
        ada=ada,
        bo=bo,
        cam=r.publish(sid, ada, "camera"),
        screen=r.publish(sid, bo, "screen"),
    )


def _signals(r: Run) -> None:
    sid = r.state["routed"]
    r.ot.send_signal(sid, {"type": "chat", "data": "hi all"})
    r.ot.signal(sid, {"type": "dm", "data": "hi Bo"}, r.state["bo"])


def _streams(r: Run) -> None:
    ot, sid = r.ot, r.state["routed"]
    assert ot.list_streams(sid).count == 2
    assert ot.get_stream(sid, r.state["screen"]).videoType == "screen"
    ot.set_stream_class_lists(sid, [{"id": r.state["cam"], "layoutClassList": ["full"]}])


def _archives(r: Run) -> None:
    from opentok import StreamModes

    ot, sid = r.ot, r.state["routed"]
    archive = ot.start_archive(sid, name="scenario", stream_mode=StreamModes.manual)
    ot.add_archive_stream(archive.id, r.state["cam"])
    ot.remove_archive_stream(archive.id, r.state["cam"])
    ot.set_archive_layout(archive.id, "bestFit", screenshare_type="pip")
    r.state["second_start"] = _refused(lambda: ot.start_archive(sid))
    assert ot.stop_archive(archive.id).status == "stopped"
    assert ot.get_archive(archive.id).status == "available"
    assert ot.list_archives(session_id=sid).count == 1
    ot.delete_archive(archive.id)


def _broadcasts(r: Run) -> None:
    from opentok import BroadcastStreamModes

    ot, sid = r.ot, r.state["routed"]
    broadcast = ot.start_broadcast(
        sid, {"outputs": {"hls": {}}, "maxDuration": 600}, BroadcastStreamModes.manual
    )
    ot.add_broadcast_stream(broadcast.id, r.state["cam"])
    ot.remove_broadcast_stream(broadcast.id, r.state["cam"])
    ot.set_broadcast_layout(broadcast.id, "verticalPresentation")
    assert ot.get_broadcast(broadcast.id).status == "started"
    assert ot.stop_broadcast(broadcast.id).status == "stopped"


def _moderation(r: Run) -> None:
    ot, sid = r.ot, r.state["routed"]
    ot.mute_stream(sid, r.state["cam"])
    ot.mute_all(sid, [r.state["screen"]])
    ot.disable_force_mute(sid)


def _sip(r: Run) -> None:
    ot, sid = r.ot, r.state["routed"]
    call = ot.dial(sid, ot.generate_token(sid), "sip:alice@example.com", {"from": "bot@x.y"})
    ot.play_dtmf(sid, call.connectionId, "1p2#")
    r.state["sip"] = call.connectionId


def _renders(r: Run) -> None:
    ot, sid = r.ot, r.state["routed"]
    render = ot.start_render(
        sid, ot.generate_token(sid), "https://example.com/composer", max_duration=600
    )
    assert ot.get_render(render.id).id == render.id
    # The service answers 204, which this SDK does not take for success
    # (spec/service.md#py-stop-statuses): the stop happens, the SDK raises.
    r.state["stop_render"] = _refused(lambda: ot.stop_render(render.id))


def _captions(r: Run) -> None:
    from opentok import Roles

    ot, sid = r.ot, r.state["routed"]
    started = ot.start_captions(sid, ot.generate_token(sid, role=Roles.moderator))
    ot.stop_captions(started.captions_id)


def _audio_connector(r: Run) -> None:
    ot, sid = r.ot, r.state["routed"]
    uri = r.websocket or "wss://example.com/audio"
    connection = ot.connect_audio_to_websocket(sid, ot.generate_token(sid), {"uri": uri})
    r.state["audio"] = connection.connectionId


def _leave(r: Run) -> None:
    ot, sid = r.ot, r.state["routed"]
    ot.force_disconnect(sid, r.state["bo"])
    r.state["disconnect_twice"] = _refused(lambda: ot.force_disconnect(sid, r.state["bo"]))


SCENARIO: tuple[Step, ...] = (
    Step("sessions", _sessions),
    Step("tokens", _tokens),
    Step("local helpers", _local_helpers),
    Step("empty listings", _empty_listings),
    Step("unknown resources", _unknown_resources),
    Step("nobody joined", _nobody_joined),
    Step("participants", _participants, frozenset({PARTICIPANTS})),
    Step("signals", _signals, frozenset({PARTICIPANTS})),
    Step("streams", _streams, frozenset({PARTICIPANTS})),
    Step("archives", _archives, frozenset({PARTICIPANTS})),
    Step("broadcasts", _broadcasts, frozenset({PARTICIPANTS})),
    Step("moderation", _moderation, frozenset({PARTICIPANTS})),
    Step("sip", _sip, frozenset({PARTICIPANTS, BILLABLE})),
    Step("renders", _renders, frozenset({PARTICIPANTS, BILLABLE})),
    Step("captions", _captions, frozenset({PARTICIPANTS, BILLABLE})),
    Step("audio connector", _audio_connector, frozenset({PARTICIPANTS, BILLABLE})),
    Step("leave", _leave, frozenset({PARTICIPANTS})),
)


def run(r: Run, *, skip: frozenset[str] = frozenset()) -> Run:
    """Run every step whose needs avoid ``skip``, recording each step's answers."""
    for step in SCENARIO:
        if step.needs & skip:
            continue
        answers: list[Answer] = []
        with recording(answers):
            step.run(r)
        r.answers[step.name] = answers
    return r


# Shapes ----------------------------------------------------------------------------------


def shape(value: Any) -> Any:
    """The shape of a JSON value: objects by key, lists by their items' shapes, scalars by
    type (``int`` and ``float`` are both ``number``)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        shapes = []
        for item in value:
            s = shape(item)
            if s not in shapes:
                shapes.append(s)
        return shapes
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "string"


def differences(real: Any, emulated: Any, where: str = "") -> list[str]:
    """Field by field, where the emulator's answer shape departs from the real one's: a field
    the service sends and the emulator lacks, or sends with another type. (Extra emulator
    fields and nulls on either side are not differences: the service omits and nulls
    optional fields by state.)"""
    if real == emulated or "null" in (real, emulated):
        return []
    if isinstance(real, dict) and isinstance(emulated, dict):
        found = []
        for key, value in real.items():
            if key not in emulated:
                found.append(f"{where}.{key}: missing from the emulator's answer")
            else:
                found += differences(value, emulated[key], f"{where}.{key}")
        return found
    if isinstance(real, list) and isinstance(emulated, list):
        if not real or not emulated:
            return []
        return differences(real[0], emulated[0], f"{where}[]")
    return [
        f"{where or '.'}: the service sends {json.dumps(real)}, the emulator {json.dumps(emulated)}"
    ]


def compare(real: Run, emulated: Run) -> list[str]:
    """Every difference of status and shape between two runs, step by step, answer by answer."""
    found: list[str] = []
    for name, answers in real.answers.items():
        theirs = emulated.answers.get(name, [])
        if len(theirs) != len(answers):
            found.append(f"{name}: {len(answers)} answers from the service, {len(theirs)} here")
            continue
        for i, (a, b) in enumerate(zip(answers, theirs, strict=True)):
            label = f"{name} #{i + 1} {a.method} {a.path}"
            if a.status != b.status:
                found.append(f"{label}: status {a.status} from the service, {b.status} here")
            found += [f"{label} {d}" for d in differences(shape(a.body), shape(b.body))]
    return found
