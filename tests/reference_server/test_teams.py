"""Two teams on one reference server, over real HTTP: each token sees, lists, gets, updates,
deletes, tests and pages through only its own team's registries, and another team's id is
answered exactly as an id that does not exist."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from mock_server.testing import running_reference_server

from .support import PAGINATION, PATH, SECOND_TOKEN, TOKEN, TwoTeams, client, items, two_teams


@pytest.fixture
def teams() -> Iterator[TwoTeams]:
    with two_teams("--nodelay") as both:
        yield both


def _ids(listed: list[dict[str, object]]) -> set[object]:
    return {item["id"] for item in listed}


def test_each_team_lists_only_its_own_registries(teams: TwoTeams) -> None:
    firsts = [teams.first.create(name=f"first-{i}") for i in range(5)]
    seconds = [teams.second.create(name=f"second-{i}") for i in range(3)]
    for limit in (1, 2, 10):
        assert _ids(items(teams.first.walk(limit=limit))) == _ids(firsts)
        assert _ids(items(teams.second.walk(limit=limit))) == _ids(seconds)
    teams.second.http.delete(f"{PATH}/{seconds[0]['id']}")
    assert _ids(items(teams.first.walk())) == _ids(firsts)  # the other team's delete: no change


def test_another_teams_id_is_answered_as_an_id_that_does_not_exist(teams: TwoTeams) -> None:
    theirs = teams.first.create()
    unknown = str(uuid.uuid4())
    for method, suffix, body in (
        ("GET", "", None),
        ("PUT", "", {"name": "taken-over"}),
        ("DELETE", "", None),
        ("GET", "/test-connection", None),
    ):
        answers = [
            teams.second.http.request(method, f"{PATH}/{registry_id}{suffix}", json=body)
            for registry_id in (theirs["id"], unknown)
        ]
        assert [a.status_code for a in answers] == [404, 404], (method, suffix)
        assert answers[0].content == answers[1].content, (method, suffix)
        assert answers[0].json()["code"] == "NOT_FOUND"
    # The owner's registry is as it was: the update and the delete did not land.
    assert teams.first.http.get(f"{PATH}/{theirs['id']}").json() == theirs


def test_an_update_refused_to_another_team_is_refused_before_its_body(teams: TwoTeams) -> None:
    """Even a body that is not valid meets the 404 first: the id does not exist for them."""
    theirs = teams.first.create()
    answer = teams.second.http.put(f"{PATH}/{theirs['id']}", json={"name": 1})
    assert answer.status_code == 404


def test_each_team_changes_only_what_it_holds(teams: TwoTeams) -> None:
    first = teams.first.create(name="first")
    second = teams.second.create(name="second")
    renamed = teams.second.http.put(f"{PATH}/{second['id']}", json={"name": "renamed"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "renamed"
    assert teams.second.http.delete(f"{PATH}/{second['id']}").status_code == 200
    assert teams.first.http.get(f"{PATH}/{first['id']}").json() == first
    assert teams.second.http.get(f"{PATH}/{second['id']}").status_code == 404


def test_a_cursor_is_refused_to_the_other_team_as_an_unknown_one(teams: TwoTeams) -> None:
    for i in range(3):
        teams.first.create(name=f"first-{i}")
        teams.second.create(name=f"second-{i}")
    issued = teams.first.page(limit=1)[PAGINATION.next_cursor]
    assert isinstance(issued, str)
    crossed = teams.second.http.get(PATH, params={PAGINATION.cursor: issued, "limit": 1})
    made_up = teams.second.http.get(PATH, params={PAGINATION.cursor: "made-up", "limit": 1})
    assert crossed.status_code == made_up.status_code == 400
    assert crossed.content == made_up.content
    assert PAGINATION.cursor in crossed.json()["details"]
    following = teams.first.page(limit=1, **{PAGINATION.cursor: issued})  # still the owner's
    assert len(following[PAGINATION.results]) == 1


def test_a_walk_is_not_moved_by_the_other_teams_writes(teams: TwoTeams) -> None:
    mine = [teams.first.create(name=f"first-{i}") for i in range(4)]
    pages = [teams.first.page(limit=1)]
    while pages[-1][PAGINATION.has_more]:
        teams.second.create(name="meanwhile")
        cursor = pages[-1][PAGINATION.next_cursor]
        pages.append(teams.first.page(limit=1, **{PAGINATION.cursor: cursor}))
    assert sorted(item["id"] for item in items(pages)) == sorted(item["id"] for item in mine)


def test_both_tokens_may_inspect_the_connections(teams: TwoTeams) -> None:
    for api in (teams.first, teams.second):
        assert api.http.get(api.origin + "_stdlib/connections").status_code == 200
    wrong = httpx.get(
        teams.first.origin + "_stdlib/connections", headers={"Authorization": "Bearer nobody"}
    )
    assert wrong.status_code == 401


def test_the_second_token_may_come_from_the_command_line() -> None:
    with running_reference_server("--second-token", SECOND_TOKEN, token=TOKEN) as server:
        second = httpx.get(
            server.base_url + PATH, headers={"Authorization": f"Bearer {SECOND_TOKEN}"}
        )
        assert second.status_code == 200


def test_without_a_second_token_only_the_first_team_gets_in() -> None:
    """The second team's token is then random and printed nowhere: no client can guess it."""
    with running_reference_server(token=TOKEN) as server, client(server) as first:
        assert first.page()[PAGINATION.results] == []
        for guess in (SECOND_TOKEN, TOKEN.upper(), TOKEN + "x"):
            answer = httpx.get(server.base_url + PATH, headers={"Authorization": f"Bearer {guess}"})
            assert answer.status_code == 401, guess
