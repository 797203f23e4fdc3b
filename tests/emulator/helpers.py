"""Drive the pure emulator with raw, signed requests on a hand-moved clock."""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import urlencode

from opentok_core import ProjectCredentials, Request, Response, generate_token
from opentok_emulator import Emulator, Reply
from tests.conftest import API_KEY, API_SECRET

BASE = "http://emulator.test"
T0 = 1_700_000_000.0


class Api:
    """An emulator on a fake clock, plus helpers that sign like a real SDK."""

    def __init__(self, **kwargs: Any) -> None:
        self.now = T0
        counter = itertools.count(1)
        self.emulator = Emulator(
            clock=lambda: self.now,
            ids=lambda: f"00000000-0000-4000-8000-{next(counter):012d}",
            projects=[ProjectCredentials(API_KEY, API_SECRET)],
            **kwargs,
        )
        self.credentials = ProjectCredentials(API_KEY, API_SECRET)
        self.replies: list[Reply] = []

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        project: bool = True,
        headers: dict[str, str] | None = None,
        credentials: Any = None,
        raw: bytes | None = None,
    ) -> Reply:
        creds = credentials or self.credentials
        url = BASE + (f"/v2/project/{creds.project_id}" if project else "") + path
        hdrs = {"accept": "application/json"}
        if headers is None:
            name, value = creds.auth_header(self.now, "jti")
            hdrs[name] = value
        else:
            hdrs.update(headers)
        data = raw if raw is not None else (b"" if body is None else json.dumps(body).encode())
        if body is not None:
            hdrs.setdefault("content-type", "application/json")
        reply = self.emulator.handle(Request(method, url, hdrs, data))
        self.replies.append(reply)
        return reply

    def call(self, method: str, path: str, body: Any = None, **kw: Any) -> Response:
        return self.request(method, path, body, **kw).response

    def ok(self, method: str, path: str, body: Any = None, status: int = 200, **kw: Any) -> Any:
        response = self.call(method, path, body, **kw)
        assert response.status == status, (response.status, response.body)
        return json.loads(response.body) if response.body else None

    def control(self, method: str, path: str, body: Any = None) -> Response:
        raw = b"" if body is None else json.dumps(body).encode()
        reply = self.emulator.handle(Request(method, BASE + "/_emulator" + path, (), raw))
        self.replies.append(reply)
        return reply.response

    def ctl(self, method: str, path: str, body: Any = None, status: int = 200) -> Any:
        response = self.control(method, path, body)
        assert response.status == status, (response.status, response.body)
        return json.loads(response.body) if response.body else None

    # Scenario helpers -----------------------------------------------------------------------

    def session(self, mode: str = "routed", **form: str) -> str:
        fields = {"p2p.preference": "disabled" if mode == "routed" else "enabled", **form}
        reply = self.call(
            "POST",
            "/session/create",
            project=False,
            raw=urlencode(fields).encode(),
        )
        assert reply.status == 200, reply.body
        return str(json.loads(reply.body)[0]["session_id"])

    def token(self, session_id: str, **kw: Any) -> str:
        return generate_token(self.credentials, session_id, now=self.now, nonce=1, jti="j", **kw)

    def connect(self, session_id: str, **kw: Any) -> str:
        body = self.ctl(
            "POST",
            f"/sessions/{session_id}/connections",
            {"token": self.token(session_id, **kw)},
            201,
        )
        return str(body["connectionId"])

    def publish(self, session_id: str, connection_id: str, **body: Any) -> str:
        path = f"/sessions/{session_id}/connections/{connection_id}/streams"
        return str(self.ctl("POST", path, body, 201)["streamId"])

    def connection(self, session_id: str, connection_id: str) -> Any:
        return self.ctl("GET", f"/sessions/{session_id}/connections/{connection_id}")


def error_of(response: Response) -> tuple[int, str]:
    """``(status, message)`` of an error response, checking the ``{code, message,
    description}`` shape."""
    body = json.loads(response.body)
    assert set(body) == {"code", "message", "description"}, body
    assert isinstance(body["code"], int)
    return response.status, body["message"]
