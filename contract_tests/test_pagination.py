"""Cursor pagination, as properties over every limit in 1..120 and both orders."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from contract_tests import api
from contract_tests.api import LIST, Walk, walk
from contract_tests.checks import pagination, responses
from contract_tests.context import RunContext
from contract_tests.verdicts import Verdicts

ORDERS = st.sampled_from([None, "asc", "desc"])
LIMITS = st.integers(min_value=1, max_value=120)
INVALID_LIMITS: list[Any] = [0, 121, -1, "abc"]


def query(limit: int | None, order: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {"orderBy": "dtCreated"} if order else {}
    if limit is not None:
        params["limit"] = limit
    if order is not None:
        params["order"] = order
    return params


def reference_ids(run: RunContext, verdicts: Verdicts, order: str | None) -> set[str]:
    """Every registry, from the fewest pages a walk can take."""
    whole = walk(run, verdicts.session, query(120, order), max_pages=1000)
    return set(whole.ids)


def check_responses(verdicts: Verdicts, result: Walk) -> None:
    for response in result.responses:
        verdicts.expect(
            "not_a_server_error",
            LIST,
            responses.not_a_server_error(response),
            responses.NOT_A_SERVER_ERROR,
            response,
        )
        verdicts.expect(
            "valid_input_accepted",
            LIST,
            responses.status_in(response, {200}, "200"),
            "200 for a valid limit and order",
            response,
        )


def check_pages(verdicts: Verdicts, result: Walk, limit: int) -> None:
    for page, response in zip(result.pages, result.responses, strict=False):
        verdicts.expect(
            "page_size_within_limit",
            LIST,
            pagination.page_size_within_limit(page, limit),
            pagination.PAGE_SIZE,
            response,
        )
        verdicts.expect(
            "hasmore_matches_nextpage",
            LIST,
            pagination.hasmore_matches_nextpage(page),
            pagination.HASMORE_MATCHES_NEXTPAGE,
            response,
        )
    last = result.responses[-1] if result.responses else None
    verdicts.expect(
        "no_empty_page_after_hasmore",
        LIST,
        pagination.no_empty_page_after_hasmore(result.pages),
        pagination.NO_EMPTY_PAGE,
        last,
    )


@given(limit=LIMITS, order=ORDERS)
@example(limit=1, order="desc")
@example(limit=2, order="asc")
@example(limit=3, order=None)
@example(limit=120, order="desc")
def test_walk(
    limit: int, order: str | None, run: RunContext, verdicts: Verdicts, population: list[str]
) -> None:
    expected = reference_ids(run, verdicts, order) | set(population)
    result = walk(run, verdicts.session, query(limit, order), math.ceil(len(expected) / limit) + 3)
    check_responses(verdicts, result)
    check_pages(verdicts, result, limit)
    last = result.responses[-1] if result.responses else None
    verdicts.expect(
        "walk_yields_each_once",
        LIST,
        pagination.walk_yields_each_once(result.ids, expected, result.ended),
        pagination.WALK_ONCE,
        last,
    )
    verdicts.expect(
        "order_by_dtcreated",
        LIST,
        pagination.order_by_dtcreated(result.items, order or "desc"),
        pagination.ORDER + " (desc when `order` is omitted)",
        last,
    )
    verdicts.settle()


@given(small=st.integers(1, 119), extra=st.integers(1, 119), order=ORDERS)
@example(small=1, extra=2, order="asc")
def test_first_page_prefix(
    small: int,
    extra: int,
    order: str | None,
    run: RunContext,
    verdicts: Verdicts,
    population: list[str],
) -> None:
    large = min(small + extra, 120)
    first = walk(run, verdicts.session, query(small, order), max_pages=1)
    bigger = walk(run, verdicts.session, query(large, order), max_pages=1)
    check_responses(verdicts, first)
    check_responses(verdicts, bigger)
    verdicts.expect(
        "first_page_prefix",
        LIST,
        pagination.first_page_prefix(first.ids, bigger.ids),
        pagination.PREFIX,
        bigger.responses[-1],
    )
    verdicts.settle()


@pytest.mark.parametrize("limit", INVALID_LIMITS, ids=str)
def test_invalid_limit_refused(limit: Any, run: RunContext, verdicts: Verdicts) -> None:
    response = api.send(run, verdicts.session, LIST, params={"limit": limit})
    problem = responses.status_in(response, {400}, "400") or responses.error_shape(response)
    verdicts.expect("limit_out_of_range_refused", LIST, problem, pagination.LIMIT_REFUSED, response)
    verdicts.settle()
