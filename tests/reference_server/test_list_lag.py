"""`--list-lag MS` over real HTTP: a list reads a replica MS ms behind the primary, while get,
update, delete and test-connection read the primary. Each test writes, lists at once (well
within the lag) to see the old state, then waits a little more than the lag to see the new."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from .support import PAGINATION, PATH, Api, api_of, items

LAG = 0.3  # seconds


@pytest.fixture
def lagging() -> Iterator[Api]:
    with api_of("--nodelay", "--list-lag", str(int(LAG * 1000))) as api:
        yield api


def _caught_up() -> None:
    time.sleep(LAG + 0.1)


def _listed(api: Api, **params: Any) -> list[dict[str, Any]]:
    return items(api.walk(**params))


def test_a_new_registry_is_listed_once_the_replica_catches_up(lagging: Api) -> None:
    created = lagging.create(name="new")
    assert _listed(lagging) == []
    assert lagging.http.get(f"{PATH}/{created['id']}").json() == created  # the primary: fresh
    tested = lagging.http.get(f"{PATH}/{created['id']}/test-connection")
    assert tested.status_code == 200
    _caught_up()
    assert _listed(lagging) == [created]


def test_a_deleted_registry_is_listed_as_it_was_until_the_replica_catches_up(
    lagging: Api,
) -> None:
    created = lagging.create(name="doomed")
    _caught_up()
    assert lagging.http.delete(f"{PATH}/{created['id']}").status_code == 200
    assert _listed(lagging) == [created]
    assert lagging.http.get(f"{PATH}/{created['id']}").status_code == 404
    assert lagging.http.delete(f"{PATH}/{created['id']}").status_code == 404
    _caught_up()
    assert _listed(lagging) == []


def test_an_updated_registry_is_listed_as_it_was_before_the_update(lagging: Api) -> None:
    created = lagging.create(name="before")
    _caught_up()
    updated = lagging.http.put(f"{PATH}/{created['id']}", json={"name": "after"})
    assert updated.status_code == 200
    assert _listed(lagging) == [created]  # the old name and the old dtModified
    assert lagging.http.get(f"{PATH}/{created['id']}").json() == updated.json()
    _caught_up()
    assert _listed(lagging) == [updated.json()]


def test_a_walk_after_a_cursor_pages_through_the_lagged_view(lagging: Api) -> None:
    made = [lagging.create(name=f"r{i}") for i in range(3)]
    _caught_up()
    first = lagging.page(limit=1, order=PAGINATION.ascending)
    assert first[PAGINATION.results] == made[:1]
    newcomer = lagging.create(name="newcomer")
    assert lagging.http.delete(f"{PATH}/{made[1]['id']}").status_code == 200
    pages = [first]
    while pages[-1][PAGINATION.has_more]:
        cursor = pages[-1][PAGINATION.next_cursor]
        pages.append(
            lagging.page(limit=1, order=PAGINATION.ascending, **{PAGINATION.cursor: cursor})
        )
    assert items(pages[1:]) == made[1:]  # the deleted one still there, the newcomer not yet
    _caught_up()
    after = _listed(lagging, limit=1, order=PAGINATION.ascending)
    assert after == [made[0], made[2], newcomer]


def test_without_the_option_a_list_is_fresh() -> None:
    with api_of("--nodelay") as api:
        created = api.create()
        assert _listed(api) == [created]
