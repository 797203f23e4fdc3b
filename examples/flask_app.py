"""A minimal Flask app: one video session per room, a token for each visitor.

``GET /rooms/<room>`` serves a page that joins the room with OpenTok.js; ``POST
/api/rooms/<room>/token`` returns ``{apiKey, sessionId, token}`` as JSON for a single-page app.
With a callback signature secret (``OPENTOK_SIGNATURE_SECRET``), ``POST /opentok/events``
takes the service's signed callbacks (``opentok_web.flask``: forged or replayed ones are
refused) and ``GET /api/rooms/<room>/people`` says who is in the room now.

Run it against a local emulator (no account needed)::

    opentok emulator --signature-secret cb-secret \
        --callback-url http://127.0.0.1:5000/opentok/events &   # prints its URL, key and secret
    export OPENTOK_API_KEY=123456 OPENTOK_API_SECRET=demo-secret-0123456789abcdef
    export OPENTOK_API_URL=http://127.0.0.1:8765 OPENTOK_SIGNATURE_SECRET=cb-secret
    flask --app examples/flask_app run   # then open http://127.0.0.1:5000/rooms/demo

With real credentials, leave OPENTOK_API_URL unset. The page itself (page.html) joins the room
only on the real service: the emulator models the REST API, not the media plane.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

from flask import Flask, abort, jsonify, render_template_string, request

from opentok_core import CallbackRouter, OpenTokError, Role, SessionMonitor
from opentok_sync import Client
from opentok_web.flask import view

PAGE = (Path(__file__).with_name("page.html")).read_text(encoding="utf-8")
ROOM = re.compile(r"[A-Za-z0-9_-]{1,64}")


def create_app(client: Client | None = None, *, signature_secret: str | None = None) -> Flask:
    """The app, talking to the service through ``client`` (default: from the environment);
    callbacks are taken only when signed with ``signature_secret`` (default: from the
    environment; without one the callback route is not there)."""
    app = Flask(__name__)
    opentok = client or Client(
        os.environ["OPENTOK_API_KEY"],
        os.environ["OPENTOK_API_SECRET"],
        api_url=os.environ.get("OPENTOK_API_URL"),
    )
    api_key = opentok.api_key
    rooms: dict[str, str] = {}  # room name -> session id; keep these in your database
    lock = threading.Lock()

    def session_for(room: str) -> str:
        if not ROOM.fullmatch(room):
            abort(404)
        with lock:  # one session per room, even when two visitors arrive together
            if room not in rooms:
                rooms[room] = opentok.create_session(media_mode="routed").session_id
            return rooms[room]

    def credentials(room: str, name: str | None) -> dict[str, str]:
        session_id = session_for(room)
        data = None if not name else f"name={name[:100]}"
        token = opentok.generate_token(session_id, role=Role.PUBLISHER, data=data)
        return {"apiKey": api_key, "sessionId": session_id, "token": token}

    @app.get("/rooms/<room>")
    def room_page(room: str) -> str:
        found = credentials(room, request.args.get("name"))
        return render_template_string(PAGE, room=room, credentials_json=json.dumps(found))

    @app.post("/api/rooms/<room>/token")
    def room_token(room: str) -> object:
        body = request.get_json(silent=True) or {}
        name = body.get("name") if isinstance(body.get("name"), str) else None
        return jsonify(credentials(room, name))

    people = SessionMonitor()  # who is in each session, from the callbacks
    secret = signature_secret or os.environ.get("OPENTOK_SIGNATURE_SECRET")
    if secret:
        router = CallbackRouter(clock=time.time, signature_secret=secret, api_key=api_key)
        people.attach(router)
        app.add_url_rule("/opentok/events", view_func=view(router), methods=["POST"])

    @app.get("/api/rooms/<room>/people")
    def room_people(room: str) -> object:
        if not ROOM.fullmatch(room):
            abort(404)
        with lock:
            session_id = rooms.get(room)
        if session_id is None:  # nobody asked for this room yet
            return jsonify({"room": room, "connections": [], "streams": 0})
        now = people.session(session_id)
        found = [{"id": c.id, "data": c.data} for c in now.connections.values()]
        return jsonify({"room": room, "connections": found, "streams": len(now.streams)})

    @app.errorhandler(OpenTokError)
    def service_failed(exc: OpenTokError) -> object:
        app.logger.warning("video service call failed: %s", exc)
        return jsonify({"error": "the video service is unavailable, try again"}), 502

    return app
