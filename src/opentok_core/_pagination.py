"""Offset/count listings: one page of results, and the pure rule for walking every page.

The service lists archives, broadcasts and renders as ``GET ...?offset=&count=`` answering
``{"count": total, "items": [...]}``. ``Page`` is that answer, typed. ``PageCursor`` says which
page to ask for next, or that the walk is over; the clients' ``iter_*`` methods loop on it
and hold no paging logic of their own.

Termination does not trust the server: the walk ends on an empty page, and never goes past the
total the *first* page reported (a count that grows on every page cannot keep it going). Each
page moves the offset forward by at least one item, so the number of requests is bounded by
that first total. A server that caps ``count`` below what was asked is fine: the cursor
advances by what actually came back, so no item is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar, overload

import attrs

from ._model import Model
from ._validate import check_int

__all__ = ["Page", "PageCursor", "parse_page"]

T = TypeVar("T")

#: The largest ``count`` the list endpoints accept (spec/service.md#pagination).
MAX_PAGE_SIZE = 1000


@attrs.frozen(kw_only=True)
class Page(Model, Generic[T]):
    """One page of a listing.

    ``items`` are this page's results; ``count`` is the total number of matching items the
    server reports (the wire name, and the official SDK's ``ArchiveList.count``), which is not
    ``len(page)``. ``offset`` is the position of ``items[0]`` in the whole listing. A Page
    iterates, indexes and has a ``len`` like its ``items``.
    """

    items: tuple[T, ...] = ()
    count: int = 0
    offset: int = 0

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        return self.items[index]

    def _bind(self, client: object) -> None:
        """Bind each item to the client that fetched the page (models/_bound.py): a page of
        one model binds in one pass (``_bind_each``), anything else item by item."""
        kinds = set(map(type, self.items))
        if len(kinds) == 1:
            bind_each = getattr(kinds.pop(), "_bind_each", None)
            if bind_each is not None:
                bind_each(self.items, client)
                return
        for item in self.items:
            binder = getattr(item, "_bind", None)
            if binder is not None:
                binder(client)


def parse_page(data: Any, offset: int, item: Callable[[Any], T]) -> Page[T]:
    """Read ``{"count": n, "items": [...]}`` with ``item`` reading each element.

    A missing ``count`` is taken as "nothing beyond this page" (``offset + len(items)``): the
    walk then stops rather than guess. Wrong types raise ValueError (UnexpectedResponse).
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"list body must be a JSON object, got {type(data).__name__}")
    raw_items = data.get("items")
    if raw_items is None:
        raw_items = []
    if not isinstance(raw_items, list):
        raise ValueError("'items' must be a list")
    items = tuple(map(item, raw_items))
    count = data.get("count")
    if count is None:
        count = offset + len(items)
    elif isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError("'count' must be a non-negative integer")
    return Page(items=items, count=count, offset=offset)


def _page_size(value: object) -> int:
    return check_int("page_size", value, lo=1, hi=MAX_PAGE_SIZE)


@attrs.frozen(kw_only=True)
class PageCursor:
    """Where the next page starts, and how many items to ask for.

    ``PageCursor(page_size=100)`` is the first page; ``cursor.advance(page)`` is the next
    cursor, or None when the listing is exhausted. ``limit`` is the total reported by the first
    page, fixed for the rest of the walk.
    """

    page_size: int = attrs.field(default=MAX_PAGE_SIZE, converter=_page_size)
    offset: int = 0
    limit: int | None = None

    def advance(self, page: Page[Any]) -> PageCursor | None:
        """The cursor after ``page`` (the answer to this cursor), or None to stop."""
        received = len(page.items)
        if received == 0:
            return None
        limit = page.count if self.limit is None else self.limit
        offset = self.offset + received
        if offset >= limit:
            return None
        return PageCursor(page_size=self.page_size, offset=offset, limit=limit)
