"""Configuration is checked when a client is built, by one core rule both clients use: a bad
``api_url``, ``app_version`` or timeout is a ValidationError naming it, before any I/O (not a
NUL sent in a header, nor an untyped error from the HTTP stack on every call)."""

from __future__ import annotations

from typing import Any

import pytest

from opentok_async import AsyncClient
from opentok_core import ValidationError
from opentok_sync import Client
from tests.conftest import API_KEY, API_SECRET

CLIENTS = [Client, AsyncClient]

BAD_URLS = [
    "http://127.0.0.1:99999",
    "http://127.0.0.1:0",
    "http://127.0.0.1:-1",
    "http://127.0.0.1:http",
    "http://127.0.0.1:",
    "http://127.0.0.1\x00/",
    "http://127.0.0.1/a\x00b",
    "http://127.0.0.1/\x7f",
    "http://exa mple.com",
    "http://\u00e9xample.com",
    "ftp://example.com",
    "example.com",
    "http://",
    "http:///v2",
    "https://user:pass@example.com",
    "https://example.com/?q=1",
    "https://example.com/#f",
    "https:example.com",
]

GOOD_URLS = [
    ("http://127.0.0.1:1", "http://127.0.0.1:1"),
    ("http://127.0.0.1:65535/", "http://127.0.0.1:65535"),
    ("https://[::1]:8443/prefix/", "https://[::1]:8443/prefix"),
    ("https://api.opentok.com", "https://api.opentok.com"),
]

BAD_VERSIONS = ["app\x00", "app\x0bv", "app\x7f", "line\r\nx-evil: 1", "tab\there", "caf\u00e9", 3]

BAD_TIMEOUTS: list[Any] = [0, -1, float("nan"), float("inf"), 1e10, "5", (1, 2, 3), (5, "x"), True]


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_api_url_is_a_validation_error_at_construction(cls: Any, url: str) -> None:
    with pytest.raises(ValidationError) as info:
        cls(API_KEY, API_SECRET, api_url=url)
    assert info.value.field == "api_url"


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(("url", "kept"), GOOD_URLS)
def test_a_good_api_url_is_kept_without_its_trailing_slash(cls: Any, url: str, kept: str) -> None:
    assert cls(API_KEY, API_SECRET, api_url=url).api_url == kept


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("version", BAD_VERSIONS)
def test_an_app_version_with_a_control_character_is_a_validation_error(
    cls: Any, version: Any
) -> None:
    with pytest.raises(ValidationError) as info:
        cls(API_KEY, API_SECRET, app_version=version)
    assert info.value.field == "app_version"


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize("timeout", BAD_TIMEOUTS, ids=repr)
def test_a_bad_timeout_is_a_validation_error_at_construction(cls: Any, timeout: Any) -> None:
    with pytest.raises(ValidationError) as info:
        cls(API_KEY, API_SECRET, timeout=timeout)
    assert info.value.field.startswith("timeout")


def test_both_clients_refuse_the_same_values_with_the_same_words() -> None:
    for options in [{"api_url": u} for u in BAD_URLS] + [{"app_version": v} for v in BAD_VERSIONS]:
        words = []
        for cls in CLIENTS:
            with pytest.raises(ValidationError) as info:
                cls(API_KEY, API_SECRET, **options)
            words.append(str(info.value))
        assert words[0] == words[1]
