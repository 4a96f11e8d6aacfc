"""`--sequential-ids` over real HTTP: ids "1", "2"... from one sequence shared by both teams,
each team still seeing only its own; with `--strict-ids`, the strict form is a decimal
integer without leading zeros."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest

from .support import PAGINATION, PATH, Api, TwoTeams, items, two_teams

BY_ID = [("GET", ""), ("PUT", ""), ("GET", "/test-connection"), ("DELETE", "")]


def _by_id(api: Api, method: str, suffix: str, registry_id: str) -> httpx.Response:
    body = {"name": "renamed"} if method == "PUT" else None
    return api.http.request(method, f"{PATH}/{registry_id}{suffix}", json=body)


@pytest.fixture
def teams() -> Iterator[TwoTeams]:
    with two_teams("--nodelay", "--sequential-ids") as both:
        yield both


def test_both_teams_draw_from_one_sequence(teams: TwoTeams) -> None:
    made = [teams.first.create(), teams.second.create(), teams.first.create()]
    assert [item["id"] for item in made] == ["1", "2", "3"]
    listed = items(teams.first.walk(order=PAGINATION.ascending))
    assert [item["id"] for item in listed] == ["1", "3"]
    assert [item["id"] for item in items(teams.second.walk())] == ["2"]


@pytest.mark.parametrize(("method", "suffix"), BY_ID)
def test_another_teams_id_is_answered_as_one_that_does_not_exist(
    teams: TwoTeams, method: str, suffix: str
) -> None:
    theirs = teams.first.create()
    answers = [_by_id(teams.second, method, suffix, i) for i in (theirs["id"], "999")]
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].content == answers[1].content
    assert teams.first.http.get(f"{PATH}/{theirs['id']}").json() == theirs


def test_a_walk_goes_in_numeric_order_of_ids() -> None:
    """In whole seconds most of these share a dtCreated, so the ids break the ties: "9"
    before "10", as an integer key orders them."""
    with two_teams("--nodelay", "--sequential-ids", "--whole-second-timestamps") as teams:
        for _ in range(12):
            teams.first.create()
        for order, step in ((PAGINATION.ascending, 1), (PAGINATION.descending, -1)):
            walked = items(teams.first.walk(limit=5, order=order))
            assert [item["id"] for item in walked] == [str(i) for i in range(1, 13)][::step]


# --- with --strict-ids ----------------------------------------------------------------------

MALFORMED = ["01", "00", "-1", "+1", "1.0", "1e3", "0x1", " 1", "1 ", "abc", "\u0661", "1\x00",
             "1f5d2d89-5ae4-4c4e-931b-e41885d9051b"]  # fmt: skip


@pytest.fixture(scope="module")
def strict() -> Iterator[TwoTeams]:
    with two_teams("--nodelay", "--sequential-ids", "--strict-ids") as both:
        yield both


@pytest.mark.parametrize(("method", "suffix"), BY_ID)
@pytest.mark.parametrize("registry_id", MALFORMED)
def test_strict_ids_refuse_anything_but_a_decimal_integer(
    strict: TwoTeams, method: str, suffix: str, registry_id: str
) -> None:
    answer = _by_id(strict.first, method, suffix, quote(registry_id, safe=""))
    assert answer.status_code == 400, answer.text
    assert answer.json()["code"] == "BAD_REQUEST" and "id" in answer.json()["details"]


@pytest.mark.parametrize(("method", "suffix"), BY_ID)
def test_strict_ids_answer_404_for_a_decimal_they_do_not_hold(
    strict: TwoTeams, method: str, suffix: str
) -> None:
    theirs = strict.first.create()
    for registry_id in ("0", "999", "18446744073709551617", theirs["id"]):
        answer = _by_id(strict.second, method, suffix, registry_id)
        assert answer.status_code == 404, (registry_id, answer.text)


def test_strict_ids_take_the_ids_the_server_issues(strict: TwoTeams) -> None:
    created = strict.first.create()
    for method, suffix in BY_ID:
        assert _by_id(strict.first, method, suffix, created["id"]).status_code == 200
