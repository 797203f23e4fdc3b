"""A minimal FastAPI app: one video session per room, a token for each visitor (async).

``GET /rooms/{room}`` serves a page that joins the room with OpenTok.js; ``POST
/api/rooms/{room}/token`` returns ``{apiKey, sessionId, token}`` as JSON. With a callback
signature secret (``OPENTOK_SIGNATURE_SECRET``), ``POST /opentok/events`` takes the service's
signed callbacks (``opentok_web.fastapi``: forged or replayed ones are refused) and ``GET
/api/rooms/{room}/people`` says who is in the room now.

Run it against a local emulator (no account needed)::

    opentok emulator --signature-secret cb-secret \
        --callback-url http://127.0.0.1:8000/opentok/events &
    export OPENTOK_API_KEY=123456 OPENTOK_API_SECRET=demo-secret-0123456789abcdef
    export OPENTOK_API_URL=http://127.0.0.1:8765 OPENTOK_SIGNATURE_SECRET=cb-secret
    pip install uvicorn && uvicorn --factory examples.fastapi_app:create_app  # open /rooms/demo

With real credentials, leave OPENTOK_API_URL unset. The page itself (page.html) joins the room
only on the real service: the emulator models the REST API, not the media plane.
"""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Body, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse

from opentok_async import AsyncClient
from opentok_core import CallbackRouter, OpenTokError, Role, SessionMonitor
from opentok_web.fastapi import endpoint

PAGE = (Path(__file__).with_name("page.html")).read_text(encoding="utf-8")
ROOM = re.compile(r"[A-Za-z0-9_-]{1,64}")


def create_app(
    client: AsyncClient | None = None, *, signature_secret: str | None = None
) -> FastAPI:
    """The app, talking to the service through ``client`` (default: from the environment);
    callbacks are taken only when signed with ``signature_secret`` (default: from the
    environment; without one the callback route is not there)."""
    opentok = client or AsyncClient(
        os.environ["OPENTOK_API_KEY"],
        os.environ["OPENTOK_API_SECRET"],
        api_url=os.environ.get("OPENTOK_API_URL"),
    )
    api_key = opentok.api_key
    rooms: dict[str, str] = {}  # room name -> session id; keep these in your database
    lock = asyncio.Lock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await opentok.aclose()  # the connection pool

    app = FastAPI(lifespan=lifespan)

    async def session_for(room: str) -> str:
        if not ROOM.fullmatch(room):
            raise HTTPException(404)
        async with lock:  # one session per room, even when two visitors arrive together
            if room not in rooms:
                rooms[room] = (await opentok.create_session(media_mode="routed")).session_id
            return rooms[room]

    async def credentials(room: str, name: str | None) -> dict[str, str]:
        session_id = await session_for(room)
        data = None if not name else f"name={name[:100]}"
        token = opentok.generate_token(session_id, role=Role.PUBLISHER, data=data)
        return {"apiKey": api_key, "sessionId": session_id, "token": token}

    @app.get("/rooms/{room}", response_class=HTMLResponse)
    async def room_page(room: str, name: str | None = None) -> str:
        found = await credentials(room, name)
        page = PAGE.replace("{{ room }}", html.escape(room))
        return page.replace("{{ credentials_json | safe }}", json.dumps(found))

    @app.post("/api/rooms/{room}/token")
    async def room_token(room: str, name: str | None = Body(None, embed=True)) -> dict[str, str]:
        return await credentials(room, name)

    people = SessionMonitor()  # who is in each session, from the callbacks
    secret = signature_secret or os.environ.get("OPENTOK_SIGNATURE_SECRET")
    if secret:
        router = CallbackRouter(clock=time.time, signature_secret=secret, api_key=api_key)
        people.attach(router)
        app.post("/opentok/events")(endpoint(router))

    @app.get("/api/rooms/{room}/people")
    async def room_people(room: str) -> dict[str, object]:
        if not ROOM.fullmatch(room):
            raise HTTPException(404)
        session_id = rooms.get(room)
        if session_id is None:  # nobody asked for this room yet
            return {"room": room, "connections": [], "streams": 0}
        now = people.session(session_id)
        found = [{"id": c.id, "data": c.data} for c in now.connections.values()]
        return {"room": room, "connections": found, "streams": len(now.streams)}

    @app.exception_handler(OpenTokError)
    async def service_failed(request: Request, exc: OpenTokError) -> JSONResponse:
        return JSONResponse({"error": "the video service is unavailable, try again"}, 502)

    return app
