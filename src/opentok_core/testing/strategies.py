"""Hypothesis strategies for property-testing code built on opentok-py.

Every value these strategies draw is *valid*: the SDK accepts it without a ValidationError, so
your property tests exercise your code, not our input checks. Needs the ``testing`` extra.

The strategies read no clock: give ``now`` (unix seconds) where a value depends on it, e.g. a
token's expiry. Example::

    from hypothesis import given
    from opentok_core.testing import strategies as ots

    @given(ots.session_ids(api_key="123456"), ots.token_options(now=1_700_000_000))
    def test_my_token_endpoint(session_id, options): ...
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from opentok_core._credentials import ProjectCredentials
from opentok_core._session_ids import encode_session_id
from opentok_core._tokens import MAX_DATA, MAX_LIFETIME, Role

__all__ = [
    "api_keys",
    "api_secrets",
    "application_ids",
    "layout_class_lists",
    "project_credentials",
    "roles",
    "session_ids",
    "token_data",
    "token_options",
]

_HEX = "0123456789abcdef"
# Layout class names: visible characters only (no spaces, no control characters).
_CLASS_CHARS = st.characters(blacklist_categories=("Zs", "Zl", "Zp", "Cc", "Cs"))


def api_keys() -> st.SearchStrategy[str]:
    """OpenTok project API keys: strings of 6 to 9 digits, like the real ones."""
    return st.integers(100_000, 999_999_999).map(str)


def api_secrets() -> st.SearchStrategy[str]:
    """Project API secrets: 40 lower-case hex characters, like the real ones."""
    return st.text(alphabet=_HEX, min_size=40, max_size=40)


def application_ids() -> st.SearchStrategy[str]:
    """Vonage application ids (UUID text)."""
    return st.uuids().map(str)


def project_credentials(
    api_key: str | st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[ProjectCredentials]:
    """ProjectCredentials with a drawn (or the given) API key and a drawn secret."""
    keys = _strategy(api_key, api_keys())
    return st.builds(ProjectCredentials, keys, api_secrets())


def _strategy(value: Any, default: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    if value is None:
        return default
    if isinstance(value, st.SearchStrategy):
        return value
    return st.just(value)


def _created_text() -> st.SearchStrategy[str]:
    # The service writes a human date there, e.g. "Mon Mar 17 00:41:31 PDT 2014".
    moments = st.datetimes(min_value=dt.datetime(2012, 1, 1), max_value=dt.datetime(2035, 1, 1))
    return moments.map(lambda d: d.strftime("%a %b %d %H:%M:%S PDT %Y"))


def _locations() -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), st.ip_addresses(v=4).map(str))


def session_ids(api_key: str | st.SearchStrategy[str] | None = None) -> st.SearchStrategy[str]:
    """Session ids in the service's layout that belong to ``api_key`` (drawn when not given).

    Tokens for them can be minted with credentials of that key: ``generate_token`` checks that a
    session id names the caller's API key, and these do.
    """
    keys = _strategy(api_key, api_keys())
    rand = st.floats(0, 1, exclude_max=True).map(lambda f: f"{f:.8f}")
    return st.builds(encode_session_id, keys, _locations(), _created_text(), rand)


def roles() -> st.SearchStrategy[Role]:
    """Any connection role."""
    return st.sampled_from(list(Role))


def token_data() -> st.SearchStrategy[str]:
    """Connection data: any text up to the 1000-character limit, with URL-significant
    characters (``&``, ``=``, ``:``, ``%``, ``+``) and non-ASCII text well represented."""
    tricky = st.sampled_from(["name=Ann&role=host", "a&b=c:d", "ü=&:=%", "x y+z", "{}"])
    return st.one_of(tricky, st.text(max_size=MAX_DATA))


def layout_class_lists(max_items: int = 5) -> st.SearchStrategy[list[str]]:
    """Lists of layout class names (non-empty, no whitespace) within the joined-length limit."""
    names = st.text(alphabet=_CLASS_CHARS, min_size=1, max_size=20)
    return st.lists(names, max_size=max_items).filter(lambda xs: len(" ".join(xs)) <= MAX_DATA)


def token_options(
    *, now: float, use_jwt: bool | None = None, margin: int = 60
) -> st.SearchStrategy[dict[str, Any]]:
    """Keyword arguments for ``generate_token`` (the client method or the core function).

    Draws ``role``, ``expire_time`` (None for the 24-hour default, or a unix time between
    ``now + margin`` and 30 days after ``now``), ``data`` (None or text),
    ``initial_layout_class_list`` and ``use_jwt`` (drawn unless given). ``margin`` keeps drawn
    expiries in the future even if your clock moves on a little before the token is minted.
    """
    base = int(now)
    expiry = st.one_of(st.none(), st.integers(base + margin, base + MAX_LIFETIME))
    return st.fixed_dictionaries(
        {
            "role": roles(),
            "expire_time": expiry,
            "data": st.one_of(st.none(), token_data()),
            "initial_layout_class_list": layout_class_lists(),
            "use_jwt": st.booleans() if use_jwt is None else st.just(use_jwt),
        }
    )
