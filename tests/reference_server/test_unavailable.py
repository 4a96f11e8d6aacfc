"""`--unavailable-every N` over real HTTP: every Nth API request is a 503 with `Retry-After`,
alternately before the service sees the request (nothing happens) and after it handled it
(the write happened, the answer is lost)."""

from __future__ import annotations

import httpx

from .support import PAGINATION, PATH, Api, api_of, items, new_registry


def _unavailable(answer: httpx.Response) -> bool:
    """Whether `answer` is the gateway's 503, checking its shape when it is."""
    if answer.status_code != 503:
        return False
    assert answer.headers["Retry-After"] == "1"
    assert answer.headers["Content-Type"].startswith("application/json")
    body = answer.json()
    assert body["code"] == "SERVICE_UNAVAILABLE"
    assert isinstance(body["message"], str) and body["message"]
    return True


def _names(api: Api) -> list[str]:
    listed = items(api.walk(limit=100, order=PAGINATION.ascending))
    return [item["name"] for item in listed]


def test_every_third_create_is_a_503_made_alternately_not_and_then_made() -> None:
    with api_of("--nodelay", "--unavailable-every", "3") as api:
        answers = [api.http.post(PATH, json=new_registry(name=f"r{i}")) for i in range(1, 7)]
        assert [_unavailable(answer) for answer in answers] == [False, False, True] * 2
        assert all(a.status_code == 200 for a in answers if a.status_code != 503)
        # Request 3's create never reached the service; request 6's did.
        assert _names(api) == ["r1", "r2", "r4", "r5", "r6"]


def test_a_delete_answered_503_may_or_may_not_have_happened() -> None:
    with api_of("--nodelay", "--unavailable-every", "2") as api:
        created = api.create()  # 1
        by_id = f"{PATH}/{created['id']}"
        assert _unavailable(api.http.delete(by_id))  # 2: before the service
        assert api.http.get(by_id).status_code == 200  # 3: still there
        assert _unavailable(api.http.delete(by_id))  # 4: after it: deleted
        assert api.http.get(by_id).status_code == 404  # 5


def test_unauthenticated_requests_count_and_meet_the_gateway_first() -> None:
    with api_of("--nodelay", "--unavailable-every", "2") as api:
        url = api.mock.base_url + PATH
        assert httpx.get(url).status_code == 401  # 1
        assert _unavailable(httpx.get(url))  # 2: the gateway answers before any check
        assert api.http.get(PATH).status_code == 200  # 3
        assert _unavailable(httpx.get(url))  # 4: handled (a 401), the answer lost


def test_requests_outside_the_api_are_not_counted() -> None:
    with api_of("--nodelay", "--unavailable-every", "2") as api:
        for _ in range(3):
            assert api.http.get(api.origin + "_stdlib/connections").status_code == 200
            assert api.http.get(api.origin + "elsewhere").status_code == 404
        assert api.http.get(PATH).status_code == 200  # API request 1
        assert _unavailable(api.http.get(PATH))  # 2


def test_the_connection_stays_open_after_a_503() -> None:
    with api_of("--nodelay", "--unavailable-every", "1") as api:
        for _ in range(4):
            assert _unavailable(api.http.get(PATH))
        inspected = api.http.get(api.origin + "_stdlib/connections").json()
        assert [c["requests"] for c in inspected["connections"]] == [5]


def test_the_retry_after_is_an_option() -> None:
    with api_of("--nodelay", "--unavailable-every", "1", "--retry-after", "0") as api:
        answer = api.http.get(PATH)
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "0"
