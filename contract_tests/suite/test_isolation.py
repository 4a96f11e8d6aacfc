"""Tenant isolation, with a second team's token (`SECOND_API_TOKEN`), through every channel that
carries identity (`rules.probes.CHANNELS`): the teams' lists share no registry, whatever cursor
either is given; one team's get and test-connection of the other's registry, by its id or by a
URL the server named in a header, find nothing; its update and delete are refused and change
nothing; and what the second team creates, the first never sees.

Every request with the second team's token to a registry of the first is one the server must
refuse; the request layer lets those reach only registries the run created (test-connection,
update, delete) or any registry by GET, and none of them writes when the server is correct.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from api_spec.registries import (
    CREATE,
    DELETE,
    GET,
    LIMIT,
    LIST,
    PAGINATION,
    TEST_CONNECTION,
    UPDATE,
)
from contract_tests.engine.client import Client, created_id
from contract_tests.rules.exchange import Asked
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker, plain_body
from contract_tests.suite.marks import second_team, sends, to, writes
from contract_tests.suite.near_misses import free_text_members
from contract_tests.wire.credentials import Credentials, Team
from contract_tests.wire.policy import COLLECTION

pytestmark = second_team
LARGEST = {PAGINATION.limit: int(LIMIT.maximum or 100)}
MAX_PAGES = 20
# The first team's registries the second team's token asks for, at most.
SAMPLE = 3
OTHER = (Asked.OTHER_TEAM,)


def second(client: Client, *, probe: bool = False) -> Credentials:
    return replace(client.wire.teams[Team.SECOND], probe=probe)


@sends(to(LIST, walks=True))
def test_the_teams_lists_share_no_registry(client: Client, population: list[str]) -> None:
    client.walk(LARGEST, MAX_PAGES)  # the first team's registries, as the model learns them
    client.walk(LARGEST, MAX_PAGES, credentials=second(client))  # judged against them
    client.walk(LARGEST, MAX_PAGES)  # and the first team's, against the second's


@sends(to(GET, TEST_CONNECTION, asked=OTHER))
def test_the_other_team_reads_nothing(
    client: Client, population: list[str], run_settings: Settings
) -> None:
    model = client.engine.model
    first = [k for k in model.registries.values() if k.team is Team.FIRST and k.deleted is None]
    if not first:
        client.walk(LARGEST, 1)
        first = [k for k in model.registries.values() if k.team is Team.FIRST]
    if not first:
        pytest.skip("the first team has no registry to ask for")
    for known in first[:SAMPLE]:
        client.request(GET, registry_id=known.id, credentials=second(client))
    if run_settings.allow_writes:
        # A connection test makes the server log in to the registry: only for one the run
        # created, on a host that cannot exist, whatever the token.
        policy = client.wire.guards.policy
        owned = [k for k in first if k.owned and policy.connectable(k.id)][:1]
        for known in owned:
            client.request(
                TEST_CONNECTION, registry_id=known.id, credentials=second(client, probe=True)
            )


@writes
@sends(to(UPDATE, DELETE, GET, asked=OTHER), to(GET, LIST, CREATE, walks=True))
def test_the_other_team_writes_nothing(
    client: Client, marker: Marker, population: list[str], run_settings: Settings
) -> None:
    held = client.engine.model.held_by(Team.FIRST)  # live: other tests may have deleted some
    if not held:
        pytest.skip("the run holds no registry to probe")
    target = held[0].id
    changes = dict.fromkeys(free_text_members(), "changed-by-the-other-team")
    # Each refused write read back by its own team, by the list and by a get: as it was.
    client.request(UPDATE, registry_id=target, body=changes, credentials=second(client, probe=True))
    client.walk(LARGEST, MAX_PAGES)
    client.request(DELETE, registry_id=target, credentials=second(client, probe=True))
    client.request(GET, registry_id=target)
    # A registry of the second team: the first team never sees it.
    body = marker.owned(plain_body(run_settings.run_id, "second-team"))
    theirs = created_id(client.request(CREATE, body=body, credentials=second(client)))
    if theirs is not None:
        client.walk(LARGEST, MAX_PAGES)
        client.request(GET, registry_id=theirs)
        client.request(DELETE, registry_id=theirs, credentials=second(client))


@sends(to(LIST))
def test_a_cursor_of_one_team_lists_nothing_of_it_for_the_other(
    client: Client, population: list[str]
) -> None:
    """The first team's cursor, followed with the second team's token."""
    walked = client.walk({PAGINATION.limit: 1}, max_pages=1)
    cursor = walked.pages[0].get(PAGINATION.next_cursor) if walked.pages else None
    if not isinstance(cursor, str) or not cursor:
        pytest.skip("the first team's list has one page: no cursor to follow")
    query = {PAGINATION.limit: int(LIMIT.maximum or 100), PAGINATION.cursor: cursor}
    client.request(LIST, query=query, credentials=second(client))


def _by_id(base_url: str, url: str) -> tuple[str, str] | None:
    """(id, path and query) of a URL on the API's own origin that names one registry, or None
    (another origin, another resource): a header's URL is followed only so."""
    base, named = urlsplit(base_url), urlsplit(urljoin(base_url + "/", url))
    if (named.scheme, named.netloc) != (base.scheme, base.netloc):
        return None
    path = named.path.removeprefix(base.path.rstrip("/"))
    rest = path.removeprefix(COLLECTION + "/")
    if rest == path or not rest or "/" in rest:
        return None
    target = path + (f"?{named.query}" if named.query else "")
    return unquote(rest), target


@sends(to(GET, asked=OTHER))
def test_a_url_a_header_named_is_not_the_other_teams_way_in(
    client: Client, population: list[str]
) -> None:
    """Each URL an answer to the first team named in a header (Location, Content-Location,
    Link), followed with a GET of the second team's token, on the same origin only."""
    named = [url for team, url in client.engine.named if team is Team.FIRST]
    followed = [found for url in named if (found := _by_id(client.wire.base_url, url))]
    if not followed:
        pytest.skip("no answer named a registry in a header")
    for registry, target in dict.fromkeys(followed):
        client.request(GET, registry_id=registry, target=target, credentials=second(client))
