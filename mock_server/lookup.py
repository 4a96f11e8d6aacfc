"""Which registry an id in a path names, for the team asking, and the faults that bend it.

A team sees only its own registries: another team's id is answered exactly as an unknown one
is, so an id tells nothing about the registries of other teams. The faults find a registry a
correct server would not: another team's, one named by an id a little off, a deleted one; or
miss one it would find: an old one, in an archive get does not consult; or answer a miss, or
an id the database refuses, with the wrong status.
"""

from __future__ import annotations

from collections.abc import Callable

from mock_server.config import Settings
from mock_server.errors import not_found, unauthorized
from mock_server.faults import ARCHIVE_DAYS, SHORT_ID
from mock_server.store import Registry, Store
from mock_server.timestamps import now_ms

ARCHIVE_AFTER_MS = ARCHIVE_DAYS * 24 * 3600 * 1000


class Lookup:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store

    @property
    def keeps_tombstones(self) -> bool:
        """Whether a delete must remember what it removed: only the faults that reach a deleted
        registry need it."""
        faults = ("update-revives-deleted", "test-connection-after-delete", "delete-twice-200")
        return any(self.settings.fault(name) for name in faults)

    def missing(self, registry_id: str) -> Exception:
        """What a lookup that finds nothing raises: 404, or a crash under `unknown-id-500`, or
        under `unknown-id-401` the 401 of an authorizer that found no owner to check."""
        if self.settings.fault("unknown-id-500"):
            return RuntimeError(f"no row {registry_id!r} and no check for it")
        if self.settings.fault("unknown-id-401"):
            return unauthorized("You are not authorized to access this resource")
        return not_found()

    def _row(
        self, registry_id: str, table: Callable[[str], Registry | None] | None = None
    ) -> Registry | None:
        """The stored registry (or, from `table`, the buried one) with id `registry_id`. Under
        `id-nul-500` an id holding U+0000 crashes the query, as PostgreSQL refuses NUL in a text
        parameter."""
        if "\x00" in registry_id and self.settings.fault("id-nul-500"):
            raise RuntimeError('invalid byte sequence for encoding "UTF8": 0x00')
        return (table or self.store.get)(registry_id)

    def visible(
        self, registry: Registry | None, team: int, across: str | None = None
    ) -> Registry | None:
        """`registry` if the team may see it: stored, not deleted, its own (or, under the fault
        `across` names, any team's: a query that forgot its team condition)."""
        if registry is None or registry.deleted:
            return None
        if registry.team != team and not (across and self.settings.fault(across)):
            return None
        return registry

    def find(self, registry_id: str, team: int, across: str | None = None) -> Registry:
        registry = self.visible(self._row(registry_id), team, across)
        if registry is None:
            raise self.missing(registry_id)
        return registry

    def for_delete(self, registry_id: str, team: int) -> Registry:
        """The registry a delete removes. Under `delete-twice-200` a deleted one of the team
        counts too (a soft delete whose query finds the row whatever its flag)."""
        registry = self.visible(self._row(registry_id), team, "delete-across-teams")
        if registry is None and self.settings.fault("delete-twice-200"):
            registry = self.deleted(registry_id, team)
        if registry is None:
            raise self.missing(registry_id)
        return registry

    def for_get(self, registry_id: str, team: int) -> Registry:
        """The registry get answers with: the team's own by its exact id, unless a fault finds
        one by a near-miss id or misses an old one."""
        stored = self._row(registry_id)
        registry = self.visible(stored, team, "get-across-teams") or self._near_miss(
            registry_id, team
        )
        if registry is None or self._archived(registry):
            raise self.missing(registry_id)
        return registry

    def _near_miss(self, registry_id: str, team: int) -> Registry | None:
        """The team's one registry an id a little off names under `id-case-insensitive` (a
        case-insensitive collation), `id-prefix-match` (short ids, as git resolves short
        hashes) or `id-trailing-space` (MySQL's PAD SPACE collation, blind to trailing
        spaces); None when no such fault is on, or the id names none or several."""
        case = self.settings.fault("id-case-insensitive")
        prefix = self.settings.fault("id-prefix-match") and len(registry_id) >= SHORT_ID
        padded = self.settings.fault("id-trailing-space") and registry_id.endswith(" ")
        if not (case or prefix or padded):
            return None
        folded, unpadded = registry_id.casefold(), registry_id.rstrip(" ")
        matches = self.store.of_team(
            team,
            lambda candidate: (
                (case and candidate.casefold() == folded)
                or (prefix and candidate.startswith(registry_id))
                or (padded and candidate.rstrip(" ") == unpadded)
            ),
        )
        return matches[0] if len(matches) == 1 else None

    def _archived(self, registry: Registry) -> bool:
        """`get-archived-404`: registries past an age moved to an archive get does not read."""
        return (
            self.settings.fault("get-archived-404")
            and registry.created < now_ms() - ARCHIVE_AFTER_MS
        )

    def for_update(self, registry_id: str, team: int) -> Registry:
        """The registry an update changes. Under `update-revives-deleted` a deleted one of the
        team counts too (an upsert that writes the row back)."""
        registry = self.visible(self._row(registry_id), team, "update-across-teams")
        if registry is None and self.settings.fault("update-revives-deleted"):
            registry = self.deleted(registry_id, team)
        if registry is None:
            raise self.missing(registry_id)
        return registry

    def of_another_team(self, registry_id: str, team: int) -> Registry | None:
        """The registry of another team than `team` that `registry_id` names, if one does."""
        registry = self.store.get(registry_id)
        if registry is None or registry.deleted or registry.team == team:
            return None
        return registry

    def deleted(self, registry_id: str, team: int) -> Registry | None:
        """A registry of the team that a delete removed, if one is remembered."""
        return self.visible(self._row(registry_id, self.store.buried), team)
