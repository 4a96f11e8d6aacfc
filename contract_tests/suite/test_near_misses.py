"""Near misses, on purpose, from the table (`contract_tests.rules.near_misses`): every value a
server compares, varied on every axis on which engines and parsers blur two values, in every
run at any budget. They are cheap reads, but for the kind, which a create carries. What each
must get is the model's to predict and the engine's to judge: a variant refused, or one a
standard calls equal served as the value itself.

A variant is written on the wire exactly: a path segment percent-encoded by the suite, a query
by the form encoding servers read, a body as its JSON bytes.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import example, given, settings

from api_spec.registries import CREATE, GET, LIST, PAGINATION, RULES, UPDATE
from contract_tests.engine.client import Client
from contract_tests.rules.exchange import Asked
from contract_tests.rules.near_misses import (
    AXES,
    EQUAL,
    NOT_WHOLE_NUMBERS,
    VARY,
    cell,
    json_escaped,
    percent_encoded,
)
from contract_tests.settings import Settings
from contract_tests.suite import near_misses
from contract_tests.suite.bodies import Marker, kinds_without_rules, plain_body
from contract_tests.suite.marks import sends, to, writes
from contract_tests.wire.credentials import Team, varied
from contract_tests.wire.policy import COLLECTION
from contract_tests.wire.variants import TOKEN_VARIANTS, TokenVariant

# Page sizes drawn beyond the fixed ones: a few, whatever the budget (each is a request).
DRAWN = 2
DIRECTION = PAGINATION.descending
PAGE_SIZE = "5"


@pytest.fixture(scope="module")
def real_id(client: Client, population: list[str]) -> str:
    """An id the server issued: one the run created, else the first it lists."""
    if population:
        return population[0]
    listed = client.walk({PAGINATION.limit: 1}, max_pages=1).ids
    if not listed:
        pytest.skip("no registry to take an id from (an empty team)")
    return listed[0]


@pytest.fixture(scope="module")
def real_cursor(client: Client, population: list[str]) -> str:
    """A cursor the server issued: the first page's, at a page of one."""
    walked = client.walk({PAGINATION.limit: 1}, max_pages=1)
    cursor = walked.pages[0].get(PAGINATION.next_cursor) if walked.pages else None
    if not isinstance(cursor, str) or not cursor:
        pytest.skip("the list has one page: no cursor to vary")
    return cursor


def applying(value: str, axis: str) -> str:
    """The cell's rule; a cell that cannot apply skips, saying why."""
    found = cell(value, axis)
    if not found.applies:
        pytest.skip(found.note)
    return found.rule


@sends(to(GET, asked=(Asked.UNKNOWN_ID, Asked.ALLOWED)))
@pytest.mark.parametrize("axis", AXES)
def test_an_id_near_miss(axis: str, real_id: str, client: Client) -> None:
    rule = applying("id", axis)
    if rule == EQUAL:
        written = percent_encoded(quote(real_id, safe=""))
        client.request(GET, registry_id=real_id, target=f"{COLLECTION}/{written}",
                       equivalent=cell("id", axis).note, near_miss=axis, of=real_id)  # fmt: skip
        return
    variant = VARY[axis](real_id)
    if not variant or variant in (".", ".."):
        pytest.skip(f"{axis}: {real_id!r} would change the route")
    client.request(GET, registry_id=variant, target=f"{COLLECTION}/{quote(variant, safe='')}",
                   near_miss=axis, of=real_id)  # fmt: skip


@sends(to(LIST, asked=(Asked.WRONG_TOKEN, Asked.ALLOWED)))
@pytest.mark.parametrize("variant", TOKEN_VARIANTS, ids=lambda variant: variant.axis)
def test_a_token_near_miss(variant: TokenVariant, client: Client, run_settings: Settings) -> None:
    credentials = varied(run_settings.token, Team.FIRST, variant)
    assert credentials.token is not None
    # Redacted everywhere as the expression that makes it, like the token itself.
    client.wire.guards.secrets.add_token(credentials.token, credentials.shown.split(" ")[-1])
    client.request(LIST, query={PAGINATION.limit: 1}, credentials=credentials,
                   equivalent=variant.equal)  # fmt: skip


def _as_written(query: dict[str, Any], name: str, written: str) -> str:
    """The list's path and query with `name`'s value written as `written`, as it is."""
    others = urlencode({k: v for k, v in query.items() if k != name})
    return f"{COLLECTION}?{others}&{name}={written}" if others else f"{COLLECTION}?{name}={written}"


