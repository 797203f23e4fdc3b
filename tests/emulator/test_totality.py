"""Whatever a client sends, the emulator answers with a status and, for errors, the service's
error body: it never raises (hypothesis over routes, ids and JSON bodies)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opentok_core import Request
from opentok_emulator._routes import CONTROL_ROUTES, ROUTES
from tests.emulator.helpers import BASE, Api

STATUSES: list[int] = []
KEYS = [
    "sessionId",
    "token",
    "name",
    "hasAudio",
    "hasVideo",
    "outputMode",
    "resolution",
    "layout",
    "streamMode",
    "multiArchiveTag",
    "multiBroadcastTag",
    "maxBitrate",
    "outputs",
    "hls",
    "rtmp",
    "type",
    "data",
    "active",
    "excludedStreamIds",
    "items",
    "id",
    "layoutClassList",
    "digits",
    "sip",
    "uri",
    "url",
    "websocket",
    "properties",
    "languageCode",
    "maxDuration",
    "addStream",
    "removeStream",
    "stylesheet",
    "screenshareType",
    "status",
    "count",
    "delay",
    "drop",
    "operation",
    "retryAfter",
    "videoType",
    "apiKey",
    "apiSecret",
    "group",
    "event",
]
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["routed", "manual", "1280x720", "sip:a@b", "x" * 300]),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    ),
    max_leaves=12,
)
bodies = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), values, max_size=8).map(
        lambda d: json.dumps(d).encode()
    ),
    st.binary(max_size=40),
    st.just(b""),
)


@st.composite
def requests(draw: st.DrawFn) -> tuple[str, str, bytes, bool]:
    route = draw(st.sampled_from(ROUTES + CONTROL_ROUTES))
    ids = st.one_of(st.sampled_from(["S", "C", "X"]), st.text(min_size=1, max_size=12))
    parts = [draw(ids) if seg.startswith("{") else seg for seg in route.segments]
    method = draw(st.one_of(st.just(route.method), st.sampled_from(["GET", "POST", "DELETE"])))
    return method, "/" + "/".join(parts), draw(bodies), route in CONTROL_ROUTES


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(requests(), min_size=1, max_size=6))
def test_the_emulator_always_answers(calls: list[tuple[str, str, bytes, bool]]) -> None:
    api = Api()
    sid = api.session()
    cid = api.connect(sid, role="moderator")
    api.publish(sid, cid)
    for method, path, body, control in calls:
        path = path.replace("/S/", f"/{sid}/").replace("/C", f"/{cid}")
        if control:
            url = BASE + "/_emulator" + path
            headers: list[tuple[str, str]] = []
        else:
            url = BASE + (path if path == "/session/create" else "/v2/project/123456" + path)
            headers = [api.credentials.auth_header(api.now, "j")]
        from urllib.parse import quote

        url = quote(url, safe=":/%")
        reply = api.emulator.handle(Request(method, url, headers, body))
        response = reply.response
        STATUSES.append(response.status)
        assert 200 <= response.status <= 599
        if response.status >= 400 and response.body:
            error: Any = json.loads(response.body)
            assert set(error) == {"code", "message", "description"}
