"""Many clients at once: no update lost, no 5xx, the store consistent afterwards."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from .support import PATH, Api, mock_api, new_registry

ROUNDS = 25


def _client(api: Api) -> httpx.Client:
    return httpx.Client(base_url=api.mock.base_url, headers=dict(api.http.headers))


def _update_field(api: Api, registry_id: str, field: str) -> list[int]:
    """Set `field` to field-0 .. field-N in turn, listing in between; the statuses seen."""
    statuses = []
    with _client(api) as http:
        for i in range(ROUNDS):
            statuses.append(
                http.put(f"{PATH}/{registry_id}", json={field: f"{field}-{i}"}).status_code
            )
            statuses.append(http.get(PATH, params={"limit": 120}).status_code)
    return statuses


def _create_and_delete(api: Api, worker: int) -> list[int]:
    statuses = []
    with _client(api) as http:
        for i in range(ROUNDS):
            created = http.post(PATH, json=new_registry(name=f"w{worker}-{i}"))
            statuses.append(created.status_code)
            if i % 2:
                statuses.append(http.delete(f"{PATH}/{created.json()['id']}").status_code)
    return statuses


def test_concurrent_writers_lose_no_update_and_see_no_5xx() -> None:
    with mock_api() as api:
        shared = api.create()["id"]
        fields = ["name", "namespace", "url", "username", "password"]
        with ThreadPoolExecutor(max_workers=8) as pool:
            updates = [pool.submit(_update_field, api, shared, field) for field in fields]
            churn = [pool.submit(_create_and_delete, api, worker) for worker in range(3)]
            statuses = [s for job in updates + churn for s in job.result()]
        final = api.http.get(f"{PATH}/{shared}").json()
        names = sorted(r["name"] for r in api.stored() if r["id"] != shared)
    assert set(statuses) == {200}
    # Each writer changed only its own field: the last value of every one survives.
    assert [final[f] for f in fields[:4]] == [f"{f}-{ROUNDS - 1}" for f in fields[:4]]
    expected = sorted(f"w{w}-{i}" for w in range(3) for i in range(0, ROUNDS, 2))
    assert names == expected
