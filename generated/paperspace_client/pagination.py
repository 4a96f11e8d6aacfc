# Copied by `make generate` from client_extras/paperspace_client/pagination.py: edit that file, not this one.
"""Follow a list operation's cursor: every page, or every item, fetched lazily.

Each list operation that the spec marks with `x-pagination` gets `iter_pages`,
`iter_items`, `aiter_pages` and `aiter_items` in its endpoint module, generated
from that extension: they hand this module a `fetch` that calls the endpoint with
a cursor (None for the first page), and accessors for the page members the
extension names (the items, the next cursor, whether more pages follow). This
module imports nothing from the package, so it works wherever it is vendored.

A page is requested only when the previous one is used up, and the walk stops
when a page says no more pages follow (or names no next cursor, so a server bug
cannot loop forever).

Such a module also states the spec's facts a caller of `sync_detailed` needs: its
`PAGE_SIZE` (a `PageSize`: the keyword and its bounds) and `ITEMS_MEMBER` (the
member of a page's JSON body that holds the items).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

P = TypeVar("P")
T = TypeVar("T")


@dataclass(frozen=True)
class PageSize:
    """The keyword that sets a list's page size, and the inclusive bounds the spec gives it
    (None: no bound on that side). The API refuses a size outside them; the client does not
    check, so the API stays the one judge."""

    keyword: str
    minimum: int | None = None
    maximum: int | None = None


def next_cursor(has_more: object, cursor: object) -> str | None:
    """The cursor to send for the next page, or None when this page is the last."""
    if has_more is True and isinstance(cursor, str) and cursor:
        return cursor
    return None


def iter_pages(fetch: Callable[[str | None], P], cursor_after: Callable[[P], str | None]) -> Iterator[P]:
    """Yield pages from `fetch(None)` on, passing `cursor_after(page)` as the next cursor."""
    after: str | None = None
    while True:
        page = fetch(after)
        yield page
        after = cursor_after(page)
        if after is None:
            return


def iter_items(pages: Iterable[P], items_of: Callable[[P], Sequence[T]]) -> Iterator[T]:
    """Yield the items of each page in turn."""
    for page in pages:
        yield from items_of(page)


async def aiter_pages(
    fetch: Callable[[str | None], Awaitable[P]], cursor_after: Callable[[P], str | None]
) -> AsyncIterator[P]:
    """The async twin of `iter_pages`."""
    after: str | None = None
    while True:
        page = await fetch(after)
        yield page
        after = cursor_after(page)
        if after is None:
            return


async def aiter_items(pages: AsyncIterator[P], items_of: Callable[[P], Sequence[T]]) -> AsyncIterator[T]:
    """The async twin of `iter_items`."""
    async for page in pages:
        for item in items_of(page):
            yield item


__all__ = ["PageSize", "aiter_items", "aiter_pages", "iter_items", "iter_pages", "next_cursor"]
