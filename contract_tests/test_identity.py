"""Identity: get by id returns that id, and list items equal what get returns."""

from __future__ import annotations

import pytest

from contract_tests import api
from contract_tests.checks import registries, responses
from contract_tests.context import RunContext
from contract_tests.results import ResultBook
from contract_tests.verdicts import Verdicts

SAMPLE = 10


def test_get_matches_list(
    run: RunContext, book: ResultBook, verdicts: Verdicts, population: list[str]
) -> None:
    listed = api.walk(run, verdicts.session, {"limit": SAMPLE}, max_pages=1)
    items = listed.items
    if not items:
        for check in ("get_returns_requested_id", "list_items_match_get"):
            book.skipped(check, api.GET, "no registries to read (read-only run on an empty team)")
        pytest.skip("no registries to read")
    for item in items:
        registry_id = str(item.get("id"))
        response = api.send(run, verdicts.session, api.GET, registry_id)
        body = responses.json_body(response)
        got = body.get("id") if isinstance(body, dict) else None
        problem = None if got == registry_id else f"{response.status_code}, id={got!r}"
        verdicts.expect(
            "get_returns_requested_id",
            api.GET,
            problem,
            f"the registry with id {registry_id!r}",
            response,
        )
        verdicts.expect(
            "list_items_match_get",
            api.GET,
            registries.same_fields(item, body),
            "the same fields as the list item",
            response,
        )
    verdicts.settle()
