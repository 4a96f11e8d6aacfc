"""Cursor pagination, as properties over every page size the spec allows and every order;
and a walk with writes between its pages, which an offset posing as a cursor cannot survive.

The page-size bounds, the sort field and the directions come from the spec.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from api_spec.registries import CREATE, DELETE, LIMIT, LIST, PAGINATION
from contract_tests.record.verdicts import Verdicts
from contract_tests.rules.answers import response_size_bounded
from contract_tests.rules.pagination import (
    first_page_prefix,
    hasmore_matches_nextpage,
    no_empty_page_after_hasmore,
    page_size_within_limit,
    sorted_as_requested,
    walk_survives_writes,
    walk_yields_each_once,
)
from contract_tests.rules.requests import (
    limit_out_of_range_refused,
    throttling_recovers,
    valid_input_accepted,
)
from contract_tests.rules.violations import Walk as Replay
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker, plain_body
from contract_tests.suite.calls import Client, Walk, created_id
from contract_tests.suite.population import POPULATION

pytestmark = pytest.mark.exercises(
    page_size_within_limit, hasmore_matches_nextpage, no_empty_page_after_hasmore,
    walk_yields_each_once, walk_survives_writes, sorted_as_requested, first_page_prefix,
    limit_out_of_range_refused, response_size_bounded, throttling_recovers, valid_input_accepted,
)  # fmt: skip
SMALLEST, LARGEST = int(LIMIT.minimum or 1), int(LIMIT.maximum or 100)
DIRECTIONS = [PAGINATION.ascending, PAGINATION.descending]
ORDERS = st.sampled_from([None, *DIRECTIONS])
LIMITS = st.integers(min_value=SMALLEST, max_value=LARGEST)
INVALID_LIMITS: list[Any] = list(dict.fromkeys([SMALLEST - 1, LARGEST + 1, -1, "abc"]))
DEFAULT_DIRECTION = PAGINATION.descending
if PAGINATION.sort_direction:
    DEFAULT_DIRECTION = LIST.query(PAGINATION.sort_direction).default or DEFAULT_DIRECTION
SORT_FIELD = str(LIST.query(PAGINATION.sort_field).default) if PAGINATION.sort_field else ""
OP = LIST.label


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
def everyone(client: Client, population: list[str]) -> set[str]:
    """Every registry, from the fewest pages a walk can take (nothing writes during the test)."""
    return set(client.walk(query(LARGEST, None), max_pages=1000).ids) | set(population)


def check_pages(verdicts: Verdicts, result: Walk, limit: int) -> None:
    for page, at in zip(result.pages, result.exchanges, strict=False):
        verdicts.rule(page_size_within_limit, OP, page_size_within_limit(page, limit), at=at)
        verdicts.rule(hasmore_matches_nextpage, OP, hasmore_matches_nextpage(page), at=at)
    verdicts.rule(
        no_empty_page_after_hasmore, OP, no_empty_page_after_hasmore(result.pages), last=True
    )


def replay(settings: Settings, params: dict[str, Any], between: str = "") -> Replay:
    """A walk like the test's over as many registries as the run's population."""
    return Replay((plain_body(settings.run_id, "walk"),) * POPULATION, params, between)


@given(limit=LIMITS, order=ORDERS)
@example(limit=SMALLEST, order=PAGINATION.descending)
@example(limit=SMALLEST + 1, order=PAGINATION.ascending)
@example(limit=LARGEST, order=None)
def test_walk(
    limit: int,
    order: str | None,
    client: Client,
    everyone: set[str],
    run_settings: Settings,
    verdicts: Verdicts,
) -> None:
    params = query(limit, order)
    result = client.walk(params, math.ceil(len(everyone) / limit) + 3)
    check_pages(verdicts, result, limit)
    if result.pages:
        problem = walk_yields_each_once(result.ids, everyone, result.ended)
        script = replay(run_settings, params) if problem else None
        verdicts.rule(walk_yields_each_once, OP, problem, last=True, replay=script)
        ascending = (order or DEFAULT_DIRECTION) == PAGINATION.ascending
        problem = sorted_as_requested(result.items, SORT_FIELD, ascending)
        verdicts.rule(sorted_as_requested, OP, problem, last=True)
    verdicts.settle()


@given(small=st.integers(SMALLEST, LARGEST - 1), extra=st.integers(1, LARGEST), order=ORDERS)
@example(small=SMALLEST, extra=1, order=PAGINATION.ascending)
def test_first_page_prefix(
    small: int,
    extra: int,
    order: str | None,
    client: Client,
    population: list[str],
    verdicts: Verdicts,
) -> None:
    first = client.walk(query(small, order), max_pages=1)
    bigger = client.walk(query(min(small + extra, LARGEST), order), max_pages=1)
    if first.pages and bigger.pages:
        verdicts.rule(first_page_prefix, OP, first_page_prefix(first.ids, bigger.ids), last=True)
    verdicts.settle()


@pytest.mark.parametrize("limit", INVALID_LIMITS, ids=str)
def test_invalid_limit_refused(limit: Any, client: Client, verdicts: Verdicts) -> None:
    client.request(LIST, query={PAGINATION.limit: limit})  # the model predicts the 400
    verdicts.settle()


@pytest.mark.writes
@pytest.mark.parametrize("direction", DIRECTIONS)
def test_walk_survives_writes(
    direction: str,
    client: Client,
    marker: Marker,
    population: list[str],
    run_settings: Settings,
    verdicts: Verdicts,
) -> None:
    """After the first page, a registry is created (descending: it lands before the walk's
    position) or one already seen is deleted (ascending): a key cursor does not notice, an
    offset repeats or skips a registry."""
    throughout = set(client.walk(query(LARGEST, None), max_pages=1000).ids)
    descending = direction == PAGINATION.descending
    changed: list[str] = []

    def write(result: Walk) -> None:
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
                throughout.discard(seen[0])
                changed.append(seen[0])

    params = query(2, direction)
    result = client.walk(params, max_pages=len(throughout) + 3, between=write)
    if len(result.pages) > 1:
        problem = walk_survives_writes(result.ids, throughout - set(changed))
        between = "create" if descending else "delete"
        script = replay(run_settings, params, between) if problem else None
        verdicts.rule(walk_survives_writes, OP, problem, last=True, replay=script)
    verdicts.settle()
