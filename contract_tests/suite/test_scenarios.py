"""The story of one registry, in a fixed order, so the bug classes the properties reach only by
chance are met at any budget: a create with every member the spec names, reads, a move to a
host that cannot exist and a connection test of it, updates (the stored values, each kind
without provider rules, one member), the delete, and then get, update and test-connection of
the deleted registry, and the list, which must all find it gone (a second delete is the
method-semantics probe's).

The model predicts every answer and the engine judges it; this test only chooses the requests.
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
from contract_tests.engine.client import Client, created_id
from contract_tests.rules.compare import UNREACHABLE_DOMAIN
from contract_tests.rules.exchange import Asked
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker, kinds_without_rules, plain_body
from contract_tests.suite.marks import sends, to, writes

pytestmark = [writes, sends(to(), to(GET, UPDATE, TEST_CONNECTION, asked=(Asked.DELETED,)))]
LARGEST = int(LIMIT.maximum or 100)
# A host a stub's connection test may call reachable (a reserved name, never contacted here:
# the registry moves to a host that cannot exist before any test of its connection).
PARKED = ".example"


def first_page(client: Client) -> None:
    """The newest registries, the story's among them (the default order may be either)."""
    query: dict[str, Any] = {PAGINATION.limit: LARGEST}
    if PAGINATION.sort_direction:
        query[PAGINATION.sort_direction] = PAGINATION.descending
    client.walk(query, max_pages=1)


def changeable_member() -> str | None:
    """A free-text member an update can change without the name or provider rules mattering."""
    for name, member in UPDATE_BODY.members.items():
        plain = "string" in member.types and member.enum is None and not member.write_only
        if plain and name not in ("name", RULES.member):
            return name
    return None


def test_registry_story(client: Client, marker: Marker, run_settings: Settings) -> None:
    run_id = run_settings.run_id
    body = marker.owned(plain_body(run_id, "story"))
    body[RULES.member] = f"https://contract-{run_id}{PARKED}/story"
    registry = created_id(client.request(CREATE, body=body))
    if registry is None:
        pytest.skip("the create was refused; its finding says why")
    client.request(GET, registry_id=registry)
    first_page(client)
    # Judged as it is now: its host, moved to one that cannot exist, fails any test.
    moved = {RULES.member: f"https://contract-{run_id}{UNREACHABLE_DOMAIN}/story"}
    client.request(UPDATE, registry_id=registry, body=moved)
    client.request(TEST_CONNECTION, registry_id=registry)
    client.request(GET, registry_id=registry)
    stored = {**body, **moved}
    stored = {k: v for k, v in stored.items() if k in UPDATE_BODY.members and k not in WRITE_ONLY}
    client.request(UPDATE, registry_id=registry, body=stored)
    for kind in kinds_without_rules():
        client.request(UPDATE, registry_id=registry, body={RULES.kind_member: kind})
    member = changeable_member()
    if member is not None:
        client.request(UPDATE, registry_id=registry, body={member: f"{body[member]}-changed"})
    client.request(GET, registry_id=registry)
    first_page(client)
    client.request(DELETE, registry_id=registry)
    # The deleted registry, by every operation that can name it.
    client.request(GET, registry_id=registry)
    if member is not None:
        client.request(UPDATE, registry_id=registry, body={member: "after-the-delete"})
    client.request(TEST_CONNECTION, registry_id=registry)
    first_page(client)
