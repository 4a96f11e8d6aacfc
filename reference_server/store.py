"""One team's registries in memory, with the cursors issued to it, under one lock.

Beside the registries by id, the store keeps their (dtCreated, id) keys in a sorted list, so a
page after any cursor is found by bisection. A cursor is a random token standing for the key
of the last item of the page that issued it (keyset pagination: creating or deleting other
registries never shifts a walk); any other string, another team's cursor included, stands for
nothing.
"""

from __future__ import annotations

import bisect
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from reference_server.errors import registry_not_found
from reference_server.ids import new_id
from reference_server.resource import Key, Registry

# Issued cursors kept per team; the oldest is forgotten first (and then refused like any
# string this server did not issue).
MAX_CURSORS = 100_000
TICK = timedelta(microseconds=1)


@dataclass(frozen=True)
class Page:
    items: list[Registry]
    next_cursor: str | None


class Store:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._registries: dict[str, Registry] = {}
        self._keys: list[Key] = []  # ascending
        self._cursors: OrderedDict[str, Key] = OrderedDict()

    def add(self, fields: dict[str, Any]) -> Registry:
        with self._lock:
            now = datetime.now(UTC)
            registry = Registry(new_id(), fields, now, now)
            self._registries[registry.id] = registry
            bisect.insort(self._keys, registry.key)
            return registry

    def get(self, registry_id: str) -> Registry:
        with self._lock:
            return self._existing(registry_id)

    def update(self, registry_id: str, merge: Callable[[Registry], dict[str, Any]]) -> Registry:
        """The registry with the members `merge` returns (it may refuse by raising), in one
        step, so two concurrent partial updates both land; dtModified always moves on."""
        with self._lock:
            registry = self._existing(registry_id)
            modified = max(datetime.now(UTC), registry.modified + TICK)
            updated = replace(registry, fields=merge(registry), modified=modified)
            self._registries[registry_id] = updated
            return updated

    def remove(self, registry_id: str) -> Registry:
        with self._lock:
            registry = self._existing(registry_id)
            del self._registries[registry_id]
            del self._keys[bisect.bisect_left(self._keys, registry.key)]
            return registry

    def cursor_key(self, cursor: str) -> Key | None:
        """The key a cursor issued by this store stands for; None for any other string."""
        with self._lock:
            return self._cursors.get(cursor)

    def page(self, after: Key | None, limit: int, descending: bool) -> Page:
        """Up to `limit` registries past `after` in the chosen order, and a cursor when
        more follow."""
        with self._lock:
            if descending:
                end = len(self._keys) if after is None else bisect.bisect_left(self._keys, after)
                start = max(0, end - limit)
                keys, more = self._keys[start:end][::-1], start > 0
            else:
                start = 0 if after is None else bisect.bisect_right(self._keys, after)
                end = start + limit
                keys, more = self._keys[start:end], end < len(self._keys)
            cursor = self._issue(keys[-1]) if more and keys else None
            return Page([self._registries[key[1]] for key in keys], cursor)

    def _existing(self, registry_id: str) -> Registry:
        registry = self._registries.get(registry_id)
        if registry is None:
            raise registry_not_found()
        return registry

    def _issue(self, key: Key) -> str:
        token = secrets.token_urlsafe(18)
        self._cursors[token] = key
        if len(self._cursors) > MAX_CURSORS:
            self._cursors.popitem(last=False)
        return token
