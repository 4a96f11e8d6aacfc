"""The pages of a list and the walk across them, as properties over every page size and order.

The names of the page members, the cursor, the sort field and the directions come from the
spec's `x-pagination` (`api_spec.registries.PAGINATION`).
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

from api_spec.registries import LIST, PAGINATION
from contract_tests.rules.compare import instant
from contract_tests.rules.registry import Kind, check
from contract_tests.rules.violations import Problem

Page = dict[str, Any]
ON_LIST = (LIST.label,)
HAS_MORE, NEXT, ITEMS = PAGINATION.has_more, PAGINATION.next_cursor, PAGINATION.results


def items_of(page: Page) -> list[Any]:
    items = page.get(ITEMS)
    return items if isinstance(items, list) else []


@check(
    rule="a page holds at most the page size asked for",
    kind=Kind.TEST,
    operations=ON_LIST,
    proven_by=("page-overflow",),
)
def page_size_within_limit(page: Page, limit: int) -> Problem | None:
    count = len(items_of(page))
    if count > limit:
        return Problem(
            "a page larger than the page size", f"{count} items for {PAGINATION.limit}={limit}"
        )
    return None


@check(
    rule=f"`{HAS_MORE}` is true exactly when `{NEXT}` is a cursor (a string)",
    kind=Kind.TEST,
    operations=ON_LIST,
    proven_by=("hasmore-without-next", "nextpage-on-last"),
)
def hasmore_matches_nextpage(page: Page) -> Problem | None:
    has_more, next_page = page.get(HAS_MORE), page.get(NEXT)
    if (has_more is True) != isinstance(next_page, str):
        return Problem(
            f"`{HAS_MORE}` and `{NEXT}` disagree",
            f"{HAS_MORE}={has_more!r}, {NEXT}={next_page!r}",
        )
    return None


@check(
    rule=f"a page that says `{HAS_MORE}: true` is never followed by an empty page",
    kind=Kind.TEST,
    operations=ON_LIST,
    proven_by=("empty-last-page",),
)
def no_empty_page_after_hasmore(pages: list[Page]) -> Problem | None:
    for index, page in enumerate(pages[1:], start=1):
        if not items_of(page):
            return Problem(
                "an empty page after a page that promised more",
                f"page {index + 1} of {len(pages)}",
            )
    return None


@check(
    rule=f"following `{NEXT}` from the first page ends, and yields every registry exactly once",
    kind=Kind.TEST,
    operations=ON_LIST,
    proven_by=("cursor-skip", "cursor-repeat", "cursor-ignored", "list-stale"),
)
def walk_yields_each_once(ids: list[str], expected: set[str], ended: bool) -> Problem | None:
    if not ended:
        return Problem("a walk that does not end", f"still going after {len(ids)} items")
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        return Problem("a registry yielded twice in one walk", f"{repeated[:5]}")
    missing = sorted(expected - set(ids))
    if missing:
        return Problem(
            "a registry missing from the walk",
            f"{missing[:5]} of {len(expected)} never yielded",
        )
    return None


@check(
    rule="a walk stays exact while registries are created and deleted between its pages: "
    "none that existed throughout is skipped or yielded twice (a cursor is not an offset)",
    kind=Kind.TEST,
    operations=ON_LIST,
    needs_writes=True,
    proven_by=("cursor-offset",),
)
def walk_survives_writes(ids: list[str], throughout: set[str]) -> Problem | None:
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        return Problem("a write between pages made the walk repeat a registry", f"{repeated[:5]}")
    missing = sorted(throughout - set(ids))
    if missing:
        return Problem("a write between pages made the walk skip a registry", f"{missing[:5]}")
    return None


@check(
    rule="items are in the order asked for, by the sort field (ties allowed); the default "
    "direction when none is asked",
    kind=Kind.TEST,
    operations=ON_LIST,
    proven_by=("wrong-order", "default-order-asc"),
)
def sorted_as_requested(items: list[dict[str, Any]], field: str, ascending: bool) -> Problem | None:
    stamps = [item.get(field) if isinstance(item, dict) else None for item in items]
    keys = [instant(stamp) or stamp for stamp in stamps]
    for position, (before, after) in enumerate(pairwise(keys)):
        if before is None or after is None or type(before) is not type(after):
            continue
        if (ascending and after < before) or (not ascending and after > before):
            direction = PAGINATION.ascending if ascending else PAGINATION.descending
            pair = f"{stamps[position]} then {stamps[position + 1]}"
            return Problem(
                f"items out of {direction} order",
                f"items {position} and {position + 1}: {pair}",
            )
    return None


@check(
    rule="the first page of a smaller page size is a prefix of the first page of a larger one",
    kind=Kind.TEST,
    operations=ON_LIST,
)
def first_page_prefix(small: list[str], large: list[str]) -> Problem | None:
    if large[: len(small)] != small:
        return Problem(
            "a small first page that is not a prefix of a larger one",
            f"{small[:5]} vs {large[:8]}",
        )
    return None
