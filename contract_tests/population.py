"""Registries for the read checks to look at: created by a write run, none in a read-only one."""

from __future__ import annotations

from api_spec.registries import CREATE
from contract_tests import calls
from contract_tests.bodies import plain_body
from contract_tests.context import RunContext

# Enough for several pages at small page sizes.
POPULATION = 7


def populate(run: RunContext) -> list[str]:
    """Create POPULATION registries when writes are allowed; return the ids created."""
    if not run.settings.allow_writes:
        return []
    ids = []
    for index in range(POPULATION):
        body = run.owned(plain_body(run.settings.run_id, f"population-{index}"))
        created = calls.created_id(calls.send(run, CREATE, body=body, valid=True))
        if created is not None:
            ids.append(created)
    return ids
