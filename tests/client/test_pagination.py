"""Auto-pagination over the real mock: every registry exactly once, in order, fetched lazily."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paperspace_client import AuthenticatedClient
from paperspace_client.api.container_registries import list_container_registries
from paperspace_client.models import ListContainerRegistriesOrder
from paperspace_client.types import UNSET, Unset

from api_spec.registries import LIMIT, PAGINATION
from mock_server.testing import RunningMock, running_mock

from .support import client_for, write_seed

COUNT = 257  # more than two full pages at the largest limit, and not a multiple of any limit
LIMITS: list[int | Unset] = [2, 7, 50, 120, UNSET]
ORDERS = [ListContainerRegistriesOrder.ASC, ListContainerRegistriesOrder.DESC]


class Seeded:
    def __init__(self, mock: RunningMock, ids: list[str]) -> None:
        self.base_url, self.token, self.ids = mock.base_url, mock.token, ids
        self.requests = mock.requests


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    seed = tmp_path_factory.mktemp("pagination") / "seed.json"
    ids = write_seed(seed, COUNT)
    with running_mock("--seed-file", str(seed), token="pagination-token") as mock:
        yield Seeded(mock, ids)


@pytest.fixture
def client(seeded: Seeded) -> Iterator[AuthenticatedClient]:
    with client_for(seeded.base_url, seeded.token) as authenticated:
        yield authenticated


def _expected(seeded: Seeded, order: ListContainerRegistriesOrder) -> list[str]:
    # The seed's creation times rise with the index, so ascending is seed order.
    return seeded.ids if order is ListContainerRegistriesOrder.ASC else seeded.ids[::-1]


@pytest.mark.parametrize("order", ORDERS, ids=str)
@pytest.mark.parametrize("limit", LIMITS, ids=lambda limit: f"limit={limit or 'default'}")
def test_iter_items_yields_every_registry_once_in_order(
    seeded: Seeded,
    client: AuthenticatedClient,
    limit: int | Unset,
    order: ListContainerRegistriesOrder,
) -> None:
    ids = [
        r.id for r in list_container_registries.iter_items(client=client, limit=limit, order=order)
    ]
    assert len(ids) == len(set(ids)) == COUNT
    assert ids == _expected(seeded, order)


@pytest.mark.parametrize("limit", [7, 120])
def test_iter_pages_sends_limit_and_stops_on_has_more_false(
    client: AuthenticatedClient, limit: int
) -> None:
    pages = list(list_container_registries.iter_pages(client=client, limit=limit))
    assert [len(page.items) for page in pages[:-1]] == [limit] * (len(pages) - 1)
    assert 0 < len(pages[-1].items) <= limit
    assert sum(len(page.items) for page in pages) == COUNT
    assert all(page.has_more for page in pages[:-1])
    assert pages[-1].has_more is False


def test_the_module_states_the_specs_page_size_and_items_member(
    client: AuthenticatedClient,
) -> None:
    """For a caller of `sync_detailed`: the keyword that sets the page size, with the spec's
    bounds, and where the raw body holds the items (the largest page is full: COUNT > max)."""
    size = list_container_registries.PAGE_SIZE
    assert (size.minimum, size.maximum) == (LIMIT.minimum, LIMIT.maximum)
    assert PAGINATION.results == list_container_registries.ITEMS_MEMBER
    query: dict[str, Any] = {size.keyword: size.maximum}
    answer = list_container_registries.sync_detailed(client=client, **query)
    assert len(json.loads(answer.content)[list_container_registries.ITEMS_MEMBER]) == size.maximum


def test_items_are_fetched_one_page_at_a_time(seeded: Seeded, client: AuthenticatedClient) -> None:
    before = seeded.requests()["counts"].get("GET", 0)
    items = list_container_registries.iter_items(client=client, limit=50)
    assert seeded.requests()["counts"].get("GET", 0) == before
    for _ in range(50):
        next(items)
    assert seeded.requests()["counts"]["GET"] == before + 1
    next(items)
    assert seeded.requests()["counts"]["GET"] == before + 2


@pytest.mark.parametrize("order", ORDERS, ids=str)
def test_async_iterators_walk_the_same_list(
    seeded: Seeded, order: ListContainerRegistriesOrder
) -> None:
    async def walk() -> tuple[list[str], int]:
        async with client_for(seeded.base_url, seeded.token) as client:
            ids = [
                r.id
                async for r in list_container_registries.aiter_items(
                    client=client, limit=30, order=order
                )
            ]
            pages = [
                p
                async for p in list_container_registries.aiter_pages(
                    client=client, limit=30, order=order
                )
            ]
        return ids, len(pages)

    ids, page_count = asyncio.run(walk())
    assert ids == _expected(seeded, order)
    assert page_count == -(-COUNT // 30)


@settings(max_examples=12, deadline=None)
@given(limit=st.integers(min_value=20, max_value=120), order=st.sampled_from(ORDERS))
def test_every_limit_and_order_walks_the_whole_list(
    seeded: Seeded, limit: int, order: ListContainerRegistriesOrder
) -> None:
    with client_for(seeded.base_url, seeded.token) as client:
        pages = list(list_container_registries.iter_pages(client=client, limit=limit, order=order))
    assert [r.id for page in pages for r in page.items] == _expected(seeded, order)
    assert len(pages) == -(-COUNT // limit)
