"""CreateSession: the form body on the wire and the client-side checks of
spec/service.md#session-options."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest

from opentok_core import CreateSession, MediaMode, ValidationError, prepare


def test_default_session_is_relayed_manual_form_post(config) -> None:  # type: ignore[no-untyped-def]
    request = CreateSession().build(config)
    assert request.method == "POST"
    assert request.url == "https://api.example.test/session/create"
    assert request.header("content-type") == "application/x-www-form-urlencoded"
    assert request.header("accept") == "application/json"
    assert parse_qsl(request.body.decode()) == [
        ("p2p.preference", "enabled"),
        ("archiveMode", "manual"),
        ("e2ee", "false"),
    ]


def test_routed_always_archive_session_golden_body(config) -> None:  # type: ignore[no-untyped-def]
    op = CreateSession(
        media_mode="routed",
        archive_mode="always",
        location="10.1.2.3",
        e2ee=True,
        archive_name="daily standup",
        archive_resolution="1280x720",
    )
    assert op.build(config).body == (
        b"p2p.preference=disabled&archiveMode=always&location=10.1.2.3&e2ee=true"
        b"&archiveName=daily+standup&archiveResolution=1280x720"
    )


def test_prepare_adds_exactly_one_auth_header_and_keeps_the_rest(config) -> None:  # type: ignore[no-untyped-def]
    op = CreateSession()
    signed = prepare(op, config, now=1_700_000_000, jti="j")
    assert signed.headers[:-1] == op.build(config).headers
    assert signed.headers[-1][0] == "x-opentok-auth"


def test_official_sdk_media_mode_values_are_understood() -> None:
    # opentok.MediaModes.routed.value == "disabled"
    assert CreateSession(media_mode="disabled").media_mode is MediaMode.ROUTED


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"archive_mode": "always"}, "archive_mode"),
        ({"e2ee": True}, "e2ee"),
        ({"location": "not-an-ip"}, "location"),
        ({"media_mode": "p2p"}, "media_mode"),
        ({"media_mode": "routed", "archive_name": "x"}, "archive_name"),
        ({"media_mode": "routed", "archive_mode": "always", "archive_name": ""}, "archive_name"),
        (
            {"media_mode": "routed", "archive_mode": "always", "archive_name": "x" * 81},
            "archive_name",
        ),
        (
            {"media_mode": "routed", "archive_mode": "always", "archive_resolution": "1x1"},
            "archive_resolution",
        ),
        ({"media_mode": "routed", "archive_resolution": "640x480"}, "archive_resolution"),
        ({"e2ee": "yes"}, "e2ee"),
    ],
)
def test_inconsistent_options_are_refused(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        CreateSession(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field
