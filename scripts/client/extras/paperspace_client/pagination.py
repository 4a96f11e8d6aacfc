"""Follow a list operation's cursor: every page, or every item, fetched lazily.

Each list endpoint module whose 200 response is the page envelope (`hasMore`,
`items`, `nextPage`) gets `iter_pages`, `iter_items`, `aiter_pages` and
`aiter_items`, generated from the spec; they hand this module a `fetch` that
calls the endpoint with a cursor (None for the first page). This module imports
nothing from the package, so it works wherever the package is vendored.

A page is requested only when the previous one is used up, and the walk stops on
`hasMore: false` (or when a page names no next cursor, so a server bug cannot
loop forever).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

T_co = TypeVar("T_co", covariant=True)


class Page(Protocol[T_co]):
    """The page envelope every list operation answers with."""

    @property
    def has_more(self) -> bool: ...

    @property
    def items(self) -> Sequence[T_co]: ...

    @property
    def next_page(self) -> object: ...  # a string cursor, or null/absent on the last page


P = TypeVar("P", bound=Page[Any])
T = TypeVar("T")


def _next_cursor(page: Page[Any]) -> str | None:
    if page.has_more and isinstance(page.next_page, str) and page.next_page:
        return page.next_page
    return None


def iter_pages(fetch: Callable[[str | None], P]) -> Iterator[P]:
    """Yield pages from `fetch(None)` on, passing each page's `nextPage` as the next cursor."""
    after: str | None = None
    while True:
        page = fetch(after)
        yield page
        cursor = _next_cursor(page)
        if cursor is None:
            return
        after = cursor


def iter_items(pages: Iterable[Page[T]]) -> Iterator[T]:
    """Yield the items of each page in turn."""
    for page in pages:
        yield from page.items


async def aiter_pages(fetch: Callable[[str | None], Awaitable[P]]) -> AsyncIterator[P]:
    """The async twin of `iter_pages`."""
    after: str | None = None
    while True:
        page = await fetch(after)
        yield page
        cursor = _next_cursor(page)
        if cursor is None:
            return
        after = cursor


async def aiter_items(pages: AsyncIterator[Page[T]]) -> AsyncIterator[T]:
    """The async twin of `iter_items`."""
    async for page in pages:
        for item in page.items:
            yield item


__all__ = ["Page", "aiter_items", "aiter_pages", "iter_items", "iter_pages"]
