"""The list as the run reads it: the walks it makes (a first page, then each page's cursor),
and the reads of it that can be compared, because nothing was written between them (two first
pages of one order, or one page read again).

Walks are followed from the exchanges themselves, whatever made them: a page asked with a
cursor continues the walk whose last page issued that cursor, to the same team. A cursor from
anywhere else (the other team's, a near miss) continues no walk.
"""

from __future__ import annotations

from typing import Any

from api_spec.registries import LIST, PAGINATION
from contract_tests.rules.evidence import Exchange, Pages, WalkSeen
from contract_tests.rules.exchange import Asked
from contract_tests.rules.model import Model
from contract_tests.wire.credentials import Team

# Open walks kept at most (a walker that stops early leaves one behind), and reads kept to
# compare with later ones.
MAX_OPEN = 100
MAX_READS = 1000
Key = tuple[Team | None, str]


def _next_cursor(page: Any) -> str | None:
    cursor = page.get(PAGINATION.next_cursor) if isinstance(page, dict) else None
    has_more = isinstance(page, dict) and page.get(PAGINATION.has_more) is True
    return cursor if has_more and isinstance(cursor, str) and cursor else None


def _without(query: Any, *names: str | None) -> dict[str, Any]:
    return {k: v for k, v in dict(query).items() if k not in names}


class Walks:
    def __init__(self, model: Model) -> None:
        self.model = model
        self._open: dict[Key, WalkSeen] = {}  # by the cursor the walk's last page issued
        self._ended: dict[Team | None, tuple[int, int]] = {}  # team: (its writes, walk size)
        self._listed: dict[Team | None, set[str]] = {}  # what the last such walk listed
        # The reads that can be compared with a later one: by team and query, with the number
        # of the team's writes when each was read.
        self._reads: dict[tuple[Team | None, str], tuple[int, Exchange]] = {}
        self.driving = False  # set while the suite's own walker walks: it judges that walk
        self.current: WalkSeen | None = None  # the walk the last page noted belongs to

    def _writes(self, team: Team | None) -> int:
        return len(self.model.writes[team]) if team is not None else 0

    @staticmethod
    def _is_page(exchange: Exchange) -> bool:
        """A page of the list the docs allow, answered."""
        return (
            exchange.label == LIST.label
            and exchange.asked is Asked.ALLOWED
            and exchange.ok
            and isinstance(exchange.json, dict)
        )

    def follow(self, exchange: Exchange) -> WalkSeen | None:
        """Note a page of the list in the walk it continues or begins: the walk it ended, if
        it ended one."""
        self.current = None
        return self._follow(exchange) if self._is_page(exchange) else None

    def _follow(self, exchange: Exchange) -> WalkSeen | None:
        team = exchange.request.team
        cursor = exchange.cursor
        if cursor is None:
            query = _without(exchange.request.query, PAGINATION.cursor)
            walk = WalkSeen(team, query, driven=self.driving)
        else:
            found = self._open.get((team, str(cursor)))
            if found is None or found.query != _without(exchange.request.query, PAGINATION.cursor):
                # Not the walk's next page: the cursor with another order or page size (as a
                # state machine's link may send it) asks for another list, which a server may
                # serve from where the cursor points, or refuse.
                return None
            walk = self._open.pop((team, str(cursor)))
        walk.pages.append(exchange)
        self.current = walk
        following = _next_cursor(exchange.json)
        if following is None:
            walk.ended = True
            return self._close(walk)
        self._open[(team, following)] = walk
        while len(self._open) > MAX_OPEN:
            self._open.pop(next(iter(self._open)))
        return None

    def abandon(self, walk: WalkSeen) -> WalkSeen:
        """The walker stopped following before the end: the walk as it stands, closed."""
        for key, open_walk in list(self._open.items()):
            if open_walk is walk:
                del self._open[key]
        walk.abandoned = True
        return self._close(walk)

    def _close(self, walk: WalkSeen) -> WalkSeen:
        team = walk.team
        walk.throughout = self.model.alive_throughout(team, walk.first, walk.last)
        walk.wrote_during = self.model.wrote_between(team, walk.first, walk.last)
        writes, size = self._ended.get(team, (-1, 0))
        walk.largest_ended = size if writes == self._writes(team) else None
        walk.listed_before = self._listed.get(team, set())
        return walk

    def accepted(self, walk: WalkSeen) -> None:
        """A walk judged (not one read again as an older state): what it listed is what later
        walks are held to."""
        team = walk.team
        if not walk.ended or walk.wrote_during:
            return
        writes, size = self._ended.get(team, (-1, 0))
        now = self._writes(team)
        self._ended[team] = (now, max(size, len(walk.ids)) if writes == now else len(walk.ids))
        self._listed[team] = set(walk.ids)

    def open_walk_of(self, exchange: Exchange) -> WalkSeen | None:
        """The open walk `exchange` is the latest page of (the walker's own, to abandon)."""
        for walk in self._open.values():
            if walk.pages and walk.pages[-1] is exchange:
                return walk
        return None

    @staticmethod
    def _keys(exchange: Exchange) -> list[tuple[Team | None, str]]:
        """Where a read is kept for comparison: by its whole query (the same page again), and
        for a first page, by its order (first pages of other sizes)."""
        team = exchange.request.team
        query = dict(exchange.request.query)
        keys = [(team, repr(sorted(query.items(), key=str)))]
        if exchange.cursor is None:
            order = _without(query, PAGINATION.limit)
            keys.append((team, "first:" + repr(sorted(order.items(), key=str))))
        return keys

    def comparable(self, exchange: Exchange) -> list[Pages]:
        """The earlier reads of the same team this one can be compared with, nothing written
        between: the same page read again, and first pages of one order and another size."""
        if not self._is_page(exchange):
            return []
        writes = self._writes(exchange.request.team)
        pairs = []
        for key in self._keys(exchange):
            earlier = self._reads.get(key)
            if earlier is None or earlier[0] != writes or earlier[1] is exchange:
                continue
            first_pages = key[1].startswith("first:")
            if first_pages and earlier[1].limit == exchange.limit:
                continue  # the same page again: the exact key pairs them
            pairs.append(Pages(earlier[1], exchange))
        return pairs

    def record(self, exchange: Exchange) -> None:
        """Keep a read to compare later ones with."""
        if not self._is_page(exchange):
            return
        writes = self._writes(exchange.request.team)
        for key in self._keys(exchange):
            self._reads[key] = (writes, exchange)
        while len(self._reads) > MAX_READS:
            self._reads.pop(next(iter(self._reads)))

    def forget(self, exchange: Exchange) -> None:
        """Compare nothing with this read any more (it may show an older state)."""
        for key, (_, kept) in list(self._reads.items()):
            if kept is exchange:
                del self._reads[key]
