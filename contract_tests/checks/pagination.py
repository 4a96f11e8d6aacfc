"""Checks on cursor pagination: pages, the walk across them, and their order."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

PAGE_SIZE = "each page holds at most `limit` items"
HASMORE_MATCHES_NEXTPAGE = "`hasMore` is true exactly when `nextPage` is a string"
NO_EMPTY_PAGE = "`hasMore: true` is never followed by an empty page"
WALK_ONCE = "following `nextPage` ends and yields every registry exactly once"
ORDER = "items ordered by `dtCreated` in the requested direction (ties allowed)"
PREFIX = "the first page of a smaller `limit` is a prefix of the first page of a larger one"
LIMIT_REFUSED = "400 with an error body for a `limit` outside 1..120 or not a number"

Page = dict[str, Any]


def page_size_within_limit(page: Page, limit: int) -> str | None:
    count = len(page.get("items") or [])
    return f"{count} items for limit={limit}" if count > limit else None


def hasmore_matches_nextpage(page: Page) -> str | None:
    has_more, next_page = page.get("hasMore"), page.get("nextPage")
    if (has_more is True) != isinstance(next_page, str):
        return f"hasMore={has_more!r} with nextPage={next_page!r}"
    return None


def no_empty_page_after_hasmore(pages: list[Page]) -> str | None:
    for index, page in enumerate(pages[1:], start=1):
        if not page.get("items"):
            return f"page {index + 1} is empty after page {index} said hasMore=true"
    return None


def walk_yields_each_once(ids: list[str], expected: set[str], ended: bool) -> str | None:
    if not ended:
        return f"the walk did not end after {len(ids)} items (a cursor that never advances?)"
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        return f"duplicated across pages: {duplicates[:5]}"
    missing = sorted(expected - set(ids))
    if missing:
        return f"never yielded (gap in the walk): {missing[:5]} of {len(expected)} registries"
    return None


def order_by_dtcreated(items: list[dict[str, Any]], order: str) -> str | None:
    stamps = [parse_time(item.get("dtCreated")) for item in items]
    for position, (before, after) in enumerate(pairwise(stamps)):
        if before is None or after is None:
            continue
        if (order == "asc" and after < before) or (order == "desc" and after > before):
            return (
                f"items {position} and {position + 1} out of {order} order: "
                f"{items[position].get('dtCreated')} then {items[position + 1].get('dtCreated')}"
            )
    return None


def first_page_prefix(small: list[str], large: list[str]) -> str | None:
    if large[: len(small)] != small:
        return f"first page {small[:5]} is not a prefix of {large[:8]}"
    return None


def parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    # A stamp without an offset next to one with it would make the comparison raise;
    # the schema check reports the missing offset, ordering reads it as UTC.
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
