"""The ledger: an append-only file naming every registry a run created, written as it happens.

Each line is JSON: `{"event": "created"|"deleted", "run": ..., "base_url": ..., "team":
"first"|"second", "id": ...}`; the team says which token created it, so the cleanup deletes it
with that token. It is flushed and fsynced per line, so a crash right after a create still
leaves its id behind for `python -m contract_tests cleanup`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from contract_tests.wire.credentials import Team

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

    def created(self, registry_id: str, team: Team = Team.FIRST) -> None:
        self._append("created", registry_id, team)

    def deleted(self, registry_id: str, team: Team = Team.FIRST) -> None:
        self._append("deleted", registry_id, team)

    def _append(self, event: str, registry_id: str, team: Team) -> None:
        line = {
            "event": event,
            "run": self.run_id,
            "base_url": self.base_url,
            "team": team.value,
            "id": registry_id,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(line) + "\n")
            file.flush()
            os.fsync(file.fileno())

    def _entries(self, this_run_only: bool) -> list[dict[str, object]]:
        return [
            entry
            for entry in read_entries(self.path)
            if entry.get("base_url") == self.base_url
            and (not this_run_only or entry.get("run") == self.run_id)
        ]

    def created_by_run(self) -> list[str]:
        """Every id this run created, deleted since or not."""
        return [str(e.get("id")) for e in self._entries(True) if e.get("event") == "created"]

    def outstanding(self, *, this_run_only: bool = True) -> list[tuple[Team, str]]:
        """(team, id) of each registry created (by this run, or by any run on this base URL)
        and not yet deleted."""
        alive: dict[str, Team] = {}
        for entry in self._entries(this_run_only):
            registry_id = str(entry.get("id"))
            if entry.get("event") == "created":
                alive[registry_id] = _team(entry.get("team"))
            else:
                alive.pop(registry_id, None)
        return [(team, registry_id) for registry_id, team in alive.items()]


def _team(value: object) -> Team:
    """The team of an entry; the first for entries written before teams were recorded."""
    try:
        return Team(value)
    except ValueError:
        return Team.FIRST


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
