"""`--seed-file`: registries to start from, as a JSON list of objects.

Each item is a create body as openapi.yaml defines it (the password included), optionally
with the `id`, `dtCreated` and `dtModified` the registry should have. `at_start_up` adds what
a fault plants in the store at start-up.
"""

from __future__ import annotations

import json
import secrets
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from api_spec.registries import CREATE_BODY, CREATED, ID, MODIFIED
from mock_server.config import FIRST_TEAM, Settings
from mock_server.resource import filled
from mock_server.store import Registry, new_id
from mock_server.timestamps import now_ms, parse_ms

# The team `list-leaks-newest-other-team` gives a registry at start-up: the second.
OTHER_TEAM = FIRST_TEAM + 1


class SeedError(Exception):
    """A seed file the mock cannot load; the message is one line for the user."""


def _timestamp(entry: dict[str, Any], member: str, default: int, where: str) -> int:
    value = entry.get(member)
    if value is None:
        return default
    try:
        return parse_ms(value) if isinstance(value, str) else parse_ms("")
    except ValueError:
        raise SeedError(f"{where}: {member} must be an ISO 8601 timestamp with a zone") from None


def _registry(entry: object, where: str, now: int) -> Registry:
    if not isinstance(entry, dict):
        raise SeedError(f"{where}: must be an object")
    problems = CREATE_BODY.problems(entry)
    if problems:
        member, problem = next(iter(problems.items()))
        raise SeedError(f"{where}: {member} {problem}")
    registry_id = entry.get(ID, new_id())
    if not isinstance(registry_id, str) or not registry_id:
        raise SeedError(f"{where}: {ID} must be a non-empty string")
    created = _timestamp(entry, CREATED, now, where)
    return Registry(
        id=registry_id,
        fields=filled(entry),
        created=created,
        modified=_timestamp(entry, MODIFIED, created, where),
        seeded=True,
    )


def load(path: Path) -> list[Registry]:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError) as error:
        raise SeedError(f"cannot read seed file {path}: {error}") from None
    except ValueError as error:
        raise SeedError(f"seed file {path} is not JSON: {error}") from None
    if not isinstance(entries, list):
        raise SeedError(f"seed file {path} must hold a JSON list of registries")
    now = now_ms()
    registries = [_registry(e, f"seed file {path}, item {i}", now) for i, e in enumerate(entries)]
    repeated = [i for i, n in Counter(r.id for r in registries).items() if n > 1]
    if repeated:
        duplicate = repeated[0]
        raise SeedError(f"seed file {path}: id {duplicate!r} appears more than once")
    return registries


def _newest_of_other_team(registries: Sequence[Registry], now: int) -> Registry:
    """A registry of the second team newer than every other (after the seeds, even seeds dated
    in the future), so a newest-first list that leaks teams shows it first."""
    taken = {registry.id for registry in registries}
    while (registry_id := new_id()) in taken:
        pass
    created = max([now, *(registry.created + 1 for registry in registries)])
    body = {"name": "other-team-newest", "namespace": "other-team", "url": "ghcr.io",
            "username": "robot", "password": secrets.token_urlsafe(16)}  # fmt: skip
    return Registry(
        id=registry_id, fields=filled(body), created=created, modified=created, seeded=True,
        team=OTHER_TEAM,
    )  # fmt: skip


def at_start_up(registries: Sequence[Registry], settings: Settings) -> list[Registry]:
    """The registries the store starts with: the seed file's, and any a fault plants."""
    if settings.fault("list-leaks-newest-other-team"):
        return [*registries, _newest_of_other_team(registries, now_ms())]
    return list(registries)
