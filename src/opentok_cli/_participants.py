"""``opentok emulator connect | participants | disconnect``: simulated participants of a running
emulator, through its control API (``opentok_emulator.control``, sent by the ordinary
``Client``: JSON bodies, the loopback host of ``--api-url``).

A session needs connected clients before it can be archived or broadcast; on the real service
they are browsers and phones, here these commands stand in for them.
"""

from __future__ import annotations

from typing import Any

from opentok_core import Role
from opentok_emulator.control import (
    ConnectClient,
    DisconnectClient,
    GetSessionState,
    PublishStream,
)

from ._kit import Command, Context, arg, choices, every

__all__ = ["PARTICIPANTS"]


def _connect(x: Context) -> dict[str, Any]:
    """Connect (and with ``--publish``, publish); one shape either way, ``stream_id`` None
    when nothing was published."""
    a = x.args
    token = a.token or x.client.generate_token(a.session_id, role=Role(a.role), data=a.data or None)
    connection = x.client.send(ConnectClient(session_id=a.session_id, token=token))
    stream_id = None
    if a.publish is not None:
        stream = x.client.send(
            PublishStream(
                session_id=a.session_id,
                connection_id=connection.connection_id,
                video_type=a.publish,
                stream_name=a.name,
            )
        )
        stream_id = stream.stream_id
    return {
        "connection_id": connection.connection_id,
        "session_id": connection.session_id,
        "role": connection.role,
        "data": connection.data,
        "stream_id": stream_id,
    }


def _participants(x: Context) -> Any:
    state = x.client.send(GetSessionState(session_id=x.args.session_id))
    return every(c for c in state.connections if c.connected)


# The session is always --session-id; the resource a command acts on is positional.
_SESSION = arg(
    "--session-id", required=True, metavar="SESSION_ID", help="the session (of the emulator)"
)

PARTICIPANTS: list[Command] = [
    Command(
        ("emulator", "connect"),
        "connect a simulated participant to a session of a running emulator",
        _connect,
        (
            _SESSION,
            arg(
                "--token",
                metavar="TOKEN",
                help="its client token (default: a fresh one of --role minted with your "
                "credentials)",
            ),
            arg(
                "--role",
                default="publisher",
                choices=choices(Role),
                help="the role of the minted token (default publisher)",
            ),
            arg("--data", metavar="TEXT", help="connection data of the minted token"),
            arg(
                "--publish",
                choices=("camera", "screen"),
                help="also publish a stream of this kind",
            ),
            arg("--name", metavar="NAME", help="the published stream's name"),
        ),
        examples=(
            "opentok emulator connect --session-id $SESSION --role moderator --publish camera",
            "opentok emulator connect --session-id $SESSION --token $TOKEN",
        ),
        description="Connect a simulated participant (the emulator verifies its token as the "
        "service does at connect) and, with --publish, publish a camera or screen stream: what "
        "a browser would do, so that archives and broadcasts can start.",
    ),
    Command(
        ("emulator", "participants"),
        "list the connected simulated participants of a session",
        _participants,
        (_SESSION,),
        examples=("opentok emulator participants --session-id $SESSION",),
    ),
    Command(
        ("emulator", "disconnect"),
        "disconnect a simulated participant (as its client leaving would)",
        lambda x: x.client.send(
            DisconnectClient(session_id=x.args.session_id, connection_id=x.args.connection_id)
        ),
        (arg("connection_id", metavar="CONNECTION_ID", help="the participant"), _SESSION),
        examples=("opentok emulator disconnect --session-id $SESSION $CONNECTION",),
        done="connection {connection_id} disconnected",
    ),
]
