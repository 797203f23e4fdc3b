"""``make demo``: mint a token and show its claims; create a session where OPENTOK_API_URL points.

Runs with no credentials (demo ones are used) and no network unless OPENTOK_API_URL is set.
"""

from __future__ import annotations

import json
import os
import sys


def main() -> int:
    from opentok_core import encode_session_id, verify_token
    from opentok_sync import Client

    api_key = os.environ.get("OPENTOK_API_KEY", "123456")
    api_secret = os.environ.get("OPENTOK_API_SECRET", "demo-secret-0123456789abcdef")
    api_url = os.environ.get("OPENTOK_API_URL")
    with Client(api_key, api_secret, api_url=api_url) as client:
        session_id = encode_session_id(api_key, "", "demo", "0.1")
        if api_url:
            session_id = client.create_session(media_mode="routed").session_id
            print(f"created session {session_id} at {api_url}")
        token = client.generate_token(session_id, role="moderator", data="name=Demo")
        claims = verify_token(token, client.config.credentials)
        print("minted a moderator token; its verified claims:")
        print(json.dumps(dict(claims.raw), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
