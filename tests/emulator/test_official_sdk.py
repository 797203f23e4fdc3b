"""The official ``opentok`` 3.15 SDK, pointed at the HTTP emulator with ``api_url``, runs a
scenario covering sessions, tokens, archives, broadcasts, signals, streams and moderation.

A third-party client that was written against the real service and cannot tell the two
apart is the strongest evidence of the emulator's fidelity (wire formats, status codes, the
exact create-session content type, error bodies)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

opentok = pytest.importorskip("opentok")  # a dev extra (pyproject): always there in make test

from opentok import ArchiveModes, MediaModes, OpenTok, Roles  # noqa: E402
from opentok.exceptions import (  # noqa: E402
    ArchiveError,
    AuthError,
    NotFoundError,
    OpenTokException,
    RequestError,
)

from opentok_core import AuthenticationError  # noqa: E402
from opentok_emulator import new_emulator  # noqa: E402
from opentok_emulator.control import (  # noqa: E402
    ConnectClient,
    GetConnection,
    GetSessionState,
    PublishStream,
)
from opentok_emulator.server import EmulatorServer  # noqa: E402
from opentok_sync import Client  # noqa: E402
from tests.conftest import API_KEY, API_SECRET  # noqa: E402

# The official SDK uses pytz/datetime APIs that newer Pythons deprecate; not our warnings.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(new_emulator(api_key=API_KEY, api_secret=API_SECRET)) as running:
        yield running


@pytest.fixture
def ours(server: EmulatorServer) -> Iterator[Client]:
    with Client(API_KEY, API_SECRET, api_url=server.url) as client:
        yield client


def test_official_sdk_scenario(server: EmulatorServer, ours: Client) -> None:
    ot = OpenTok(API_KEY, API_SECRET, api_url=server.url)

    # Sessions and tokens (JWT and legacy T1), connected through the control API.
    session = ot.create_session(media_mode=MediaModes.routed, archive_mode=ArchiveModes.manual)
    sid = session.session_id
    jwt_token = ot.generate_token(sid, role=Roles.moderator, data="name=Ada")
    t1_token = ot.generate_token(
        sid,
        role=Roles.publisher,
        data="name=Bo",
        initial_layout_class_list=["focus"],
        use_jwt=False,
    )
    ada = ours.send(ConnectClient(session_id=sid, token=jwt_token))
    bo = ours.send(ConnectClient(session_id=sid, token=t1_token))
    assert (ada.role, ada.data, ada.token_format) == ("moderator", "name=Ada", "jwt")
    assert (bo.role, bo.layout_class_list, bo.token_format) == ("publisher", ("focus",), "t1")
    cam = ours.send(
        PublishStream(session_id=sid, connection_id=ada.connection_id, stream_name="cam")
    )
    screen = ours.send(
        PublishStream(session_id=sid, connection_id=bo.connection_id, video_type="screen")
    )

    # Signals.
    ot.send_signal(sid, {"type": "chat", "data": "hi all"})
    ot.send_signal(sid, {"type": "dm", "data": "hi Bo"}, bo.connection_id)
    got = ours.send(GetConnection(session_id=sid, connection_id=bo.connection_id))
    assert [(s.type, s.data) for s in got.signals] == [("chat", "hi all"), ("dm", "hi Bo")]

    # Streams and layout classes.
    listed = ot.list_streams(sid)
    assert {s.id for s in listed.items} == {cam.stream_id, screen.stream_id}
    stream = ot.get_stream(sid, screen.stream_id)
    assert (stream.videoType, stream.layoutClassList) == ("screen", ["focus"])
    ot.set_stream_class_lists(sid, [{"id": cam.stream_id, "layoutClassList": ["full"]}])
    assert ot.get_stream(sid, cam.stream_id).layoutClassList == ["full"]

    # Archives: the whole lifecycle and the official SDK's error mapping of our answers.
    archive = ot.start_archive(sid, name="official")
    assert archive.status == "started" and archive.session_id == sid
    assert archive.created_at is not None and archive.partner_id
    with pytest.raises(ArchiveError):  # 409: already being recorded
        ot.start_archive(sid)
    stopped = ot.stop_archive(archive.id)
    assert stopped.status == "stopped"
    with pytest.raises(ArchiveError):  # 409: stop twice
        ot.stop_archive(archive.id)
    fetched = ot.get_archive(archive.id)
    assert fetched.status == "available" and fetched.url
    archives = ot.list_archives(session_id=sid)
    assert archives.count == 1 and archives.items[0].id == archive.id
    ot.delete_archive(archive.id)
    assert ot.get_archive(archive.id).status == "deleted"
    with pytest.raises(NotFoundError):
        ot.get_archive("00000000-0000-0000-0000-000000000000")

    # Broadcasts.
    broadcast = ot.start_broadcast(sid, {"outputs": {"hls": {}}, "maxDuration": 600})
    assert broadcast.status == "started" and broadcast.broadcastUrls["hls"].endswith(".m3u8")
    assert ot.get_broadcast(broadcast.id).broadcastUrls["hlsStatus"] == "live"
    assert ot.stop_broadcast(broadcast.id).status == "stopped"

    # Moderation: mute one, mute all (the official SDK's `excludedStreams` key is not the
    # documented `excludedStreamIds`, so nothing is excluded: spec/service.md#py-mute-all-key),
    # disconnect.
    ot.mute_stream(sid, cam.stream_id)
    ot.mute_all(sid, [screen.stream_id])
    ot.disable_force_mute(sid)
    ot.force_disconnect(sid, bo.connection_id)
    state = ours.send(GetSessionState(session_id=sid))
    assert all(s.audio_muted for s in state.streams)
    assert state.force_mute is False
    assert state.connection(bo.connection_id).disconnect_reason == "forceDisconnected"
    with pytest.raises(OpenTokException):  # 404: no longer connected
        ot.force_disconnect(sid, bo.connection_id)

    # SIP and DTMF.
    call = ot.dial(sid, ot.generate_token(sid), "sip:alice@example.com", {"from": "bot@x.y"})
    assert call.connectionId and call.streamId
    ot.play_dtmf(sid, call.connectionId, "1p2#")
    assert ours.send(GetConnection(session_id=sid, connection_id=call.connectionId)).dtmf == (
        "1p2#",
    )


def test_official_sdk_relayed_session_and_bad_credentials(
    server: EmulatorServer, ours: Client
) -> None:
    ot = OpenTok(API_KEY, API_SECRET, api_url=server.url)
    relayed = ot.create_session().session_id
    ours.send(ConnectClient(session_id=relayed, token=ot.generate_token(relayed)))
    with pytest.raises(ArchiveError):  # 409: archiving needs a routed session
        ot.start_archive(relayed)
    wrong = OpenTok(API_KEY, "a-wrong-secret-for-this-project-0123456789", api_url=server.url)
    # The SDK raises AuthError on the 403 and then re-wraps it in a RequestError (its bug).
    with pytest.raises(RequestError, match="invalid credentials"):
        wrong.create_session()
    with pytest.raises(AuthError):
        wrong.get_archive("00000000-0000-0000-0000-000000000000")
    # A token minted with the wrong secret is refused at connect.
    with pytest.raises(AuthenticationError):
        ours.send(ConnectClient(session_id=relayed, token=wrong.generate_token(relayed)))
