"""Identity, on whatever registries a list shows (a read-only run's too): each can be fetched
by its id, the fetch returns what the list showed, and reading them again changes nothing.

It runs last, when the run has created, updated and deleted what it will. The registries the
run wrote to are fetched first, since a list is likeliest to be wrong about those; of the
others, a sample drawn from the seed across the whole walk, its tail as much as its head.
"""

from __future__ import annotations

import pytest

from api_spec.registries import GET, ID, LIMIT, PAGINATION
from contract_tests.record.observer import json_or_none
from contract_tests.record.verdicts import Verdicts
from contract_tests.rules.state import get_returns_requested_id, list_matches_get, safe_methods_safe
from contract_tests.suite.bodies import Marker
from contract_tests.suite.calls import Client

pytestmark = pytest.mark.exercises(list_matches_get, get_returns_requested_id, safe_methods_safe)
# Registries the run did not create that are fetched, at most.
SAMPLE = 5
LARGEST = int(LIMIT.maximum or 100)
MAX_PAGES = 20


def test_list_matches_get(
    client: Client, marker: Marker, population: list[str], verdicts: Verdicts
) -> None:
    listed = client.walk({PAGINATION.limit: LARGEST}, max_pages=MAX_PAGES).items
    if not listed:
        for check in (list_matches_get, get_returns_requested_id):
            verdicts.book.skipped(check, GET.label, "no registries to read (an empty team)")
        pytest.skip("no registries to read")
    policy = client.wire.guards.policy
    written = [item for item in listed if policy.may_touch(str(item.get(ID)))]
    others = [item for item in listed if item not in written]
    sample = sorted(marker.random.sample(range(len(others)), min(SAMPLE, len(others))))
    for item in written + [others[index] for index in sample]:
        response = client.request(GET, registry_id=str(item.get(ID)))
        problem = list_matches_get(item, response.status_code, json_or_none(response))
        verdicts.rule(list_matches_get, GET.label, problem, last=True)
    # Read again: the model compares each answer with the one before (safe methods).
    for item in (written + [others[index] for index in sample])[:SAMPLE]:
        client.request(GET, registry_id=str(item.get(ID)))
    verdicts.settle()
