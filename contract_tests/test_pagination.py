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
from contract_tests import calls, repro
from contract_tests.bodies import plain_body
from contract_tests.calls import Walk, walk
from contract_tests.checks import pagination
from contract_tests.checks.requests import refused_with_400
from contract_tests.context import RunContext
from contract_tests.population import POPULATION
from contract_tests.verdicts import Verdicts

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
def everyone(run: RunContext, population: list[str]) -> set[str]:
    """Every registry, from the fewest pages a walk can take (nothing writes during the test)."""
    return set(walk(run, query(LARGEST, None), max_pages=1000).ids) | set(population)


def check_pages(verdicts: Verdicts, result: Walk, limit: int) -> None:
    for page, response in zip(result.pages, result.answers, strict=False):
        verdicts.rule(
            "page_size_within_limit",
            OP,
            pagination.page_size_within_limit(page, limit),
            response=response,
        )
        verdicts.rule(
            "hasmore_matches_nextpage",
            OP,
            pagination.hasmore_matches_nextpage(page),
            response=response,
        )
    last = result.answers[-1] if result.answers else None
    verdicts.rule(
        "no_empty_page_after_hasmore",
        OP,
        pagination.no_empty_page_after_hasmore(result.pages),
        response=last,
    )


def walk_script(check: str, run: RunContext, params: dict[str, Any], between: str = "") -> str:
    """A script that creates as many registries as the run's population and walks them."""
    bodies = [plain_body(run.settings.run_id, "walk")] * POPULATION
    return repro.walk_story(
        f"[{check}] {OP} {params}", run.settings.base_url, bodies, params, between
    )


@given(limit=LIMITS, order=ORDERS)
@example(limit=SMALLEST, order=PAGINATION.descending)
@example(limit=SMALLEST + 1, order=PAGINATION.ascending)
@example(limit=LARGEST, order=None)
def test_walk(limit: int, order: str | None, run: RunContext, everyone: set[str]) -> None:
    verdicts = Verdicts(run)
    params = query(limit, order)
    result = walk(run, params, math.ceil(len(everyone) / limit) + 3)
    check_pages(verdicts, result, limit)
    last = result.answers[-1] if result.answers else None
    if result.pages:
        problem = pagination.walk_yields_each_once(result.ids, everyone, result.ended)
        script = walk_script("walk_yields_each_once", run, params) if problem else ""
        verdicts.rule("walk_yields_each_once", OP, problem, response=last, script=script)
        ascending = (order or DEFAULT_DIRECTION) == PAGINATION.ascending
        problem = pagination.sorted_as_requested(result.items, SORT_FIELD, ascending)
        verdicts.rule("sorted_as_requested", OP, problem, response=last)
    verdicts.settle()


@given(small=st.integers(SMALLEST, LARGEST - 1), extra=st.integers(1, LARGEST), order=ORDERS)
@example(small=SMALLEST, extra=1, order=PAGINATION.ascending)
def test_first_page_prefix(
    small: int, extra: int, order: str | None, run: RunContext, population: list[str]
) -> None:
    verdicts = Verdicts(run)
    first = walk(run, query(small, order), max_pages=1)
    bigger = walk(run, query(min(small + extra, LARGEST), order), max_pages=1)
    if first.pages and bigger.pages:
        problem = pagination.first_page_prefix(first.ids, bigger.ids)
        verdicts.rule("first_page_prefix", OP, problem, response=bigger.answers[-1])
    verdicts.settle()


@pytest.mark.parametrize("limit", INVALID_LIMITS, ids=str)
def test_invalid_limit_refused(limit: Any, run: RunContext) -> None:
    verdicts = Verdicts(run)
    response = calls.send(run, LIST, query={PAGINATION.limit: limit})
    verdicts.rule("limit_out_of_range_refused", OP, refused_with_400(response), response=response)
    verdicts.settle()


@pytest.mark.writes
@pytest.mark.parametrize("direction", DIRECTIONS)
def test_walk_survives_writes(direction: str, run: RunContext, population: list[str]) -> None:
    """After the first page, a registry is created (descending: it lands before the walk's
    position) or one already seen is deleted (ascending): a key cursor does not notice, an
    offset repeats or skips a registry."""
    verdicts = Verdicts(run)
    throughout = set(walk(run, query(LARGEST, None), max_pages=1000).ids)
    descending = direction == PAGINATION.descending
    changed: list[str] = []

    def write(result: Walk) -> None:
        if changed:
            return
        if descending:
            body = run.owned(plain_body(run.settings.run_id, "between-pages"))
            new = calls.created_id(calls.send(run, CREATE, body=body, valid=True))
            changed.append(new or "")
        else:
            seen = [i for i in result.ids if i in population]
            if seen:
                calls.send(run, DELETE, registry_id=seen[0], valid=True)
                population.remove(seen[0])
                throughout.discard(seen[0])
                changed.append(seen[0])

    params = query(2, direction)
    result = walk(run, params, max_pages=len(throughout) + 3, between=write)
    if len(result.pages) > 1:
        problem = pagination.walk_survives_writes(result.ids, throughout - set(changed))
        between = repro.CREATE_BETWEEN if descending else repro.DELETE_BETWEEN
        script = walk_script("walk_survives_writes", run, params, between) if problem else ""
        verdicts.rule(
            "walk_survives_writes", OP, problem, response=result.answers[-1], script=script
        )
    verdicts.settle()
