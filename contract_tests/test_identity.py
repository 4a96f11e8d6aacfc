"""Identity, on whatever registries a list shows (a read-only run's too): each can be fetched
by its id, the fetch returns what the list showed, and reading them again changes nothing.

It runs last, when the run has created, updated and deleted what it will: registries the run
wrote to are fetched first, since a list is likeliest to be wrong about those.
"""

from __future__ import annotations

import pytest

from api_spec.registries import GET, ID, LIMIT, PAGINATION
from contract_tests import calls
from contract_tests.calls import walk
from contract_tests.context import RunContext
from contract_tests.model import differences
from contract_tests.verdicts import Verdicts

# Registries the run did not create that are fetched, at most.
SAMPLE = 5
LARGEST = int(LIMIT.maximum or 100)


def test_list_matches_get(run: RunContext, population: list[str]) -> None:
    verdicts = Verdicts(run)
    listed = walk(run, {PAGINATION.limit: LARGEST}, max_pages=20).items
    if not listed:
        for check in ("list_matches_get", "get_returns_requested_id"):
            run.book.skipped(check, GET.label, "no registries to read (an empty team)")
        pytest.skip("no registries to read")
    written = [item for item in listed if run.policy.may_touch(str(item.get(ID)))]
    others = [item for item in listed if item not in written][:SAMPLE]
    for item in written + others:
        response = calls.send(run, GET, registry_id=str(item.get(ID)))
        body = calls.json_or_none(response)
        problem: tuple[str, str] | None
        if response.status_code == 404:
            problem = ("a listed registry that get answers 404 for", f"{ID}={item.get(ID)!r}")
        elif (
            response.status_code == 200 and isinstance(body, dict) and body.get(ID) == item.get(ID)
        ):
            changed = differences(item, body)
            problem = (
                ("get shows the registry unlike the list", "; ".join(changed)) if changed else None
            )
        else:
            continue  # another check names what is wrong with this answer
        verdicts.rule("list_matches_get", GET.label, problem, response=response)
    # Read again: the model compares each answer with the one before (safe methods).
    for item in (written + others)[:SAMPLE]:
        calls.send(run, GET, registry_id=str(item.get(ID)))
    verdicts.settle()
