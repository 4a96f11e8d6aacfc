"""Identity, on whatever registries a list shows (a read-only run's too): each is fetched by its
id, and fetched again; the engine judges that the fetch finds what the list showed, answers the
registry asked for, and that reading it again changes nothing.

It runs late, when the run has created, updated and deleted what it will. The registries the
run wrote to are fetched first, since a list is likeliest to be wrong about those; of the
others, a sample drawn from the seed across the whole walk, its tail as much as its head.
"""

from __future__ import annotations

import pytest

from api_spec.registries import GET, ID, LIMIT, LIST, PAGINATION
from contract_tests.engine.client import Client
from contract_tests.suite.bodies import Marker
from contract_tests.suite.marks import sends, to

# Registries the run did not create that are fetched, at most.
SAMPLE = 5
LARGEST = int(LIMIT.maximum or 100)
MAX_PAGES = 20


@sends(to(LIST, GET, walks=True))
def test_list_matches_get(client: Client, marker: Marker, population: list[str]) -> None:
    listed = client.walk({PAGINATION.limit: LARGEST}, max_pages=MAX_PAGES).items
    if not listed:
        pytest.skip("no registries to read (an empty team)")
    policy = client.wire.guards.policy
    written = [item for item in listed if policy.may_touch(str(item.get(ID)))]
    others = [item for item in listed if item not in written]
    sample = sorted(marker.random.sample(range(len(others)), min(SAMPLE, len(others))))
    chosen = written[:SAMPLE] + [others[index] for index in sample]
    for item in chosen:
        client.request(GET, registry_id=str(item.get(ID)))
    # Read again: the engine compares each answer with the one before (safe methods).
    for item in chosen[:SAMPLE]:
        client.request(GET, registry_id=str(item.get(ID)))
