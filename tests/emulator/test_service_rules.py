"""The fidelity ledger (spec/service-rules.toml) against the emulator: every refusal goes
through a rule of the table, every rule is in the ledger as the emulator answers it, and the
defects the ledger's evidence exposed stay fixed."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from opentok_core import ApplicationCredentials
from opentok_emulator import _rules, new_application
from tests.emulator.helpers import Api, error_of

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
LEDGER = tomllib.loads((ROOT / "spec" / "service-rules.toml").read_text(encoding="utf-8"))
EMULATOR = ROOT / "src" / "opentok_emulator"


def _raised_rules() -> dict[str, list[str]]:
    """Every ``Reject(...)`` in the emulator's source: the rule constant it names, by file.
    A first argument that is not ``rules.NAME`` is collected as ``?``."""
    found: dict[str, list[str]] = {}
    for path in sorted(EMULATOR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Reject"
            ):
                first = node.args[0] if node.args else None
                ok = (
                    isinstance(first, ast.Attribute)
                    and isinstance(first.value, ast.Name)
                    and first.value.id == "rules"
                )
                name = first.attr if ok else "?"  # type: ignore[union-attr]
                found.setdefault(name, []).append(f"{path.name}:{node.lineno}")
    return found


def test_every_refusal_in_the_emulator_names_a_rule_of_the_table() -> None:
    raised = _raised_rules()
    assert "?" not in raised, f"Reject without a rules.NAME: {raised.get('?')}"
    constants = {n for n, v in vars(_rules).items() if isinstance(v, _rules.Rule)}
    assert set(raised) <= constants, set(raised) - constants
    # ...and no rule is declared that nothing raises (a ledger entry the emulator cannot give).
    assert constants <= set(raised), constants - set(raised)


def test_every_rule_the_emulator_can_raise_is_in_the_ledger_as_it_answers() -> None:
    ledger = LEDGER["rules"]
    assert set(ledger) == set(_rules.RULES)
    for rule_id, rule in _rules.RULES.items():
        entry = ledger[rule_id]
        assert (entry["status"], entry["code"], entry["message"]) == (
            rule.status,
            rule.wire_code,
            rule.message,
        ), rule_id
        assert entry["basis"] == rule.basis


def test_each_service_rule_has_evidence_or_says_why_not() -> None:
    for rule in _rules.RULES.values():
        if rule.basis == "unverified":
            assert rule.choice.startswith("unverified"), rule.id
        for evidence in rule.evidence:
            assert evidence.where.startswith(("https://", "opentok/", "Vonage/")), rule.id
    summary = LEDGER["summary"]
    kinds = ("reported", "documented", "sdk", "unverified", "emulator")
    assert sum(summary[k] for k in kinds) == summary["rules"] == len(_rules.RULES)


def test_a_refusal_answers_the_ledger_code_and_message() -> None:
    api = Api()
    relayed = api.session("relayed")
    api.connect(relayed)
    response = api.call("POST", "/archive", {"sessionId": relayed})
    body = json.loads(response.body)
    entry = LEDGER["rules"]["archive.relayed"]
    assert (response.status, body["code"], body["message"]) == (409, 15008, entry["message"])
    assert body == {
        "code": 15008,
        "message": "Only routed sessions are allowed to initiate archives.",
        "description": "Only routed sessions are allowed to initiate archives.",
    }


def test_a_rule_without_a_public_code_sends_the_status() -> None:
    api = Api()
    relayed = api.session("relayed")
    api.connect(relayed)
    broadcast = {"sessionId": relayed, "outputs": {"hls": {}}}
    body = json.loads(api.call("POST", "/broadcast", broadcast).body)
    assert body["code"] == 409 and LEDGER["rules"]["broadcast.relayed"]["code_public"] is False


# Defects ------------------------------------------------------------------------------------


def test_the_default_create_session_of_vonage_video_is_accepted() -> None:
    # @vonage/video's createSession() with no options (ledger rule session.location).
    api = Api()
    form = b"archiveMode=manual&location=null&p2p.preference=disabled"
    response = api.call("POST", "/session/create", project=False, raw=form)
    assert response.status == 200, response.body
    assert json.loads(response.body)[0]["session_id"]
    bad = api.call("POST", "/session/create", project=False, raw=b"location=not-an-ip")
    assert error_of(bad)[0] == 400


def _application_api() -> tuple[Api, ApplicationCredentials]:
    app = new_application()
    api = Api(applications={app.application_id: app})
    api.credentials = app  # type: ignore[assignment]
    return api, app


def test_archive_and_broadcast_answers_carry_application_id_under_application_credentials() -> None:
    api, app = _application_api()
    sid = api.session()
    api.connect(sid)
    archive = api.ok("POST", "/archive", {"sessionId": sid})
    broadcast = api.ok("POST", "/broadcast", {"sessionId": sid, "outputs": {"hls": {}}})
    for answer in (archive, broadcast, api.ok("GET", f"/archive/{archive['id']}")):
        assert answer["applicationId"] == app.application_id


def test_project_answers_carry_a_numeric_project_id_and_renders_a_string_application_id() -> None:
    api = Api()
    sid = api.session()
    api.connect(sid)
    archive = api.ok("POST", "/archive", {"sessionId": sid})
    assert isinstance(archive["projectId"], int) and "applicationId" not in archive
    render = api.ok(
        "POST",
        "/render",
        {
            "sessionId": sid,
            "token": api.token(sid, role="publisher"),
            "url": "https://example.com/composer",
        },
        status=202,
    )
    assert isinstance(render["projectId"], int)
    assert render["applicationId"] == str(render["projectId"])


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "//archive"),
        ("GET", "/archive//"),
        ("PUT", "/broadcast//layout"),
        ("POST", "/archive//stop"),
        ("GET", "/session//stream"),
    ],
)
def test_an_empty_path_segment_never_lands_on_another_resource(method: str, path: str) -> None:
    api = Api()
    response = api.call(method, path, {"type": "bestFit"} if method == "PUT" else None)
    assert error_of(response) == (404, "Resource not found")


def test_an_empty_project_id_is_no_project() -> None:
    api = Api()
    response = api.call("GET", "/v2/project//archive", project=False)
    assert error_of(response) == (404, "Resource not found")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("maxBitrate", "2000000"),  # numeric string: ledger rule field.integer
        ("multiArchiveTag", ""),  # an empty tag is no tag: archive.tag-clash
    ],
)
def test_archive_fields_are_no_stricter_than_documented(field: str, value: Any) -> None:
    api = Api()
    sid = api.session()
    api.connect(sid)
    archive = api.ok("POST", "/archive", {"sessionId": sid, field: value})
    if field == "maxBitrate":
        assert archive["maxBitrate"] == 2_000_000


def test_an_empty_multi_broadcast_tag_is_no_tag() -> None:
    api = Api()
    sid = api.session()
    api.connect(sid)
    body = {"sessionId": sid, "outputs": {"hls": {}}, "multiBroadcastTag": ""}
    broadcast = api.ok("POST", "/broadcast", body)
    assert "multiBroadcastTag" not in broadcast
    assert error_of(api.call("POST", "/broadcast", body))[0] == 409  # one untagged at a time


def test_archive_start_without_clients_is_404_never_joined_and_400_all_left() -> None:
    api = Api()
    never = api.session()
    assert error_of(api.call("POST", "/archive", {"sessionId": never})) == (
        404,
        "Session not found",
    )
    left = api.session()
    cid = api.connect(left)
    api.ctl("DELETE", f"/sessions/{left}/connections/{cid}", None, 204)
    status, message = error_of(api.call("POST", "/archive", {"sessionId": left}))
    assert (status, message) == (400, LEDGER["rules"]["archive.no-clients"]["message"])


def test_archive_error_bodies_carry_the_service_codes() -> None:
    api = Api()
    sid = api.session()
    api.connect(sid)
    aid = api.ok("POST", "/archive", {"sessionId": sid})["id"]
    assert json.loads(api.call("DELETE", f"/archive/{aid}").body)["code"] == 15004
    again = api.call("POST", "/archive", {"sessionId": sid})
    assert json.loads(again.body)["code"] == 15001
    bid = api.ok("POST", "/broadcast", {"sessionId": sid, "outputs": {"hls": {}}})["id"]
    api.ok("POST", f"/broadcast/{bid}/stop")
    stopped = json.loads(api.call("POST", f"/broadcast/{bid}/stop").body)
    assert (stopped["code"], stopped["message"]) == (
        19002,
        "The broadcast has already been stopped",
    )
