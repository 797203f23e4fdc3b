"""Page and PageCursor: the pure paging rule walks every item once and always terminates,
whatever counts and page sizes the server answers with."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opentok_core import Archive, Page, PageCursor, Render, ValidationError
from opentok_core._binding import bind
from opentok_core._pagination import parse_page

Server = Callable[[int, int], Page[int]]


def walk(server: Server, page_size: int = 3, budget: int = 10_000) -> tuple[list[int], int]:
    """Drive the cursor the way the clients' iter_* methods do; count the requests."""
    cursor: PageCursor | None = PageCursor(page_size=page_size)
    seen: list[int] = []
    requests = 0
    while cursor is not None:
        requests += 1
        assert requests <= budget, "the walk did not terminate"
        page = server(cursor.offset, cursor.page_size)
        seen.extend(page)
        cursor = cursor.advance(page)
    return seen, requests


def honest(total: int, cap: int | None = None) -> Server:
    def serve(offset: int, count: int) -> Page[int]:
        size = count if cap is None else min(count, cap)
        items = tuple(range(offset, min(offset + size, total)))
        return Page(items=items, count=total, offset=offset)

    return serve


@pytest.mark.parametrize(
    ("total", "size", "requests"), [(0, 3, 1), (1, 3, 1), (3, 3, 1), (7, 3, 3), (9, 3, 3)]
)
def test_honest_server_every_item_once(total: int, size: int, requests: int) -> None:
    assert walk(honest(total), size) == (list(range(total)), requests)


def test_server_capping_page_size_loses_nothing() -> None:
    # asked for 1000 per page, the server gives 100: advance by what came back
    assert walk(honest(250, cap=100), 1000) == (list(range(250)), 3)


def test_empty_page_stops_even_when_count_says_more() -> None:
    def lying(offset: int, count: int) -> Page[int]:
        return Page(items=(), count=10**9, offset=offset)

    assert walk(lying) == ([], 1)


def test_growing_count_cannot_extend_the_walk() -> None:
    def growing(offset: int, count: int) -> Page[int]:
        return Page(
            items=tuple(range(offset, offset + count)), count=offset + 2 * count, offset=offset
        )

    items, requests = walk(growing, 3)
    assert requests == 2 and items == list(range(6))  # the first page said 6 in total


def test_page_behaves_like_its_items() -> None:
    page = Page(items=("a", "b", "c"), count=10, offset=4)
    assert list(page) == ["a", "b", "c"] and len(page) == 3
    assert page[1] == "b" and page[-1] == "c" and page[:2] == ("a", "b")


@pytest.mark.parametrize("size", [0, 1001, -5, "10", 2.0, True])
def test_page_size_is_validated(size: object) -> None:
    with pytest.raises(ValidationError) as info:
        PageCursor(page_size=size)  # type: ignore[arg-type]
    assert info.value.field == "page_size"


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"items": {}},
        {"items": [], "count": -1},
        {"items": [], "count": "3"},
        {"items": [], "count": True},
    ],
)
def test_malformed_list_bodies_raise_value_error(body: object) -> None:
    with pytest.raises(ValueError):
        parse_page(body, 0, int)


@settings(max_examples=150)
@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 60)),  # (items returned, count claimed)
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 5),
)
def test_any_server_behaviour_terminates_within_the_first_total(
    answers: list[tuple[int, int]], page_size: int
) -> None:
    calls = iter(answers)
    offsets: list[int] = []

    def arbitrary(offset: int, count: int) -> Page[int]:
        offsets.append(offset)
        n, claimed = next(calls, (0, 0))
        return Page(items=tuple(range(n)), count=claimed, offset=offset)

    _, requests = walk(arbitrary, page_size, budget=100)
    first_total = answers[0][1]
    assert requests <= max(first_total, 0) + 1
    assert offsets == sorted(set(offsets))  # strictly increasing: no page asked twice


class _Counted(Archive):
    """An Archive binding in its own way (counting), which a page must still call."""

    __slots__ = ()
    calls: ClassVar[list[object]] = []

    def _bind(self, client: object) -> None:
        type(self).calls.append(client)
        super()._bind(client)


def _bound_to(item: object) -> object:
    return getattr(item, "_binding", None)


def test_binding_a_page_of_one_model_binds_every_item() -> None:
    client = object()
    page = Page(items=tuple(Archive(id=str(i), status="started") for i in range(5)))
    bind(page, client)
    assert all(_bound_to(a) is client for a in page)


def test_binding_a_mixed_page_binds_the_models_and_leaves_the_rest() -> None:
    client = object()
    archive = Archive(id="a", status="started")
    render = Render(id="r", session_id="s", status="started")
    page = Page(items=(archive, 1, render, "x"))
    bind(page, client)
    assert _bound_to(archive) is client and _bound_to(render) is client


def test_a_model_binding_in_its_own_way_is_asked_for_each_item() -> None:
    client = object()
    _Counted.calls.clear()
    page = Page(items=tuple(_Counted(id=str(i), status="started") for i in range(3)))
    bind(page, client)
    assert _Counted.calls == [client] * 3 and all(_bound_to(a) is client for a in page)


def test_binding_a_page_of_plain_values_changes_nothing() -> None:
    page = Page(items=(1, 2, 3))
    assert bind(page, object()) is page and page.items == (1, 2, 3)
    assert bind(Page(), object()).items == ()
