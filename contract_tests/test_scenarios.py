"""The story of one registry, in a fixed order, so the bug classes the properties reach only
by chance are met at any budget: a create with every member the spec names, reads, a
connection test of a host that cannot exist, updates (the stored values, each kind without
provider rules, one member), the delete and the reads after it.

The reference model checks every answer (`contract_tests.model`); this test only chooses the
requests.
"""

from __future__ import annotations

from typing import Any

import pytest

from api_spec.registries import (
    CREATE,
    DELETE,
    GET,
    LIMIT,
    PAGINATION,
    RULES,
    TEST_CONNECTION,
    UPDATE,
    UPDATE_BODY,
    WRITE_ONLY,
)
from contract_tests import calls
from contract_tests.bodies import kinds_without_rules, plain_body
from contract_tests.context import RunContext
from contract_tests.verdicts import Verdicts

LARGEST = int(LIMIT.maximum or 100)


def first_page(run: RunContext) -> None:
    """The newest registries, the story's among them (the default order may be either)."""
    query: dict[str, Any] = {PAGINATION.limit: LARGEST}
    if PAGINATION.sort_direction:
        query[PAGINATION.sort_direction] = PAGINATION.descending
    calls.walk(run, query, max_pages=1)


def changeable_member() -> str | None:
    """A free-text member an update can change without the name or provider rules mattering."""
    for name, member in UPDATE_BODY.members.items():
        plain = "string" in member.types and member.enum is None and not member.write_only
        if plain and name not in ("name", RULES.member):
            return name
    return None


@pytest.mark.writes
def test_registry_story(run: RunContext) -> None:
    verdicts = Verdicts(run)
    body = run.owned(plain_body(run.settings.run_id, "story"))
    registry = calls.created_id(calls.send(run, CREATE, body=body, valid=True))
    if registry is None:
        verdicts.settle()
        pytest.skip("the create was refused; its finding says why")
    calls.send(run, GET, registry_id=registry)
    first_page(run)
    calls.send(run, TEST_CONNECTION, registry_id=registry)
    calls.send(run, GET, registry_id=registry)
    stored = {k: v for k, v in body.items() if k in UPDATE_BODY.members and k not in WRITE_ONLY}
    calls.send(run, UPDATE, registry_id=registry, body=stored)
    for kind in kinds_without_rules():
        calls.send(run, UPDATE, registry_id=registry, body={RULES.kind_member: kind})
    member = changeable_member()
    if member is not None:
        calls.send(run, UPDATE, registry_id=registry, body={member: f"{body[member]}-changed"})
    calls.send(run, GET, registry_id=registry)
    first_page(run)
    calls.send(run, DELETE, registry_id=registry)
    calls.send(run, GET, registry_id=registry)
    first_page(run)
    calls.send(run, DELETE, registry_id=registry)
    verdicts.settle()
