"""One team's registries in memory, with the cursors issued to it, under one lock.

The registries live in a `View` (by id, and their keys sorted). A cursor is a random token
standing for the key of the last item of the page that issued it (keyset pagination: creating
or deleting other registries never shifts a walk); any other string, another team's cursor
included, stands for nothing. With `--list-lag` a list pages through a lagging `Replica`
instead, while every other operation reads the primary.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from reference_server.clock import Clock
from reference_server.errors import registry_not_found
from reference_server.ids import IdSource, id_source, new_uuid
from reference_server.options import Options
from reference_server.replica import Replica
from reference_server.resource import Key, Registry
from reference_server.view import View

# Issued cursors kept per team; the oldest is forgotten first (and then refused like any
# string this server did not issue).
MAX_CURSORS = 100_000


@dataclass(frozen=True)
class Page:
    items: list[Registry]
    next_cursor: str | None


class Store:
    def __init__(
        self, new_id: IdSource = new_uuid, clock: Clock | None = None, lag: float = 0.0
    ) -> None:
        """`lag`: how many seconds a list's replica lags the primary (0: lists read it)."""
        self._lock = threading.Lock()
        self._new_id = new_id
        self._clock = clock if clock is not None else Clock()
        self._primary = View()
        self._replica = Replica(lag) if lag > 0 else None
        self._cursors: OrderedDict[str, Key] = OrderedDict()

    def add(self, fields: dict[str, Any]) -> Registry:
        with self._lock:
            now = self._clock.now()
            registry = Registry(self._new_id(), fields, now, now)
            self._write(registry.id, registry)
            return registry

    def preload(self, fields: dict[str, Any], created: datetime) -> Registry:
        """A registry that was there before the server started, created at `created`: no
        write of this run, so a lagging list shows it at once."""
        with self._lock:
            registry = Registry(self._new_id(), fields, created, created)
            self._primary.put(registry)
            if self._replica is not None:
                self._replica.preload(registry)
            return registry

    def get(self, registry_id: str) -> Registry:
        with self._lock:
            return self._existing(registry_id)

    def update(self, registry_id: str, merge: Callable[[Registry], dict[str, Any]]) -> Registry:
        """The registry with the members `merge` returns (it may refuse by raising), in one
        step, so two concurrent partial updates both land; dtModified never goes back."""
        with self._lock:
            registry = self._existing(registry_id)
            modified = self._clock.after(registry.modified)
            updated = replace(registry, fields=merge(registry), modified=modified)
            self._write(registry_id, updated)
            return updated

    def remove(self, registry_id: str) -> Registry:
        with self._lock:
            registry = self._existing(registry_id)
            self._write(registry_id, None)
            return registry

    def cursor_key(self, cursor: str) -> Key | None:
        """The key a cursor issued by this store stands for; None for any other string."""
        with self._lock:
            return self._cursors.get(cursor)

    def page(self, after: Key | None, limit: int, descending: bool) -> Page:
        """Up to `limit` registries past `after` in the chosen order, as the list's view
        holds them, and a cursor when more follow."""
        with self._lock:
            view = self._primary if self._replica is None else self._replica.view()
            items, more = view.page(after, limit, descending)
            cursor = self._issue(items[-1].key) if more and items else None
            return Page(items, cursor)

    def _write(self, registry_id: str, registry: Registry | None) -> None:
        """Put `registry` on the primary, or drop it when None, and log it for the replica."""
        if registry is None:
            self._primary.drop(registry_id)
        else:
            self._primary.put(registry)
        if self._replica is not None:
            self._replica.record(registry_id, registry)

    def _existing(self, registry_id: str) -> Registry:
        registry = self._primary.get(registry_id)
        if registry is None:
            raise registry_not_found()
        return registry

    def _issue(self, key: Key) -> str:
        token = secrets.token_urlsafe(18)
        self._cursors[token] = key
        if len(self._cursors) > MAX_CURSORS:
            self._cursors.popitem(last=False)
        return token


def stores(options: Options) -> Callable[[], Store]:
    """Makes each team's store as the options ask: one id source shared by all of them (one
    sequence of ids across teams, as one table's autoincrement key gives)."""
    new_id = id_source(options.sequential_ids)
    clock = Clock(options.whole_second_timestamps)
    lag = options.list_lag_ms / 1000
    return lambda: Store(new_id, clock, lag)
