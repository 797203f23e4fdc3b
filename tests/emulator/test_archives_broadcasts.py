"""Archive and broadcast state machines, with the service's answers to wrong transitions."""

from __future__ import annotations

import pytest

from tests.emulator.helpers import Api, error_of


@pytest.fixture
def api() -> Api:
    return Api()


def _live(api: Api, mode: str = "routed") -> tuple[str, str, str]:
    sid = api.session(mode)
    cid = api.connect(sid, role="moderator")
    stream = api.publish(sid, cid, name="cam")
    return sid, cid, stream


def test_archive_lifecycle_started_stopped_available_deleted(api: Api) -> None:
    sid, _, _ = _live(api)
    archive = api.ok("POST", "/archive", {"sessionId": sid, "name": "a1"})
    assert archive["status"] == "started" and archive["sessionId"] == sid
    assert archive["outputMode"] == "composed" and archive["resolution"] == "640x480"
    assert archive["createdAt"] == int(api.now * 1000) and archive["projectId"] == 123456
    aid = archive["id"]
    api.now += 42
    stopped = api.ok("POST", f"/archive/{aid}/stop")
    assert stopped["status"] == "stopped" and stopped["duration"] == 42
    assert stopped["url"] is None
    available = api.ok("GET", f"/archive/{aid}")
    # A presigned storage URL: the path names the file, the query signs it.
    assert available["status"] == "available"
    assert available["url"].split("?")[0].endswith(".mp4")
    assert available["size"] > 0
    assert api.call("DELETE", f"/archive/{aid}").status == 204
    assert api.ok("GET", f"/archive/{aid}")["status"] == "deleted"


def test_wrong_archive_transitions_get_the_real_answers(api: Api) -> None:
    sid, cid, _ = _live(api)
    relayed = api.session("relayed")
    api.connect(relayed)
    assert error_of(api.call("POST", "/archive", {"sessionId": relayed}))[0] == 409
    never_joined = api.session()
    assert api.call("POST", "/archive", {"sessionId": never_joined}).status == 404
    everyone_left = api.session()
    left = api.connect(everyone_left)
    api.ctl("DELETE", f"/sessions/{everyone_left}/connections/{left}", None, 204)
    assert api.call("POST", "/archive", {"sessionId": everyone_left}).status == 400
    assert api.call("POST", "/archive", {"sessionId": "garbage"}).status == 400
    unknown = api.session().replace("1_", "1_")  # a real-layout id of this project...
    api.emulator.reset()  # ...that the emulator no longer knows
    assert api.call("POST", "/archive", {"sessionId": unknown}).status == 404
    sid, cid, _ = _live(api)
    aid = api.ok("POST", "/archive", {"sessionId": sid})["id"]
    assert "already" in error_of(api.call("POST", "/archive", {"sessionId": sid}))[1]
    assert api.call("DELETE", f"/archive/{aid}").status == 409  # still recording
    tagged = {"sessionId": sid, "multiArchiveTag": "second"}
    assert api.call("POST", "/archive", tagged).status == 200
    assert api.call("POST", "/archive", tagged).status == 409  # same tag again
    api.ok("POST", f"/archive/{aid}/stop")
    assert error_of(api.call("POST", f"/archive/{aid}/stop"))[0] == 409  # stop twice
    assert api.call("POST", "/archive/no-such-archive/stop").status == 404
    assert api.call("GET", "/archive/no-such-archive").status == 404
    assert api.call("DELETE", "/archive/no-such-archive").status == 404


@pytest.mark.parametrize(
    "extra",
    [
        {"outputMode": "individual", "resolution": "1280x720"},
        {"resolution": "3x3"},
        {"hasAudio": False, "hasVideo": False},
        {"layout": {"type": "custom"}},
        {"layout": {"type": "pip", "stylesheet": "x"}},
        {"layout": {"type": "pip", "screenshareType": "pip"}},
        {"maxBitrate": 5},
        {"streamMode": "sometimes"},
        {"outputMode": "individual", "quantizationParameter": 20},
    ],
)
def test_invalid_archive_options_are_400(api: Api, extra: dict[str, object]) -> None:
    sid, _, _ = _live(api)
    assert api.call("POST", "/archive", {"sessionId": sid, **extra}).status == 400


