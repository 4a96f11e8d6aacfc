"""Which registry an id in a path names, for the team asking.

A team sees only its own registries: another team's id is answered exactly as an unknown one
is, so an id tells nothing about the registries of other teams.
"""

from __future__ import annotations

from mock_server.config import Settings
from mock_server.errors import not_found
from mock_server.store import Registry, Store


class Lookup:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store

    def missing(self, registry_id: str) -> Exception:
        """What a lookup that finds nothing raises: 404, or a crash under `unknown-id-500`."""
        if self.settings.fault("unknown-id-500"):
            return RuntimeError(f"no row {registry_id!r} and no check for it")
        return not_found()

    def visible(self, registry: Registry | None, team: int) -> Registry | None:
        """`registry` if the team may see it: stored, not deleted, its own."""
        if registry is None or registry.deleted or registry.team != team:
            return None
        return registry

    def find(self, registry_id: str, team: int) -> Registry:
        registry = self.visible(self.store.get(registry_id), team)
        if registry is None:
            raise self.missing(registry_id)
        return registry
