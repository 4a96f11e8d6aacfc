"""`--seed-file`: registries to start from, as a JSON list of objects."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from mock_server.store import Registry, new_id
from mock_server.timestamps import now_ms, parse_ms
from mock_server.validation import KINDS, TEXT_FIELDS


class SeedError(Exception):
    """A seed file the mock cannot load; the message is one line for the user."""


def _timestamp(entry: dict[str, Any], field: str, default: int, where: str) -> int:
    value = entry.get(field)
    if value is None:
        return default
    try:
        return parse_ms(value) if isinstance(value, str) else parse_ms("")
    except ValueError:
        raise SeedError(f"{where}: {field} must be an ISO 8601 timestamp with a zone") from None


def _registry(entry: object, where: str, now: int) -> Registry:
    if not isinstance(entry, dict):
        raise SeedError(f"{where}: must be an object")
    for field in TEXT_FIELDS:
        if not isinstance(entry.get(field), str):
            raise SeedError(f"{where}: {field} must be a string")
    kind = entry.get("kind", "other")
    if kind not in KINDS:
        raise SeedError(f"{where}: kind must be one of {', '.join(KINDS)}")
    registry_id = entry.get("id", new_id())
    if not isinstance(registry_id, str) or not registry_id:
        raise SeedError(f"{where}: id must be a non-empty string")
    created = _timestamp(entry, "dtCreated", now, where)
    return Registry(
        id=registry_id,
        kind=kind,
        created=created,
        modified=_timestamp(entry, "dtModified", created, where),
        seeded=True,
        **{field: entry[field] for field in TEXT_FIELDS},
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
