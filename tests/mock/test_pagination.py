"""Keyset pagination: every registry exactly once, in order, with or without concurrent writes."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .support import PATH, Api, mock_api, seed_registries, write_seed

COUNT = 37


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Any:
    seed = write_seed(tmp_path_factory.mktemp("pages") / "seed.json", seed_registries(COUNT))
    with mock_api("--seed-file", seed) as running:
        yield running


def ids_of(pages: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for page in pages for item in page["items"]]


def assert_pages_agree(pages: list[dict[str, Any]], limit: int) -> None:
    for page in pages[:-1]:
        assert page["hasMore"] and isinstance(page["nextPage"], str)
        assert len(page["items"]) == limit
    assert (pages[-1]["hasMore"], pages[-1]["nextPage"]) == (False, None)
    assert all(page["items"] for page in pages[1:]), "hasMore promised an empty page"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(limit=st.integers(1, 120), order=st.sampled_from(["asc", "desc", None]))
def test_a_walk_shows_every_registry_once_in_order(api: Api, limit: int, order: str | None) -> None:
    params: dict[str, Any] = {"limit": limit} | ({"order": order} if order else {})
    pages = api.walk(**params)
    expected = [f"seed{i:05d}" for i in range(COUNT)]
    assert ids_of(pages) == (expected if order == "asc" else expected[::-1])
    assert_pages_agree(pages, limit)


def test_the_default_page_is_20_newest_first(api: Api) -> None:
    page = api.page()
    assert [item["id"] for item in page["items"]] == [f"seed{i:05d}" for i in range(36, 16, -1)]


def test_another_default_limit() -> None:
    with mock_api("--default-limit", "3") as api:
        for _ in range(5):
            api.create()
        assert len(api.page()["items"]) == 3


def test_same_millisecond_registries_are_ordered_by_id(tmp_path: Path) -> None:
    seed = seed_registries(9)
    for entry in seed:
        entry["dtCreated"] = "2026-05-05T05:05:05.005Z"
    with mock_api("--seed-file", write_seed(tmp_path / "seed.json", seed)) as api:
        ids = ids_of(api.walk(limit=2, order="asc"))
    assert ids == sorted(entry["id"] for entry in seed)


def _churn(api_url: str, token: str, stop: threading.Event, errors: list[int]) -> None:
    """Create and delete registries until told to stop, noting any 5xx."""
    with httpx.Client(base_url=api_url, headers={"Authorization": f"Bearer {token}"}) as http:
        while not stop.is_set():
            created = http.post(PATH, json={"name": "churn", "namespace": "n", "url": "u",
                                            "username": "u", "password": "p"})  # fmt: skip
            deleted = http.delete(f"{PATH}/{created.json()['id']}")
            errors.extend(a.status_code for a in (created, deleted) if a.status_code >= 500)


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_a_walk_stays_exact_while_others_create_and_delete(api: Api, order: str) -> None:
    stop = threading.Event()
    errors: list[int] = []
    writers = [
        threading.Thread(target=_churn, args=(api.mock.base_url, api.mock.token, stop, errors))
        for _ in range(3)
    ]
    for writer in writers:
        writer.start()
    try:
        pages = api.walk(limit=3, order=order)
    finally:
        stop.set()
        for writer in writers:
            writer.join()
    seeded = [i for i in ids_of(pages) if i.startswith("seed")]
    expected = [f"seed{i:05d}" for i in range(COUNT)]
    assert seeded == (expected if order == "asc" else expected[::-1])
    assert len(ids_of(pages)) == len(set(ids_of(pages)))
    assert errors == []


def test_a_cursor_survives_the_deletion_of_its_own_registry(api: Api) -> None:
    doomed = api.create(name="doomed")
    first = api.page(limit=1)
    assert first["items"][0]["id"] == doomed["id"]
    api.http.delete(f"{PATH}/{doomed['id']}")
    second = api.page(limit=2, after=first["nextPage"])
    assert [item["id"] for item in second["items"]] == ["seed00036", "seed00035"]


def test_the_last_page_that_exactly_fills_says_no_more(api: Api) -> None:
    pages = api.walk(limit=COUNT)
    assert len(pages) == 1
    assert (pages[0]["hasMore"], pages[0]["nextPage"]) == (False, None)
