"""The bounds of the faults of cursors and sort order: each bends what its catalogue entry
says, and beside it the walk stays exact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .support import PATH, SEEDS, seeded


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


def walked(pages: list[dict[str, Any]]) -> list[str]:
    return [registry_id for page in pages for registry_id in ids(page)]


def test_a_walk_reading_each_cursor_once_is_exact_walk_after_walk(tmp_path: Path) -> None:
    with seeded(tmp_path, "cursor-advances-on-read") as api:
        walks = [walked(api.walk(limit=1, order="asc")) for _ in range(2)]
    assert walks == [SEEDS, SEEDS]


def test_each_read_of_a_cursor_goes_on_from_its_last_read(tmp_path: Path) -> None:
    with seeded(tmp_path, "cursor-advances-on-read") as api:
        cursor = api.page(limit=1, order="asc")["nextPage"]
        reads = [ids(api.page(limit=1, order="asc", after=cursor)) for _ in range(3)]
    assert reads == [[SEEDS[1]], [SEEDS[2]], []]


def test_only_the_case_of_an_issued_cursor_is_forgiven(tmp_path: Path) -> None:
    with seeded(tmp_path, "cursor-case-insensitive") as api:
        cursor = api.page(limit=1)["nextPage"]
        assert ids(api.page(limit=1, after=cursor.lower())) == [SEEDS[1]]
        for near in (cursor + "x", cursor + " ", cursor[:-1], "not-a-cursor"):
            answer = api.http.get(PATH, params={"limit": 1, "after": near})
            assert answer.status_code == 400, near


def test_a_cursor_leads_to_its_own_team_whoever_holds_it_and_a_token_is_needed(
    tmp_path: Path,
) -> None:
    with seeded(tmp_path, "cursor-crosses-teams") as api:
        theirs = [api.second.create(name=f"theirs-{i}")["id"] for i in range(3)]
        assert walked(api.second.walk(limit=2, order="asc")) == theirs
        assert walked(api.walk(limit=2, order="asc")) == SEEDS
        cursor = api.second.page(limit=1, order="asc")["nextPage"]
        assert ids(api.page(limit=5, order="asc", after=cursor)) == theirs[1:]
        anonymous = api.http.get(PATH, params={"after": cursor}, headers={"Authorization": ""})
        assert anonymous.status_code == 401


def test_sorting_by_modification_needs_an_update_and_no_orderby(tmp_path: Path) -> None:
    with seeded(tmp_path, "default-sort-modified") as api:
        assert ids(api.page()) == SEEDS[::-1]
        assert api.status("PUT", f"/{SEEDS[0]}", json={"name": "touched"}) == 200
        assert ids(api.page(orderBy="dtCreated")) == SEEDS[::-1]
        assert ids(api.page(orderBy="dtCreated", order="asc")) == SEEDS
        assert walked(api.walk(limit=1)) == [SEEDS[0], SEEDS[2], SEEDS[1]]
        assert walked(api.walk(limit=1, order="asc")) == [SEEDS[1], SEEDS[2], SEEDS[0]]
