"""One state of a team's registries: each by id, and their keys in a sorted list, so a page
after any key is found by bisection. The store keeps the primary's; a lagging replica keeps
its own (`replica`). Not locked: the store that holds a view locks around it."""

from __future__ import annotations

import bisect

from reference_server.resource import Key, Registry


class View:
    def __init__(self) -> None:
        self._registries: dict[str, Registry] = {}
        self._keys: list[Key] = []  # ascending

    def get(self, registry_id: str) -> Registry | None:
        return self._registries.get(registry_id)

    def put(self, registry: Registry) -> None:
        """Add a registry, or replace the one with its id (whose key, its dtCreated and id,
        never changes)."""
        if registry.id not in self._registries:
            bisect.insort(self._keys, registry.key)
        self._registries[registry.id] = registry

    def drop(self, registry_id: str) -> None:
        registry = self._registries.pop(registry_id, None)
        if registry is not None:
            del self._keys[bisect.bisect_left(self._keys, registry.key)]

    def page(self, after: Key | None, limit: int, descending: bool) -> tuple[list[Registry], bool]:
        """Up to `limit` registries past `after` in the chosen order, and whether more follow."""
        if descending:
            end = len(self._keys) if after is None else bisect.bisect_left(self._keys, after)
            start = max(0, end - limit)
            keys, more = self._keys[start:end][::-1], start > 0
        else:
            start = 0 if after is None else bisect.bisect_right(self._keys, after)
            end = start + limit
            keys, more = self._keys[start:end], end < len(self._keys)
        return [self._registries[key[2]] for key in keys], more
