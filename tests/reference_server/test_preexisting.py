"""`--preexisting N` over real HTTP: each team starts with N registries of its own, made in
turn, dated a day back; with `--sequential-ids` they hold the first ids."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from .support import (
    KINDS_WITHOUT_RULES,
    PAGINATION,
    PATH,
    TIMESTAMP,
    Api,
    api_of,
    items,
    two_teams,
)


def _oldest_first(api: Api) -> list[dict[str, object]]:
    return items(api.walk(order=PAGINATION.ascending))


def test_each_team_starts_with_its_own_registries_dated_a_day_back() -> None:
    with two_teams("--nodelay", "--preexisting", "3") as teams:
        for team, api in (("first", teams.first), ("second", teams.second)):
            listed = _oldest_first(api)
            assert [item["name"] for item in listed] == [
                f"preexisting-{team}-{i}" for i in (1, 2, 3)
            ]
            created = [datetime.fromisoformat(str(item["dtCreated"])) for item in listed]
            assert all(TIMESTAMP.fullmatch(str(item["dtCreated"])) for item in listed)
            assert created[0] < datetime.now(UTC) - timedelta(hours=23)
            assert [b - a for a, b in itertools.pairwise(created)] == [timedelta(seconds=1)] * 2
            for i, item in enumerate(listed, 1):
                assert item["dtModified"] == item["dtCreated"]
                assert item["kind"] in KINDS_WITHOUT_RULES
                assert item["url"] == f"https://registry-{i}.example"
                assert api.http.get(f"{PATH}/{item['id']}").json() == item
        newcomer = teams.first.create()
        assert _oldest_first(teams.first)[-1] == newcomer  # the newest, after them all


def test_with_sequential_ids_they_take_the_first_ids_in_turn() -> None:
    with two_teams("--nodelay", "--preexisting", "2", "--sequential-ids") as teams:
        assert [item["id"] for item in _oldest_first(teams.first)] == ["1", "3"]
        assert [item["id"] for item in _oldest_first(teams.second)] == ["2", "4"]
        assert teams.second.create()["id"] == "5"


def test_a_lagging_list_shows_them_from_the_start() -> None:
    with api_of("--nodelay", "--preexisting", "2", "--list-lag", "60000") as api:
        assert len(_oldest_first(api)) == 2


def test_they_can_be_changed_like_any_registry() -> None:
    with api_of("--nodelay", "--preexisting", "1") as api:
        (mine,) = _oldest_first(api)
        renamed = api.http.put(f"{PATH}/{mine['id']}", json={"name": "renamed"})
        assert renamed.status_code == 200 and renamed.json()["name"] == "renamed"
        assert api.http.delete(f"{PATH}/{mine['id']}").status_code == 200
        assert _oldest_first(api) == []


def test_by_default_there_are_none() -> None:
    with api_of("--nodelay") as api:
        assert _oldest_first(api) == []
