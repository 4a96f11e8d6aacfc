"""The ledger: a file naming every registry a run created, written as it happens.

Each line is JSON: `{"event": "created"|"deleted", "run": ..., "base_url": ..., "team":
"first"|"second", "id": ..., "stamp": ...}`; the team says which token created it, so the
cleanup deletes it with that token, and a creation's stamp is the registry's creation time as
the server wrote it, so the cleanup knows it again (an id a server reused names a registry
created at another time). It is flushed and fsynced per line, so a crash right after a create still
leaves its id behind for `python -m contract_tests cleanup`.

It compacts itself: once a run has cleaned up, the pairs of a creation and a deletion seen
since are dropped, every run's, and what is still outstanding stays. Appending and compacting
both hold a lock on a file beside it, so two runs never lose each other's lines.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
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

    def created(self, registry_id: str, team: Team = Team.FIRST, stamp: str = "") -> None:
        self._append("created", registry_id, team, stamp)

    def deleted(self, registry_id: str, team: Team = Team.FIRST) -> None:
        self._append("deleted", registry_id, team)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = self.path.with_name(self.path.name + ".lock")
        with lock.open("a") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _append(self, event: str, registry_id: str, team: Team, stamp: str = "") -> None:
        line = {
            "event": event,
            "run": self.run_id,
            "base_url": self.base_url,
            "team": team.value,
            "id": registry_id,
        }
        if stamp:
            line["stamp"] = stamp
        with self._locked(), self.path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(line) + "\n")
            file.flush()
            os.fsync(file.fileno())

    def compact(self) -> int:
        """Drop every registry seen created and then deleted (any run's, any base URL's); keep
        what is outstanding, in order. Returns the lines dropped."""
        with self._locked():
            entries = read_entries(self.path)
            kept = _outstanding_lines(entries)
            if len(kept) == len(entries):
                return 0
            spare = self.path.with_name(self.path.name + ".compacting")
            with spare.open("w", encoding="utf-8") as file:
                file.writelines(json.dumps(entry) + "\n" for entry in kept)
                file.flush()
                os.fsync(file.fileno())
            spare.replace(self.path)
            return len(entries) - len(kept)

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

    def stamps(self) -> dict[str, str]:
        """The creation stamp of each registry the ledger names, as the server wrote it."""
        return {
            str(entry.get("id")): str(entry["stamp"])
            for entry in self._entries(False)
            if entry.get("event") == "created" and entry.get("stamp")
        }

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


def _outstanding_lines(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """The lines of registries still outstanding: the last creation of each (base URL, id)
    that no deletion followed."""
    live: dict[tuple[object, object], dict[str, object]] = {}
    for entry in entries:
        key = (entry.get("base_url"), entry.get("id"))
        if entry.get("event") == "created":
            live[key] = entry
        else:
            live.pop(key, None)
    return list(live.values())


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
