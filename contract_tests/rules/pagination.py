"""The list: every page the run sees (its size, its order, `hasMore` against `nextPage`), two
reads of it with nothing written between, and each walk across its pages.

The names of the page members, the cursor, the sort field and the directions come from the
spec's `x-pagination` (`api_spec.registries.PAGINATION`).
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

from api_spec.registries import CREATED, LIST, PAGINATION
from contract_tests.rules.compare import instant
from contract_tests.rules.conditions import A_PAGE
from contract_tests.rules.evidence import Exchange, Pages, WalkSeen
from contract_tests.rules.exchange import Asked
from contract_tests.rules.expectations import of, page_size
from contract_tests.rules.registry import Condition, Shape, check
from contract_tests.rules.violations import HELD, NotJudged, Problem, Verdict

ON_LIST = (LIST.label,)
HAS_MORE, NEXT = PAGINATION.has_more, PAGINATION.next_cursor
# The order a list that names none is in: the spec's default direction, by the sort field.
DEFAULT_DIRECTION = PAGINATION.descending
if PAGINATION.sort_direction:
    DEFAULT_DIRECTION = LIST.query(PAGINATION.sort_direction).default or DEFAULT_DIRECTION
# Pages of a request the docs allow, and pages of a cursor the server may not have issued
# to this team (which it may answer), are judged alike.
PAGES = (Asked.ALLOWED,)


def default_limit_of(exchange: Exchange) -> int | None:
    limit = exchange.limit
    try:
        return int(limit) if limit is not None else None
    except (TypeError, ValueError):
        return None


@check(
    rule="a page holds at most the page size asked for",
    operations=ON_LIST,
    asked=PAGES,
    requires=(A_PAGE,),
    proven_by=("page-overflow",),
    expects=page_size,
)
def page_size_within_limit(exchange: Exchange) -> Verdict:
    limit = default_limit_of(exchange)
    if limit is None:
        return NotJudged("no page size was asked (the server chooses it)")
    count = len(exchange.items)
    if count > limit:
        return Problem(
            "a page larger than the page size", f"{count} items for {PAGINATION.limit}={limit}"
        )
    return HELD


@check(
    rule=f"`{HAS_MORE}` is true exactly when `{NEXT}` is a cursor (a string)",
    operations=ON_LIST,
    asked=PAGES,
    requires=(A_PAGE,),
    proven_by=("hasmore-without-next", "nextpage-on-last"),
    expects=of(page={"has_more_matches": True}),
)
def hasmore_matches_nextpage(exchange: Exchange) -> Verdict:
    page = exchange.json
    has_more, next_page = page.get(HAS_MORE), page.get(NEXT)
    if (has_more is True) != isinstance(next_page, str):
        return Problem(
            f"`{HAS_MORE}` and `{NEXT}` disagree",
            f"{HAS_MORE}={has_more!r}, {NEXT}={next_page!r}",
        )
    return HELD


def order_of(exchange: Exchange) -> tuple[str, bool]:
    """The sort field and whether ascending, as the request asked (the spec's defaults when
    it named none)."""
    query = exchange.request.query
    by, way = PAGINATION.sort_field, PAGINATION.sort_direction
    field = str(query.get(by, CREATED)) if by else CREATED
    direction = query.get(way, DEFAULT_DIRECTION) if way else DEFAULT_DIRECTION
    return field, direction == PAGINATION.ascending


def _in_order(keys: list[Any], ascending: bool) -> bool:
    """Whether every two neighbours that compare are in this order (ties allowed)."""
    return all(
        (one <= other if ascending else one >= other)
        for one, other in pairwise(keys)
        if one is not None and other is not None and type(one) is type(other)
    )


@check(
    rule="every page's items are in the order asked for, by the sort field (ties allowed); "
    "the default field and direction when none is asked, after updates too",
    operations=ON_LIST,
    asked=PAGES,
    requires=(A_PAGE,),
    proven_by=("wrong-order", "default-order-asc", "default-sort-modified"),
    expects=lambda exchange: {"page": {"sorted": list(order_of(exchange))}},
)
def sorted_as_requested(exchange: Exchange) -> Verdict:
    field, ascending = order_of(exchange)
    stamps = [item.get(field) for item in exchange.items]
    keys = [instant(stamp) or stamp for stamp in stamps]
    judged = False
    for position, (before, after) in enumerate(pairwise(keys)):
        if before is None or after is None or type(before) is not type(after):
            continue
        judged = True
        if (ascending and after < before) or (not ascending and after > before):
            direction = PAGINATION.ascending if ascending else PAGINATION.descending
            pair = f"{stamps[position]} then {stamps[position + 1]}"
            return Problem(
                f"items out of {direction} order by {field}",
                f"items {position} and {position + 1}: {pair}",
                # In the other direction, any list shows it; in another order, only a list with
                # the run's registries as the run left them.
                alone=_in_order(keys, not ascending),
            )
    return HELD if judged else NotJudged("fewer than two items to order")


def _first_pages(pages: Pages) -> str | None:
    return f"the same page read again ({same_page_again.name}'s)" if pages.repeated else None


def _repeated(pages: Pages) -> str | None:
    return (
        None if pages.repeated else f"two first pages of other sizes ({first_page_prefix.name}'s)"
    )


FIRST_PAGES = Condition[Pages]("two first pages of different sizes", _first_pages)
REPEATED = Condition[Pages]("one page read twice", _repeated)


@check(
    rule="the first page of a smaller page size is a prefix of the first page of a larger "
    "one, with nothing written between",
    shape=Shape.PAGES,
    operations=ON_LIST,
    asked=PAGES,
    requires=(FIRST_PAGES,),
    lags=True,
)
def first_page_prefix(pages: Pages) -> Verdict:
    small, large = pages.before.ids, pages.after.ids
    if len(small) > len(large):
        small, large = large, small
    if large[: len(small)] != small:
        return Problem(
            "a small first page that is not a prefix of a larger one",
            f"{small[:5]} vs {large[:8]}",
        )
    return HELD


@check(
    rule="a page read again (the same page size, order and cursor) with nothing written "
    "between lists the same registries in the same order: GET is safe (RFC 9110 §9.2.1), a "
    "cursor too",
    shape=Shape.PAGES,
    operations=ON_LIST,
    asked=PAGES,
    requires=(REPEATED,),
    lags=True,
    proven_by=("cursor-advances-on-read",),
    expects=of(same_twice=True),
)
def same_page_again(pages: Pages) -> Verdict:
    if pages.before.ids != pages.after.ids:
        return Problem(
            "a page read again lists other registries",
            f"{pages.before.ids[:6]} then {pages.after.ids[:6]}",
        )
    return HELD


@check(
    rule=f"a page that says `{HAS_MORE}: true` is never followed by an empty page, when nothing "
    "was deleted between them (a list that lags may apply a delete just then: it is read again)",
    shape=Shape.WALK,
    operations=ON_LIST,
    asked=PAGES,
    lags=True,
    proven_by=("empty-last-page",),
    expects=of(no_empty_after_more=True),
)
def no_empty_page_after_hasmore(walk: WalkSeen) -> Verdict:
    if len(walk.pages) < 2:
        return NotJudged("a walk of one page")
    if walk.wrote_during:
        return NotJudged("the run wrote between its pages: what followed may be gone")
    for index, page in enumerate(walk.pages[1:], start=1):
        if not page.items:
            return Problem(
                "an empty page after a page that promised more",
                f"page {index + 1} of {len(walk.pages)}",
            )
    return HELD


def _twice(ids: list[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


@check(
    rule=f"following `{NEXT}` from the first page ends, and yields every registry exactly once: "
    "those the run created and holds, and those an earlier walk listed that still exist",
    shape=Shape.WALK,
    operations=ON_LIST,
    asked=PAGES,
    lags=True,
    proven_by=("cursor-skip", "cursor-repeat", "cursor-ignored", "list-stale"),
    expects=of(walk_once=True),
)
def walk_yields_each_once(walk: WalkSeen) -> Verdict:
    if walk.wrote_during:
        return NotJudged(f"the run wrote between its pages ({walk_survives_writes.name}'s)")
    ids = walk.ids
    repeated = _twice(ids)
    if repeated:
        return Problem("a registry yielded twice in one walk", f"{repeated[:5]}")
    if not walk.ended:
        return _unended(walk)
    owned = {known.id for known in walk.throughout.values() if known.owned}
    # Found by an earlier walk: someone else may delete one meanwhile (the engine asks).
    found = {known.id for known in walk.throughout.values() if not known.owned}
    found &= walk.listed_before
    missing = sorted((owned | found) - set(ids))
    if missing:
        return Problem(
            "a registry missing from the walk",
            f"{missing[:5]} of the {len(owned | found)} known to exist never yielded "
            f"({len(ids)} yielded in {len(walk.pages)} pages)",
            depends_on=tuple(i for i in missing if i in found),
        )
    return HELD


def _unended(walk: WalkSeen) -> Verdict:
    """A walk the walker stopped following: a finding only when it went past the size of a
    walk of the same list that ended, with nothing written since."""
    largest = walk.largest_ended
    count = len(walk.ids)
    if walk.abandoned and largest is not None and count > largest:
        return Problem(
            "two walks of one list disagree",
            f"this walk went past {count} registries in {len(walk.pages)} pages and had not "
            f"ended; a walk of the same list, with nothing written since, ended at {largest}",
        )
    return NotJudged("the walk was not followed to its end")


@check(
    rule="a walk stays exact while registries are created and deleted between its pages: "
    "none that existed throughout, and that a walk before it listed, is skipped or yielded "
    "twice (a cursor is not an offset)",
    shape=Shape.WALK,
    operations=ON_LIST,
    asked=PAGES,
    needs_writes=True,
    proven_by=("cursor-offset",),
    expects=of(walk_once=True),
)
def walk_survives_writes(walk: WalkSeen) -> Verdict:
    if not walk.wrote_during:
        return NotJudged("nothing was written between its pages")
    if not walk.listed_before:
        return NotJudged("no walk before it listed the team's registries")
    # Listed by an earlier walk, so no lag can explain its absence now.
    throughout = set(walk.throughout) & walk.listed_before
    ids = walk.ids
    repeated = [i for i in _twice(ids) if i in throughout]
    if repeated:
        return Problem("a write between pages made the walk repeat a registry", f"{repeated[:5]}")
    if not walk.ended:
        return NotJudged("the walk was not followed to its end")
    missing = sorted(throughout - set(ids))
    if missing:
        return Problem("a write between pages made the walk skip a registry", f"{missing[:5]}")
    return HELD


def items_of(page: dict[str, Any]) -> list[Any]:
    items = page.get(PAGINATION.results)
    return items if isinstance(items, list) else []
