"""Near misses, on purpose (`contract_tests.suite.near_misses`): every variant of each family
is sent in every run, at any budget. They are cheap reads, but for the strings, which must be
written to be read back, and one refused body that carries a password."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings

from api_spec.registries import CREATE, GET, LIST, PAGINATION, RULES, UPDATE
from contract_tests.engine.client import Client
from contract_tests.rules.exchange import Asked
from contract_tests.settings import Settings
from contract_tests.suite import near_misses
from contract_tests.suite.bodies import Marker, plain_body
from contract_tests.suite.marks import sends, to, writes
from contract_tests.suite.near_misses import (
    ID_MISSES,
    NOT_WHOLE_NUMBERS,
    TOKEN_MISSES,
    IdMiss,
    TokenMiss,
)

# Page sizes drawn beyond the fixed ones: a few, whatever the budget (each is a request).
DRAWN = 2


@pytest.fixture
def real_id(client: Client, population: list[str]) -> str:
    """An id the server issued: one the run created, else the first it lists."""
    if population:
        return population[0]
    listed = client.walk({PAGINATION.limit: 1}, max_pages=1).ids
    if not listed:
        pytest.skip("no registry to take an id from (an empty team)")
    return listed[0]


@sends(to(GET, asked=(Asked.UNKNOWN_ID,)))
@pytest.mark.parametrize("miss", ID_MISSES, ids=lambda miss: miss.how)
def test_a_near_miss_id_is_unknown(miss: IdMiss, real_id: str, client: Client) -> None:
    varied = miss.apply(real_id)
    if not varied or varied in (".", "..") or "/" in varied:
        pytest.skip(f"{miss.how}, {real_id!r} changes the route")
    client.request(GET, registry_id=varied)


@sends(to(LIST, asked=(Asked.WRONG_TOKEN,)))
@pytest.mark.parametrize("miss", TOKEN_MISSES, ids=lambda miss: miss.how)
def test_a_near_miss_token_is_refused(
    miss: TokenMiss, client: Client, run_settings: Settings
) -> None:
    credentials = near_misses.near_miss_credentials(run_settings.token, miss)
    assert credentials.token is not None
    # Redacted everywhere as the expression that makes it, like the token itself.
    client.wire.guards.secrets.add_token(credentials.token, credentials.shown.split(" ", 1)[1])
    client.request(LIST, query={PAGINATION.limit: 1}, credentials=credentials)


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
