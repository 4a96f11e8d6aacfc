"""`--whole-second-timestamps` over real HTTP: dtCreated and dtModified in whole seconds,
dtModified never before dtCreated nor before the previous one, and lists in an order a client
can check against the times it is shown."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from .support import PAGINATION, PATH, WHOLE_SECOND_TIMESTAMP, Api, api_of, items


@pytest.fixture
def whole() -> Iterator[Api]:
    with api_of("--nodelay", "--whole-second-timestamps") as api:
        yield api


def _at(item: dict[str, Any], member: str) -> datetime:
    text = item[member]
    assert WHOLE_SECOND_TIMESTAMP.fullmatch(text), text
    return datetime.fromisoformat(text)


def test_times_are_whole_seconds_and_an_update_sets_its_own(whole: Api) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    created = whole.create()
    assert before <= _at(created, "dtCreated") == _at(created, "dtModified") <= datetime.now(UTC)
    seen = [created]
    for name in ("a", "b"):  # quick updates: the same second, or a later one
        answer = whole.http.put(f"{PATH}/{created['id']}", json={"name": name})
        seen.append(answer.json())
    modified = [_at(item, "dtModified") for item in seen]
    assert modified == sorted(modified)
    assert all(_at(item, "dtCreated") == _at(created, "dtCreated") for item in seen)
    time.sleep(1.05 - datetime.now(UTC).microsecond / 1e6)  # into the next second
    started = datetime.now(UTC).replace(microsecond=0)
    later = whole.http.put(f"{PATH}/{created['id']}", json={"name": "later"}).json()
    assert _at(later, "dtModified") >= started > _at(created, "dtCreated")
    assert whole.http.get(f"{PATH}/{created['id']}").json() == later


@pytest.mark.parametrize("order", [PAGINATION.ascending, PAGINATION.descending])
def test_a_walk_is_ordered_by_the_times_it_shows(whole: Api, order: str) -> None:
    made = [whole.create(name=f"r{i}") for i in range(15)]
    walked = items(whole.walk(limit=4, order=order))
    shown = [(_at(item, "dtCreated"), item["id"]) for item in walked]
    ascending = order == PAGINATION.ascending
    assert shown == sorted(shown, reverse=not ascending)  # ties on dtCreated broken by id
    assert sorted(item["id"] for item in walked) == sorted(item["id"] for item in made)
