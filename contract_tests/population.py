"""Registries for the read checks to look at: created by the run in write mode."""

from __future__ import annotations

from contract_tests import api
from contract_tests.bodies import plain_body
from contract_tests.checks.responses import json_body
from contract_tests.context import RunContext

# Enough for several pages at small limits.
POPULATION = 7


def populate(run: RunContext) -> list[str]:
    """Create POPULATION registries when writes are allowed; return the ids created."""
    if not run.settings.allow_writes:
        return []
    session = run.session()
    ids = []
    for _ in range(POPULATION):
        response = api.send(run, session, api.CREATE, json=plain_body(run))
        body = json_body(response) if response.ok else None
        if isinstance(body, dict) and "id" in body:
            ids.append(str(body["id"]))
    return ids