@sends(to(LIST, asked=(Asked.NEAR_CURSOR, Asked.ALLOWED), pages=True))
@pytest.mark.parametrize("axis", AXES)
def test_a_cursor_near_miss(axis: str, real_cursor: str, client: Client) -> None:
    rule = applying("cursor", axis)
    query = {PAGINATION.limit: 1, PAGINATION.cursor: real_cursor}
    if rule == EQUAL:
        written = percent_encoded(quote(real_cursor, safe=""))
        assert written is not None
        client.request(LIST, query=query, target=_as_written(query, PAGINATION.cursor, written),
                       equivalent=cell("cursor", axis).note)  # fmt: skip
        client.request(LIST, query=query)  # the same page, written plainly
        return
    variant = VARY[axis](real_cursor)
    if variant is None:
        pytest.skip(f"{axis}: nothing to vary in the cursor")
    client.request(LIST, query={**query, PAGINATION.cursor: variant}, near_miss=axis)


def _enum_near_miss(client: Client, name: str, value: str, axis: str, row: str) -> None:
    rule = applying(row, axis)
    query = {PAGINATION.limit: 2, name: value}
    if rule == EQUAL:
        written = percent_encoded(value)
        assert written is not None
        client.request(LIST, query=query, target=_as_written(query, name, written),
                       equivalent=cell(row, axis).note)  # fmt: skip
        return
    variant = VARY[axis](value)
    if variant is None:
        pytest.skip(f"{axis}: {value!r} does not vary")
    client.request(LIST, query={**query, name: variant})


@sends(to(LIST, asked=(Asked.INVALID, Asked.ALLOWED)))
@pytest.mark.parametrize("axis", AXES)
def test_a_sort_direction_near_miss(axis: str, client: Client) -> None:
    if not PAGINATION.sort_direction:
        pytest.skip("the list takes no sort direction")
    _enum_near_miss(client, PAGINATION.sort_direction, DIRECTION, axis, "sort direction")


@sends(to(LIST, asked=(Asked.INVALID, Asked.ALLOWED)))
@pytest.mark.parametrize("axis", AXES)
def test_a_sort_field_near_miss(axis: str, client: Client) -> None:
    field = PAGINATION.sort_field
    if not field:
        pytest.skip("the list takes no sort field")
    _enum_near_miss(client, field, str(LIST.query(field).default), axis, "sort field")


@writes
@sends(to(CREATE, asked=(Asked.INVALID, Asked.ALLOWED)))
@pytest.mark.parametrize("axis", AXES)
def test_a_kind_near_miss(
    axis: str, client: Client, marker: Marker, run_settings: Settings
) -> None:
    rule = applying("kind", axis)
    kind = str(kinds_without_rules()[0])
    body = marker.owned(plain_body(run_settings.run_id, f"kind-{axis}"))
    if rule == EQUAL:
        body[RULES.kind_member] = kind
        escaped = json_escaped(kind)
        assert escaped is not None
        text = json.dumps(body).replace(json.dumps(kind), escaped, 1)
        client.request(CREATE, body=body, encoded=text.encode())
        return
    variant = VARY[axis](kind)
    if variant is None:
        pytest.skip(f"{axis}: {kind!r} does not vary")
    client.request(CREATE, body={**body, RULES.kind_member: variant})


@sends(to(LIST, asked=(Asked.LIMIT, Asked.ALLOWED)))
@pytest.mark.parametrize("axis", AXES)
def test_a_page_size_near_miss(axis: str, client: Client) -> None:
    rule = applying("page size", axis)
    query = {PAGINATION.limit: PAGE_SIZE}
    if rule == EQUAL:
        written = percent_encoded(PAGE_SIZE)
        assert written is not None
        client.request(LIST, query=query, target=_as_written(query, PAGINATION.limit, written),
                       equivalent=cell("page size", axis).note)  # fmt: skip
        return
    variant = VARY[axis](PAGE_SIZE)
    assert variant is not None
    if axis == "extension":
        variant = PAGE_SIZE + "x"  # one character more that is no digit
    client.request(LIST, query={PAGINATION.limit: variant})


@sends(to(LIST, asked=(Asked.LIMIT,)))
@settings(max_examples=DRAWN)
@given(limit=near_misses.not_whole_numbers())
@example(limit=NOT_WHOLE_NUMBERS[0])
@example(limit=NOT_WHOLE_NUMBERS[1])
@example(limit=NOT_WHOLE_NUMBERS[2])
@example(limit=NOT_WHOLE_NUMBERS[3])
def test_a_page_size_that_is_not_a_whole_number_is_refused(limit: str, client: Client) -> None:
    client.request(LIST, query={PAGINATION.limit: limit})  # the model predicts the 400


@writes
@sends(to(CREATE, UPDATE, asked=(Asked.INVALID,)))
def test_a_refused_body_does_not_echo_its_password(
    client: Client, marker: Marker, population: list[str], run_settings: Settings
) -> None:
    """A create, and an update of a registry the run holds, each with a kind outside the enum
    and a fresh password: both refused, neither quoting the password."""
    body = marker.owned(plain_body(run_settings.run_id, "refused"))
    body[RULES.kind_member] = "not-a-kind-" + marker.hex(4)
    client.request(CREATE, body=body)
    if population:
        changes = {RULES.kind_member: body[RULES.kind_member], "password": marker.password()}
        client.request(UPDATE, registry_id=population[0], body=changes)
