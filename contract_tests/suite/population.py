"""Registries for the read checks to look at: created by a write run, none in a read-only one."""

from __future__ import annotations

from api_spec.registries import CREATE
from contract_tests.engine.client import Client, created_id
from contract_tests.suite.bodies import Marker, plain_body

# Enough for several pages at small page sizes.
POPULATION = 7


def populate(client: Client, marker: Marker, run_id: str, allow_writes: bool) -> list[str]:
    """Create POPULATION registries when writes are allowed; return the ids created."""
    if not allow_writes:
        return []
    ids = []
    for index in range(POPULATION):
        body = marker.owned(plain_body(run_id, f"population-{index}"))
        created = created_id(client.request(CREATE, body=body))
        if created is not None:
            ids.append(created)
    return ids
