"""`/_mock/...`: what tests look at inside the mock (not part of the API, no faults)."""

from __future__ import annotations

import hashlib
from typing import Any

from api_spec.registries import CREATE_BODY
from mock_server.gate import RequestLog
from mock_server.representation import public_fields
from mock_server.store import Registry, Store


def stored_record(registry: Registry) -> dict[str, Any]:
    """A stored registry in full, each write-only member (the password) replaced by a digest a
    snapshot can compare: `passwordSha256`; `team` is the owner's index (0: the first team)."""
    record = public_fields(registry)
    record["team"] = registry.team
    for member in CREATE_BODY.write_only:
        secret = registry.text(member).encode("utf-8", "surrogatepass")
        record[f"{member}Sha256"] = hashlib.sha256(secret).hexdigest()
    return record


def registries(store: Store) -> list[dict[str, Any]]:
    return [stored_record(registry) for registry in store.all()]


def requests(log: RequestLog) -> dict[str, Any]:
    return log.snapshot()
