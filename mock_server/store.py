"""Registries in memory, safe under concurrent requests.

Besides the records (kept in creation order) the store keeps their
(dtCreated, id) keys in a sorted list per team, so a page after any cursor is
found by bisection within the team's own registries: a page deep in a long walk
costs what the first page costs, and no team's walk ever passes another's rows.
"""

from __future__ import annotations

import base64
import bisect
import itertools
import secrets
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from mock_server.cursors import Key


@dataclass(frozen=True)
class Registry:
    id: str
    # The members a client sets, write-only ones (the password) included, as the spec names them.
    fields: Mapping[str, Any] = field(default_factory=dict)
    created: int = 0  # milliseconds since the epoch
    modified: int = 0
    serial: int = 0  # the store's creation counter
    seeded: bool = False  # loaded at start-up rather than created through the API
    team: int = 0  # the team that owns it: an index into `Settings.tokens`
    # Kept after a delete, for the list only (the `list-shows-deleted` and
    # `list-cache-misses-deletes` faults): get says 404.
    deleted: bool = False

    @property
    def key(self) -> Key:
        return (self.created, self.id)

    @property
    def modified_key(self) -> Key:
        """Its place in an order by dtModified (the `default-sort-modified` fault)."""
        return (self.modified, self.id)

    def text(self, member: str) -> str:
        """A member as text (empty when absent), for the parts of the mock that read one."""
        value = self.fields.get(member)
        return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Window:
    items: list[Registry]
    remaining: int  # registries after the window, in the walk's order


def new_id() -> str:
    """A short opaque id, like the live API's."""
    return base64.b32encode(secrets.token_bytes(5)).decode("ascii").lower()


