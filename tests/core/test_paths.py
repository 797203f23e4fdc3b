"""Ids in paths are percent-encoded: whatever the text, the URL stays under the project prefix
and its segment decodes back to the id."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from opentok_core import GetArchive, make_config
from tests.conftest import API_KEY, API_SECRET

CONFIG = make_config(API_KEY, API_SECRET, api_url="https://api.example.test")

ids = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs")), min_size=1, max_size=40
).filter(lambda s: s.strip() == s)


@given(ids)
def test_archive_id_with_reserved_characters_is_one_encoded_segment(archive_id: str) -> None:
    url = GetArchive(archive_id=archive_id).build(CONFIG).url
    parts = urlsplit(url)
    assert parts.query == "" and parts.fragment == ""
    prefix = f"/v2/project/{API_KEY}/archive/"
    assert parts.path.startswith(prefix)
    segment = parts.path[len(prefix) :]
    assert "/" not in segment
    assert unquote(segment) == archive_id


def test_slash_question_hash_percent_are_encoded() -> None:
    url = GetArchive(archive_id="a/b?c#d%e").build(CONFIG).url
    assert url.endswith("/archive/a%2Fb%3Fc%23d%25e")


def test_dot_segment_ids_are_encoded_so_no_proxy_can_resolve_them() -> None:
    # RFC 3986 5.2.4 removes "." and ".." segments: a raw ".." would send the call one level up.
    for archive_id, segment in ((".", "%2E"), ("..", "%2E%2E")):
        path = urlsplit(GetArchive(archive_id=archive_id).build(CONFIG).url).path
        assert path == f"/v2/project/{API_KEY}/archive/{segment}"
        assert unquote(segment) == archive_id
    assert GetArchive(archive_id="a.b").build(CONFIG).url.endswith("/archive/a.b")
