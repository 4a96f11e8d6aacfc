"""The list operation's page: which registries it shows, and the cursor to the next page,
bent by the pagination, isolation and cursor faults."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api_spec.registries import LIMIT, PAGINATION
from mock_server import cursors, validation
from mock_server.config import Settings
from mock_server.cursor_table import CursorTable
from mock_server.cursors import Key
from mock_server.representation import registry_body
from mock_server.store import Registry, Store, Window

# The faults whose list query forgot its team condition.
LEAKS = ("list-leaks-teams", "list-leaks-newest-other-team")


def _key(registry: Registry, query: validation.ListQuery) -> Key:
    """Where `registry` stands in the query's order."""
    return registry.modified_key if query.by_modified else registry.key


class Listing:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self.cursors = CursorTable(settings)

    def query(self, params: Mapping[str, str]) -> validation.ListQuery:
        cursor = params.get(PAGINATION.cursor)
        if cursor:  # looked up first where a fault keeps cursors in a column
            params = {**params, PAGINATION.cursor: self.cursors.as_issued(cursor)}
        return validation.list_query(params, self.settings)

    def _scope(self, query: validation.ListQuery, team: int) -> int | None:
        """The team whose registries the page is cut from: the token's, or the one a cursor
        names where it is trusted to; None (every team's) under the leak faults."""
        if any(self.settings.fault(name) for name in LEAKS):
            return None
        named = None if query.after is None else self.cursors.team(query.after)
        return team if named is None else named

    def _window(self, query: validation.ListQuery, scope: int | None) -> Window:
        """The registries of the page asked for."""
        settings = self.settings
        size = query.limit + settings.fault("page-overflow")
        if query.offset is not None:
            return self.store.at_offset(scope, query.offset, query.descending, size)
        shift, after = 0, None
        if query.after is not None:
            shift = 1 if settings.fault("cursor-skip") else -settings.fault("cursor-repeat")
            after = self.cursors.start(query.after)
        window = self.store.window(
            scope, after, query.descending, size, shift=shift,
            seeded_only=settings.fault("list-stale"), by_modified=query.by_modified,
        )  # fmt: skip
        if query.after is not None:
            last = _key(window.items[-1], query) if window.items else None
            self.cursors.read(query.after, last)
        return window

    def _next(self, query: validation.ListQuery, items: list[Registry], scope: int | None) -> str:
        """The cursor to the page after `items`."""
        if query.offset is not None:
            return cursors.encode_offset(query.offset + len(items))
        return self.cursors.issue(_key(items[-1], query), scope)

    def page(self, params: Mapping[str, str], team: int) -> dict[str, Any]:
        """The body of a list answer for `team`."""
        settings = self.settings
        query = self.query(params)
        if settings.fault("max-limit-500") and query.limit == LIMIT.maximum:
            raise RuntimeError("off-by-one in the page buffer")
        scope = self._scope(query, team)
        window = self._window(query, scope)
        items = window.items
        has_more = window.remaining > 0
        if settings.fault("empty-last-page") and items and len(items) == query.limit:
            has_more = True
        next_page = self._next(query, items, scope) if has_more and items else None
        if not has_more and settings.fault("hasmore-without-next"):
            has_more, next_page = True, None
        if not has_more and items and settings.fault("nextpage-on-last"):
            next_page = self._next(query, items, scope)
        return {
            PAGINATION.results: [registry_body(r, settings, listed=True) for r in items],
            PAGINATION.has_more: has_more,
            PAGINATION.next_cursor: next_page,
        }