class Store:
    def __init__(self, registries: Iterable[Registry] = ()) -> None:
        self._lock = threading.Lock()
        self._serials = itertools.count(1)
        self._by_id: dict[str, Registry] = {}  # insertion order is creation order
        self._keys: dict[int, list[Key]] = {}  # per team, sorted
        # Deleted registries, remembered only for the faults that reach them (tombstones).
        self._buried: dict[str, Registry] = {}
        for registry in registries:
            self._by_id[registry.id] = replace(registry, serial=next(self._serials))
            self._index(registry.team).append(registry.key)
        for keys in self._keys.values():
            keys.sort()

    def _index(self, team: int) -> list[Key]:
        return self._keys.setdefault(team, [])

    def _enter(self, registry: Registry) -> None:
        bisect.insort(self._index(registry.team), registry.key)

    def _leave(self, registry: Registry) -> None:
        keys = self._index(registry.team)
        del keys[bisect.bisect_left(keys, registry.key)]

    def _ordered(self, team: int | None, by_modified: bool = False) -> list[Key]:
        """The sorted keys of one team, or of every team (the list-leak faults); by dtModified
        (the `default-sort-modified` fault) a scan, since no index keeps that order."""
        if by_modified:
            chosen = (r for r in self._by_id.values() if team is None or r.team == team)
            return sorted(registry.modified_key for registry in chosen)
        if team is not None:
            return self._index(team)
        return sorted(itertools.chain.from_iterable(self._keys.values()))

    def unused_id(self) -> str:
        with self._lock:
            while (candidate := new_id()) in self._by_id or candidate in self._buried:
                pass
            return candidate

    def _insert(self, registry: Registry) -> Registry:
        """Store `registry` as the newest in creation order (the caller holds the lock)."""
        stored = replace(registry, serial=next(self._serials))
        self._by_id[stored.id] = stored
        self._enter(stored)
        return stored

    def add(self, registry: Registry) -> Registry:
        with self._lock:
            if registry.id in self._by_id:
                raise KeyError(f"registry {registry.id} exists")
            return self._insert(registry)

    def get(self, registry_id: str) -> Registry | None:
        with self._lock:
            return self._by_id.get(registry_id)

    def of_team(self, team: int, chosen: Callable[[str], bool]) -> list[Registry]:
        """The team's registries whose id is `chosen`, in creation order (a scan: for faults)."""
        with self._lock:
            return [r for r in self._by_id.values() if r.team == team and chosen(r.id)]

    def other_than(self, registry_id: str) -> Registry | None:
        """The registry of the same team created after `registry_id` (wrapping round), if the
        team has another."""
        with self._lock:
            if registry_id not in self._by_id:
                return None
            team = self._by_id[registry_id].team
            ids = [other.id for other in self._by_id.values() if other.team == team]
            if len(ids) < 2:
                return None
            return self._by_id[ids[(ids.index(registry_id) + 1) % len(ids)]]

    def put(self, registry: Registry) -> None:
        """Replace a stored registry (a fault may move its dtCreated, and so its key)."""
        with self._lock:
            current = self._by_id[registry.id]
            self._by_id[registry.id] = replace(registry, serial=current.serial)
            if registry.key != current.key:
                self._leave(current)
                self._enter(registry)

    def purge_deleted(self, team: int) -> None:
        """Forget the team's registries kept after their delete (`deleted`)."""
        with self._lock:
            for registry in [r for r in self._by_id.values() if r.team == team and r.deleted]:
                del self._by_id[registry.id]
                self._leave(registry)

    def remove(self, registry_id: str, *, keep_tombstone: bool = False) -> Registry | None:
        """Delete a registry; with `keep_tombstone`, remember it for `buried` and `restore`."""
        with self._lock:
            registry = self._by_id.pop(registry_id, None)
            if registry is not None:
                self._leave(registry)
                if keep_tombstone:
                    self._buried[registry.id] = registry
            return registry

    def buried(self, registry_id: str) -> Registry | None:
        """A registry removed with its tombstone kept."""
        with self._lock:
            return self._buried.get(registry_id)

    def restore(self, registry_id: str) -> Registry | None:
        """Store a buried registry again, as the newest in creation order."""
        with self._lock:
            registry = self._buried.pop(registry_id, None)
            return None if registry is None else self._insert(registry)

    def all(self) -> list[Registry]:
        """Every registry of every team, in creation order."""
        with self._lock:
            return list(self._by_id.values())

    def at_offset(self, team: int | None, offset: int, descending: bool, limit: int) -> Window:
        """Up to `limit` registries of `team` (None: every team) from position `offset` of the
        order (the `cursor-offset` fault: a position, not a key, so a write between pages
        shifts what follows)."""
        with self._lock:
            ordered = self._ordered(team)
            keys = ordered[::-1] if descending else ordered
            chosen = keys[offset : offset + max(limit, 0)]
            remaining = max(len(keys) - offset - len(chosen), 0)
            return Window([self._by_id[key[1]] for key in chosen], remaining)

    def window(
        self,
        team: int | None,
        after: Key | None,
        descending: bool,
        limit: int,
        *,
        shift: int = 0,
        seeded_only: bool = False,
        by_modified: bool = False,
    ) -> Window:
        """Up to `limit` registries of `team` (None: every team) following the key `after` in
        the order. A key from another team's walk only says where to start in this one's.

        `shift` moves the start by that many places (the cursor faults); with
        `seeded_only` the registries created since start-up are left out; `by_modified`
        orders by (dtModified, id) instead of (dtCreated, id).
        """
        with self._lock:
            keys = self._ordered(team, by_modified)
            if seeded_only:
                keys = [key for key in keys if self._by_id[key[1]].seeded]
            if descending:
                end = len(keys) if after is None else bisect.bisect_left(keys, after) - shift
                end = min(max(end, 0), len(keys))
                begin = max(end - max(limit, 0), 0)
                chosen, remaining = keys[begin:end][::-1], begin
            else:
                begin = 0 if after is None else bisect.bisect_right(keys, after) + shift
                begin = min(max(begin, 0), len(keys))
                end = min(begin + max(limit, 0), len(keys))
                chosen, remaining = keys[begin:end], len(keys) - end
            return Window([self._by_id[key[1]] for key in chosen], remaining)
