"""The public strategies draw only valid values, and cost applications nothing: importing the SDK
does not import them (nor hypothesis)."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from opentok_core import ProjectCredentials, Role, decode_session_id, decode_token
from opentok_core.testing import strategies as ots
from opentok_sync import Client
from tests.fakes import NOW, FakeTransport, fixed_runtime, json_response


def test_importing_the_sdk_does_not_import_the_testing_helpers() -> None:
    code = (
        "import sys, opentok_core, opentok_sync, opentok_async\n"
        "print(sorted(m for m in ('hypothesis', 'pytest', 'opentok_core.testing') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@given(ots.api_keys().flatmap(lambda key: st.tuples(st.just(key), ots.session_ids(key))))
def test_session_ids_decode_to_their_api_key(pair: tuple[str, str]) -> None:
    key, session_id = pair
    parts = decode_session_id(session_id)
    assert parts[0] == "1" and parts[1] == key
    assert session_id.startswith("1_") and len(session_id) <= 255


@settings(max_examples=60)
@given(ots.project_credentials(api_key="123456"), st.data())
def test_token_options_are_accepted_by_the_client(
    creds: ProjectCredentials, data: st.DataObject
) -> None:
    session_id = data.draw(ots.session_ids("123456"))
    opts = data.draw(ots.token_options(now=NOW))
    transport = FakeTransport(lambda request: json_response(500, "{}"))
    client = Client(credentials=creds, runtime=fixed_runtime(), transport=transport)
    claims = decode_token(client.generate_token(session_id, **opts))
    assert claims.session_id == session_id and claims.role is opts["role"]
    assert NOW + 60 <= (claims.expire_time or 0) <= NOW + 30 * 86400
    assert transport.requests == []  # minting a token is local


@given(ots.roles(), ots.layout_class_lists(), ots.application_ids())
def test_small_strategies_draw_valid_values(role: Role, classes: list[str], app_id: str) -> None:
    assert isinstance(role, Role)
    assert all(name and not any(c.isspace() for c in name) for name in classes)
    assert len(app_id) == 36 and app_id.count("-") == 4
