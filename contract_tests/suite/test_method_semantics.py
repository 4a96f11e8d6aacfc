"""Method semantics, in both directions (RFC 9110 §9.2), every row of `rules.probes.METHODS` in
every run: a registry and a page read twice; the same body created twice; the same update sent
twice; a registry deleted twice. The engine judges what each repetition must, and must not,
do."""

from __future__ import annotations

from api_spec.registries import CREATE, DELETE, GET, LIST, PAGINATION, UPDATE
from contract_tests.engine.client import Client, created_id
from contract_tests.rules.exchange import Asked
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker, plain_body
from contract_tests.suite.marks import sends, to, writes

PAGE = 2


@sends(to(LIST, pages=True))
def test_a_page_read_again_is_the_same(client: Client, population: list[str]) -> None:
    """The second page of a walk, read again with the same cursor."""
    walked = client.walk({PAGINATION.limit: PAGE}, max_pages=2)
    cursor = walked.pages[0].get(PAGINATION.next_cursor) if walked.pages else None
    if isinstance(cursor, str) and cursor:
        client.request(LIST, query={PAGINATION.limit: PAGE, PAGINATION.cursor: cursor})


@writes
@sends(to(CREATE, GET, UPDATE, DELETE, asked=(Asked.ALLOWED, Asked.DELETED)))
def test_each_method_repeated(client: Client, marker: Marker, run_settings: Settings) -> None:
    body = marker.owned(plain_body(run_settings.run_id, "twice"))
    made = [created_id(client.request(CREATE, body=body)) for _ in range(2)]  # the same body
    first = made[0]
    if first is not None:
        client.request(GET, registry_id=first)
        client.request(GET, registry_id=first)
        change = {"namespace": f"again-{marker.hex(6)}"}
        client.request(UPDATE, registry_id=first, body=change)
        client.request(UPDATE, registry_id=first, body=change)
        client.request(GET, registry_id=first)
    for registry in dict.fromkeys(made):
        if registry is not None:
            client.request(DELETE, registry_id=registry)
    if first is not None:
        client.request(DELETE, registry_id=first)
