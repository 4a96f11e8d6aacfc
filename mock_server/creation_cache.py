"""The `test-connection-stale-url` fault: a stub test-connection that judges each registry by
the URL it was created with, read from a cache filled at creation that no update refreshes.

The stub answers success for any host but one under `.invalid` (RFC 2606: a name that never
resolves), so a registry moved to an unreachable host still tests as reachable.
"""

from __future__ import annotations

from collections.abc import Iterable

from api_spec.extensions import host_of
from api_spec.registries import RULES
from mock_server.connection import Outcome
from mock_server.store import Registry

NEVER_RESOLVES = "invalid"


class CreationCache:
    def __init__(self, registries: Iterable[Registry]) -> None:
        """Filled with the registries there are at start-up (the seeds)."""
        self._urls: dict[str, str] = {}
        for registry in registries:
            self.remember(registry)

    def remember(self, registry: Registry) -> None:
        """Called at creation only: an update never comes here."""
        self._urls[registry.id] = registry.text(RULES.member)

    def outcome(self, registry: Registry) -> Outcome:
        host = host_of(self._urls.get(registry.id, registry.text(RULES.member)))
        if host == NEVER_RESOLVES or host.endswith(f".{NEVER_RESOLVES}"):
            return Outcome(False, f"could not resolve {host}")
        return Outcome(True)
