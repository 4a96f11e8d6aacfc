"""Writes remembered by a digest of their body, for the faults that take a repeated body for a
repeated request: `create-deduplicates` (an idempotency cache keyed on the body, not on a key
the client chose) and `update-replay-409` (replay protection keyed on the body).

A correct server remembers nothing here: two equal bodies are two requests.
"""

from __future__ import annotations

import hashlib
import json

from mock_server.store import Registry


def digest(body: object) -> str:
    """The same for equal bodies, whatever the order of their members."""
    text = json.dumps(body, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class CreatedBodies:
    """`create-deduplicates`: each team's created registries by the digest of their body."""

    def __init__(self) -> None:
        self._created: dict[tuple[int, str], Registry] = {}

    def earlier(self, team: int, body: object) -> Registry | None:
        """The registry an earlier create of this very body made for the team, as created."""
        return self._created.get((team, digest(body)))

    def remember(self, team: int, body: object, registry: Registry) -> None:
        self._created.setdefault((team, digest(body)), registry)


class UpdateBodies:
    """`update-replay-409`: the digest of each registry's last update body."""

    def __init__(self) -> None:
        self._last: dict[str, str] = {}

    def repeats(self, registry_id: str, body: object) -> bool:
        return self._last.get(registry_id) == digest(body)

    def remember(self, registry_id: str, body: object) -> None:
        self._last[registry_id] = digest(body)
