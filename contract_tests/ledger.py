"""The ledger: an append-only file naming every registry a run created, written as it happens.

Each line is JSON: `{"event": "created"|"deleted", "run": ..., "base_url": ..., "id": ...}`.
It is flushed and fsynced per line so a crash right after a create still leaves its id behind
for `python -m contract_tests cleanup`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

# In the user's cache, not the working directory, so that `cleanup` finds it from anywhere and
# no checkout collects it.
DEFAULT_LEDGER = (
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "contract-tests"
    / "ledger.jsonl"
)


class Ledger:
    def __init__(self, path: Path, run_id: str, base_url: str) -> None:
        self.path = path
        self.run_id = run_id
        self.base_url = base_url

    def created(self, registry_id: str) -> None:
        self._append("created", registry_id)

    def deleted(self, registry_id: str) -> None:
        self._append("deleted", registry_id)

    def _append(self, event: str, registry_id: str) -> None:
        line = {"event": event, "run": self.run_id, "base_url": self.base_url, "id": registry_id}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(line) + "\n")
            file.flush()
            os.fsync(file.fileno())

    def created_by_run(self) -> list[str]:
        """Every id this run created, deleted since or not."""
        return [
            str(entry.get("id"))
            for entry in read_entries(self.path)
            if entry.get("event") == "created"
            and entry.get("run") == self.run_id
            and entry.get("base_url") == self.base_url
        ]

    def outstanding(self, *, this_run_only: bool = True) -> list[str]:
        """Ids created (by this run, or by any run on this base URL) and not yet deleted."""
        alive: dict[str, None] = {}
        for entry in read_entries(self.path):
            if entry.get("base_url") != self.base_url:
                continue
            if this_run_only and entry.get("run") != self.run_id:
                continue
            registry_id = str(entry.get("id"))
            if entry.get("event") == "created":
                alive[registry_id] = None
            else:
                alive.pop(registry_id, None)
        return list(alive)


def read_entries(path: Path) -> list[dict[str, object]]:
    if not path.exists():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line torn by a crash mid-write names nothing usable
        if isinstance(entry, dict):
            entries.append(entry)
    return entries
