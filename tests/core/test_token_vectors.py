"""spec/tokens.toml: fixed inputs mint exactly the recorded tokens (JWT and T1)."""

from __future__ import annotations

from typing import Any

import pytest

from opentok_core import ProjectCredentials, generate_token, verify_token
from tests.conftest import SPEC

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

with open(SPEC / "tokens.toml", "rb") as f:
    DATA = tomllib.load(f)
INPUTS: dict[str, Any] = DATA["inputs"]
CREDS = ProjectCredentials(INPUTS["api_key"], INPUTS["api_secret"])


@pytest.mark.parametrize("name", sorted(DATA["vectors"]))
def test_minting_reproduces_the_recorded_token(name: str) -> None:
    options = dict(DATA["vectors"][name])
    expected = options.pop("token")
    token = generate_token(
        CREDS,
        INPUTS["session_id"],
        now=INPUTS["now"],
        nonce=INPUTS["nonce"],
        jti=INPUTS["jti"],
        **options,
    )
    assert token == expected
    assert verify_token(token, CREDS).session_id == INPUTS["session_id"]