def test_list_archives_pages_newest_first_and_filters_by_session(api: Api) -> None:
    sid, _, _ = _live(api)
    other, _, _ = _live(api)
    ids = []
    for n in range(3):
        api.now += 1
        ids.append(api.ok("POST", "/archive", {"sessionId": sid, "multiArchiveTag": f"t{n}"})["id"])
    api.ok("POST", "/archive", {"sessionId": other})
    page = api.ok("GET", f"/archive?sessionId={sid}&offset=1&count=1")
    assert page["count"] == 3 and [a["id"] for a in page["items"]] == [ids[1]]
    assert api.ok("GET", "/archive")["count"] == 4
    assert api.call("GET", "/archive?count=1001").status == 400
    assert api.call("GET", "/archive?offset=x").status == 400


def test_layout_and_manual_stream_selection(api: Api) -> None:
    sid, cid, stream = _live(api)
    auto = api.ok("POST", "/archive", {"sessionId": sid})
    patch = {"addStream": stream}
    assert api.call("PATCH", f"/archive/{auto['id']}/streams", patch).status == 405
    layout = {"type": "bestFit", "screenshareType": "pip"}
    assert api.ok("PUT", f"/archive/{auto['id']}/layout", layout)["id"] == auto["id"]
    assert api.call("PUT", f"/archive/{auto['id']}/layout", {"type": "nope"}).status == 400
    manual = api.ok(
        "POST", "/archive", {"sessionId": sid, "streamMode": "manual", "multiArchiveTag": "m"}
    )
    path = f"/archive/{manual['id']}/streams"
    assert api.call("PATCH", path, {"addStream": stream, "hasVideo": False}).status == 204
    assert api.ok("GET", f"/archive/{manual['id']}")["streams"] == [
        {"streamId": stream, "hasAudio": True, "hasVideo": False}
    ]
    assert api.call("PATCH", path, {"addStream": "ghost"}).status == 404
    assert api.call("PATCH", path, {"addStream": stream, "removeStream": stream}).status == 400
    assert api.call("PATCH", path, {"removeStream": stream}).status == 204
    assert api.call("PATCH", path, {"removeStream": stream}).status == 404
    assert api.ok("GET", f"/archive/{manual['id']}")["streams"] == []


def test_archive_pauses_when_everyone_leaves_and_stops_a_minute_later(api: Api) -> None:
    sid, cid, _ = _live(api)
    aid = api.ok("POST", "/archive", {"sessionId": sid})["id"]
    api.ctl("DELETE", f"/sessions/{sid}/connections/{cid}", status=204)
    assert api.ok("GET", f"/archive/{aid}")["status"] == "paused"
    api.now += 61
    assert api.ok("GET", f"/archive/{aid}")["status"] == "available"


def test_always_archived_session_records_from_the_first_connection(api: Api) -> None:
    sid = api.session(archiveMode="always", archiveName="auto", archiveResolution="1280x720")
    assert api.ok("GET", "/archive")["count"] == 0
    api.connect(sid)
    (archive,) = api.ok("GET", "/archive")["items"]
    assert archive["status"] == "started" and archive["name"] == "auto"
    assert archive["resolution"] == "1280x720"


def test_archive_processing_delay_follows_the_injected_clock() -> None:
    api = Api(archive_processing=30)
    sid, _, _ = _live(api)
    aid = api.ok("POST", "/archive", {"sessionId": sid})["id"]
    api.ok("POST", f"/archive/{aid}/stop")
    api.now += 29
    assert api.ok("GET", f"/archive/{aid}")["status"] == "stopped"
    assert api.call("DELETE", f"/archive/{aid}").status == 409
    api.now += 1
    assert api.ok("GET", f"/archive/{aid}")["status"] == "available"


HLS = {"outputs": {"hls": {}}}


