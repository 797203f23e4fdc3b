"""``make demo`` / ``opentok demo``: a walkthrough of the API against the emulator over real
HTTP on loopback, with no credentials and no network.

It starts an emulator (unless ``api_url`` names a running one), then: creates a routed
session, mints tokens for two simulated participants and connects them, publishes their
streams, sends a signal, records and lists an archive, runs an HLS broadcast, mutes a stream
and force-disconnects a participant, printing each step and its result.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from opentok_core import decode_token
from opentok_emulator import DEMO_API_KEY, DEMO_API_SECRET
from opentok_emulator.control import (
    ConnectClient,
    GetConnection,
    GetSessionState,
    PublishStream,
)
from opentok_sync import Client

__all__ = ["run"]


class _Steps:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self, title: str) -> None:
        self.n += 1
        print(f"\n{self.n:>2}. {title}")

    @staticmethod
    def show(label: str, value: Any) -> None:
        print(f"    {label:<22} {value}")


@contextlib.contextmanager
def _emulator(api_url: str | None) -> Iterator[str]:
    if api_url:
        yield api_url
        return
    from opentok_emulator import new_emulator
    from opentok_emulator.server import EmulatorServer

    with EmulatorServer(new_emulator()) as server:
        yield server.url


def run(api_url: str | None = None) -> int:
    """Run the walkthrough; return the process exit status."""
    step = _Steps()
    with _emulator(api_url) as url:
        print(f"OpenTok emulator at {url} (api key {DEMO_API_KEY}; no network, no credentials)")
        with Client(DEMO_API_KEY, DEMO_API_SECRET, api_url=url) as client:
            _walkthrough(client, step)
    print("\nDone: every step ran against the emulator over HTTP.")
    return 0


def _walkthrough(client: Client, step: _Steps) -> None:
    step("Create a routed session (media through the media router: archiving, broadcasts)")
    session = client.create_session(media_mode="routed")
    sid = session.session_id
    step.show("session id", sid[:48] + "…")

    step("Mint client tokens for Alice (moderator) and Bob (publisher)")
    alice_token = client.generate_token(sid, role="moderator", data="name=Alice")
    bob_token = client.generate_token(
        sid, role="publisher", data="name=Bob", initial_layout_class_list=["focus"]
    )
    claims = decode_token(bob_token)
    step.show("Bob's token", f"{bob_token[:24]}… role={_value(claims.role)} data={claims.data}")

    step("Connect both as simulated participants (the emulator verifies each token)")
    alice = client.send(ConnectClient(session_id=sid, token=alice_token))
    bob = client.send(ConnectClient(session_id=sid, token=bob_token))
    step.show("Alice connection", f"{alice.connection_id} ({alice.role})")
    step.show("Bob connection", f"{bob.connection_id} ({bob.role})")

    step("Publish streams: Alice's camera, Bob's screen share")
    camera = client.send(
        PublishStream(session_id=sid, connection_id=alice.connection_id, stream_name="Alice cam")
    )
    screen = client.send(
        PublishStream(
            session_id=sid,
            connection_id=bob.connection_id,
            video_type="screen",
            stream_name="Bob's slides",
        )
    )
    for stream in client.list_streams(sid):
        kind = _value(stream.video_type)
        step.show(f"{kind} stream", f"{stream.name!r} classes={list(stream.layout_class_list)}")
    _ = camera, screen

    step("Send a signal to everyone in the session")
    client.send_signal(sid, {"type": "chat", "data": "Hello from the server"})
    received = client.send(GetConnection(session_id=sid, connection_id=bob.connection_id))
    step.show("Bob received", [(s.type, s.data) for s in received.signals])

    step("Record an archive: start, stop, list")
    archive = client.start_archive(sid, name="Demo recording")
    step.show("started", f"{archive.id} status={_value(archive.status)}")
    stopped = client.stop_archive(archive.id)
    step.show("stopped", f"status={_value(stopped.status)}")
    archives = client.list_archives(session_id=sid)
    for item in archives.items:
        step.show("listed", f"{item.id} {item.name!r} status={_value(item.status)}")

    step("Live-stream the session over HLS: start, then stop")
    broadcast = client.start_broadcast(sid, {"outputs": {"hls": {}}})
    step.show("started", f"{broadcast.id} status={_value(broadcast.status)}")
    step.show("HLS playlist", broadcast.broadcast_urls.hls if broadcast.broadcast_urls else None)
    ended = client.stop_broadcast(broadcast.id)
    step.show("stopped", f"status={_value(ended.status)}")

    step("Moderation: mute Bob's stream, then force-disconnect Bob")
    client.mute_stream(sid, screen.stream_id)
    client.force_disconnect(sid, bob.connection_id)
    state = client.send(GetSessionState(session_id=sid))
    gone = state.connection(bob.connection_id)
    step.show("Bob's screen muted", gone.streams[0].audio_muted)
    step.show("Bob connected", f"{gone.connected} (reason: {gone.disconnect_reason})")
    step.show("still connected", [c.data for c in state.connections if c.connected])


def _value(status: object) -> str:
    return str(getattr(status, "value", status))
