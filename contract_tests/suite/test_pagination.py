"""Cursor pagination, as properties over every page size the spec allows and every order; and a
walk with writes between its pages, which an offset posing as a cursor cannot survive.

The tests only walk: the engine judges every page (its size, its order, `hasMore` against
`nextPage`), each walk when it ends, and two first pages of one order against each other. The
page-size bounds, the sort field and the directions come from the spec.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from api_spec.registries import CREATE, DELETE, LIMIT, LIST, PAGINATION
from contract_tests.engine.client import Client, Walked, created_id
from contract_tests.rules.exchange import Asked
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker, plain_body
from contract_tests.suite.marks import sends, to, writes

SMALLEST, LARGEST = int(LIMIT.minimum or 1), int(LIMIT.maximum or 100)
DIRECTIONS = [PAGINATION.ascending, PAGINATION.descending]
ORDERS = st.sampled_from([None, *DIRECTIONS])
LIMITS = st.integers(min_value=SMALLEST, max_value=LARGEST)
INVALID_LIMITS: list[Any] = list(dict.fromkeys([SMALLEST - 1, LARGEST + 1, -1, "abc"]))
SORT_FIELD = str(LIST.query(PAGINATION.sort_field).default) if PAGINATION.sort_field else ""


def query(limit: int | None, order: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if order is not None and PAGINATION.sort_direction:
        params[PAGINATION.sort_direction] = order
        if PAGINATION.sort_field:
            params[PAGINATION.sort_field] = SORT_FIELD
    if limit is not None:
        params[PAGINATION.limit] = limit
    return params


@pytest.fixture
def everyone(client: Client, population: list[str]) -> int:
    """How many registries a walk should yield: a walk of the fewest pages, and what the run
    created (nothing writes during the test)."""
    return max(len(client.walk(query(LARGEST, None)).ids), len(population))


@sends(to(LIST, walks=True))
@given(limit=LIMITS, order=ORDERS)
@example(limit=SMALLEST, order=PAGINATION.descending)
@example(limit=SMALLEST + 1, order=PAGINATION.ascending)
@example(limit=LARGEST, order=None)
def test_walk(limit: int, order: str | None, client: Client, everyone: int) -> None:
    client.walk(query(limit, order), math.ceil(everyone / limit) + 3)


@sends(to(LIST, pages=True))
@given(small=st.integers(SMALLEST, LARGEST - 1), extra=st.integers(1, LARGEST), order=ORDERS)
@example(small=SMALLEST, extra=1, order=PAGINATION.ascending)
def test_first_page_prefix(
    small: int, extra: int, order: str | None, client: Client, population: list[str]
) -> None:
    client.walk(query(small, order), max_pages=1)
    client.walk(query(min(small + extra, LARGEST), order), max_pages=1)


@sends(to(LIST, asked=(Asked.LIMIT,)))
@pytest.mark.parametrize("limit", INVALID_LIMITS, ids=str)
def test_invalid_limit_refused(limit: Any, client: Client) -> None:
    client.request(LIST, query={PAGINATION.limit: limit})  # the model predicts the 400


@writes
@sends(to(LIST, CREATE, DELETE, walks=True))
@pytest.mark.parametrize("direction", DIRECTIONS)
def test_walk_survives_writes(
    direction: str,
    client: Client,
    marker: Marker,
    population: list[str],
    run_settings: Settings,
) -> None:
    """After the first page, a registry is created (descending: it lands before the walk's
    position) or one already seen is deleted (ascending): a key cursor does not notice, an
    offset repeats or skips a registry."""
    known = len(client.walk(query(LARGEST, None)).ids)
    descending = direction == PAGINATION.descending
    changed: list[str] = []

    def write(result: Walked) -> None:
        if changed:
            return
        if descending:
            body = marker.owned(plain_body(run_settings.run_id, "between-pages"))
            changed.append(created_id(client.request(CREATE, body=body)) or "")
        else:
            seen = [i for i in result.ids if i in population]
            if seen:
                client.request(DELETE, registry_id=seen[0])
                population.remove(seen[0])
                changed.append(seen[0])

    client.walk(query(2, direction), max_pages=known + 3, between=write)