def test_broadcast_lifecycle_and_rules(api: Api) -> None:
    sid, _, stream = _live(api)
    relayed = api.session("relayed")
    assert error_of(api.call("POST", "/broadcast", {"sessionId": relayed, **HLS}))[0] == 409
    started = api.ok("POST", "/broadcast", {"sessionId": sid, **HLS, "maxDuration": 600})
    assert started["status"] == "started" and started["broadcastUrls"]["hls"].endswith(".m3u8")
    assert started["settings"]["hls"] == {"lowLatency": False, "dvr": False}
    bid = started["id"]
    assert api.ok("GET", f"/broadcast/{bid}")["broadcastUrls"]["hlsStatus"] == "live"
    assert api.call("POST", "/broadcast", {"sessionId": sid, **HLS}).status == 409
    tagged = {"sessionId": sid, **HLS, "multiBroadcastTag": "b2"}
    assert api.call("POST", "/broadcast", tagged).status == 200
    assert api.call("POST", "/broadcast", tagged).status == 409
    assert api.call("PATCH", f"/broadcast/{bid}/streams", {"addStream": stream}).status == 405
    assert api.ok("PUT", f"/broadcast/{bid}/layout", {"type": "pip"})["id"] == bid
    listed = api.ok("GET", f"/broadcast?sessionId={sid}")
    assert listed["count"] == 2
    stopped = api.ok("POST", f"/broadcast/{bid}/stop")
    assert stopped["status"] == "stopped" and stopped["broadcastUrls"]["hlsStatus"] == "ended"
    assert api.call("POST", f"/broadcast/{bid}/stop").status == 409
    assert api.call("GET", "/broadcast/none").status == 404


@pytest.mark.parametrize(
    "outputs",
    [
        {},
        {"hls": {"dvr": True, "lowLatency": True}},
        {"rtmp": [{"serverUrl": "rtmp://x", "streamName": f"s{n}"} for n in range(6)]},
        {"rtmp": [{"serverUrl": "rtmp://x"}]},
    ],
)
def test_invalid_broadcast_outputs_are_400(api: Api, outputs: dict[str, object]) -> None:
    sid, _, _ = _live(api)
    assert api.call("POST", "/broadcast", {"sessionId": sid, "outputs": outputs}).status == 400


def test_rtmp_outputs_echo_ids_and_go_live(api: Api) -> None:
    sid, _, stream = _live(api)
    rtmp = [{"id": "main", "serverUrl": "rtmp://a/live", "streamName": "k"}]
    body = {"sessionId": sid, "outputs": {"rtmp": rtmp}, "streamMode": "manual"}
    bid = api.ok("POST", "/broadcast", body)["id"]
    got = api.ok("GET", f"/broadcast/{bid}")
    assert got["broadcastUrls"]["rtmp"] == [{**rtmp[0], "status": "live"}]
    assert api.call("PATCH", f"/broadcast/{bid}/streams", {"addStream": stream}).status == 204


def test_time_limits_on_the_injected_clock(api: Api) -> None:
    sid, _, _ = _live(api)
    aid = api.ok("POST", "/archive", {"sessionId": sid})["id"]
    api.ok("POST", f"/archive/{aid}/stop")
    bid = api.ok("POST", "/broadcast", {"sessionId": sid, **HLS, "maxDuration": 60})["id"]
    token = api.token(sid, role="moderator")
    render = api.ok(
        "POST",
        "/render",
        {"sessionId": sid, "token": token, "url": "https://example.com/r", "maxDuration": 120},
        status=202,
    )
    captions = api.ok(
        "POST", "/captions", {"sessionId": sid, "token": token, "maxDuration": 300}, status=202
    )
    api.now += 60
    assert api.ok("GET", f"/broadcast/{bid}")["status"] == "stopped"  # maxDuration
    assert api.ok("GET", f"/render/{render['id']}")["status"] == "started"
    api.now += 60
    ended = api.ok("GET", f"/render/{render['id']}")
    assert ended["status"] == "stopped" and ended["reason"] == "Max Duration Exceeded"
    api.now += 180
    assert api.call("POST", f"/captions/{captions['captionsId']}/stop").status == 404
    assert api.ok("GET", f"/archive/{aid}")["status"] == "available"
    api.now += 72 * 3600  # the cloud keeps a download for 72 hours
    expired = api.ok("GET", f"/archive/{aid}")
    assert expired["status"] == "expired" and expired["url"] is None
