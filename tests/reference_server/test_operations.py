"""The reference server's API over real HTTP on loopback: auth, the resource, lists and the
provider rules, for one team (the teams' isolation is in test_teams.py)."""

from __future__ import annotations

import threading
import uuid
from datetime import datetime, timedelta

import httpx
import pytest

from .support import (
    KINDS_WITH_RULES,
    KINDS_WITHOUT_RULES,
    LIMIT,
    ORDER_DEFAULT,
    PAGINATION,
    PATH,
    RULES,
    TIMESTAMP,
    TOKEN,
    Api,
    api_of,
    items,
    new_registry,
    sort_key,
)

# --- Auth -----------------------------------------------------------------------------------


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", f"Basic {TOKEN}"])
def test_refuses_a_missing_or_wrong_token(api: Api, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    answer = httpx.get(api.mock.base_url + PATH, headers=headers)
    assert answer.status_code == 401
    assert answer.json()["code"] == "UNAUTHORIZED"
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert api.http.get(PATH).status_code == 200  # the right token is taken


# --- The resource ---------------------------------------------------------------------------


def test_create_get_update_delete(api: Api) -> None:
    created = api.create(extra="ignored")
    assert uuid.UUID(created["id"]).version == 4
    assert "password" not in created and "extra" not in created
    assert created["kind"] == KINDS_WITHOUT_RULES[0]  # no kind sent: the first without rules
    assert api.http.get(f"{PATH}/{created['id']}").json() == created

    renamed = api.http.put(f"{PATH}/{created['id']}", json={"name": "renamed"})
    assert renamed.status_code == 200, renamed.text
    updated = renamed.json()
    assert updated == {**created, "name": "renamed", "dtModified": updated["dtModified"]}
    assert updated["dtCreated"] == created["dtCreated"]
    assert sort_key(updated)[0] == sort_key(created)[0]
    assert datetime.fromisoformat(updated["dtModified"]) > datetime.fromisoformat(
        created["dtModified"]
    )

    same = api.http.put(f"{PATH}/{created['id']}", json={"name": "renamed", "url": created["url"]})
    assert same.status_code == 200, same.text
    assert same.json()["dtModified"] > updated["dtModified"]

    deleted = api.http.delete(f"{PATH}/{created['id']}")
    assert deleted.status_code == 200
    assert deleted.json() == same.json()
    assert api.http.get(f"{PATH}/{created['id']}").status_code == 404
    assert api.http.delete(f"{PATH}/{created['id']}").status_code == 404
    assert api.page()[PAGINATION.results] == []


def test_timestamps_are_utc_with_microseconds_and_an_offset(api: Api) -> None:
    created = api.create()
    for member in ("dtCreated", "dtModified"):
        assert TIMESTAMP.fullmatch(created[member]), created[member]
        assert datetime.fromisoformat(created[member]).utcoffset() == timedelta(0)


def test_test_connection_fails_naming_the_host_not_the_secrets(api: Api) -> None:
    created = api.create(url="https://registry.example.com/acme")
    answer = api.http.get(f"{PATH}/{created['id']}/test-connection")
    assert answer.status_code == 200
    body = answer.json()
    assert body["success"] is False
    assert "registry.example.com" in body["error"]
    sent = new_registry()
    assert sent["username"] not in answer.text and sent["password"] not in answer.text
    assert api.http.get(f"{PATH}/{uuid.uuid4()}/test-connection").status_code == 404


def test_concurrent_creates_are_all_kept(api: Api) -> None:
    def create_five() -> None:
        with httpx.Client(base_url=api.mock.base_url, headers=api.http.headers) as client:
            for _ in range(5):
                assert client.post(PATH, json=new_registry()).status_code == 200

    threads = [threading.Thread(target=create_five) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    listed = items(api.walk(limit=7))
    assert len(listed) == len({item["id"] for item in listed}) == 40


# --- Lists ----------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_walks_yield_each_registry_once_in_order(api: Api, limit: int) -> None:
    made = [api.create(name=f"r{i}") for i in range(7)]
    ascending = sorted(made, key=sort_key)
    for order, expected in (
        (PAGINATION.ascending, ascending),
        (PAGINATION.descending, ascending[::-1]),
    ):
        walk = api.walk(limit=limit, order=order, unknownParameter="ignored")
        assert [item["id"] for item in items(walk)] == [item["id"] for item in expected]
        assert all(len(page[PAGINATION.results]) <= limit for page in walk)
    default = items(api.walk(limit=limit))
    by_default = ascending if PAGINATION.ascending == ORDER_DEFAULT else ascending[::-1]
    assert [item["id"] for item in default] == [item["id"] for item in by_default]


def test_a_list_without_limit_gets_pages_of_ten(api: Api) -> None:
    for i in range(12):
        api.create(name=f"r{i}")
    first = api.page()
    assert len(first[PAGINATION.results]) == 10
    assert first[PAGINATION.has_more] is True


@pytest.mark.parametrize("order", ["asc", "desc"])
def test_a_walk_stays_exact_while_registries_come_and_go(api: Api, order: str) -> None:
    made = sorted((api.create(name=f"r{i}") for i in range(6)), key=sort_key)
    expected = made if order == PAGINATION.ascending else made[::-1]
    first = api.page(limit=2, order=order)
    assert [i["id"] for i in first[PAGINATION.results]] == [i["id"] for i in expected[:2]]
    newcomer = api.create(name="newcomer")  # the newest: after the walk's end in asc only
    api.http.delete(f"{PATH}/{expected[1]['id']}")  # the item the cursor stands for
    api.http.delete(f"{PATH}/{expected[4]['id']}")  # one the walk has not reached
    pages = [first]
    while pages[-1][PAGINATION.has_more]:
        cursor = pages[-1][PAGINATION.next_cursor]
        pages.append(api.page(limit=2, order=order, **{PAGINATION.cursor: cursor}))
    seen = [item["id"] for item in items(pages)]
    rest = [item["id"] for item in expected[2:] if item is not expected[4]]
    tail = [newcomer["id"]] if order == PAGINATION.ascending else []
    assert seen == [item["id"] for item in expected[:2]] + rest + tail


@pytest.mark.parametrize("offset", [-1, 1])
def test_a_limit_outside_the_spec_bounds_is_refused(api: Api, offset: int) -> None:
    assert LIMIT.minimum is not None and LIMIT.maximum is not None
    bound = int(LIMIT.minimum) if offset < 0 else int(LIMIT.maximum)
    answer = api.http.get(PATH, params={PAGINATION.limit: bound + offset})
    assert answer.status_code == 400
    assert answer.json()["code"] == "BAD_REQUEST"
    assert PAGINATION.limit in answer.json()["details"]
    assert api.http.get(PATH, params={PAGINATION.limit: bound}).status_code == 200


def test_a_cursor_this_server_did_not_issue_is_refused(api: Api) -> None:
    for i in range(3):
        api.create(name=f"r{i}")
    issued = api.page(limit=1)[PAGINATION.next_cursor]
    assert isinstance(issued, str)
    assert api.http.get(PATH, params={PAGINATION.cursor: issued}).status_code == 200
    with api_of() as other:  # a well-formed cursor, from another server
        for i in range(3):
            other.create(name=f"r{i}")
        foreign = other.page(limit=1)[PAGINATION.next_cursor]
    for cursor in (foreign, "not-a-cursor", ""):
        answer = api.http.get(PATH, params={PAGINATION.cursor: cursor})
        assert answer.status_code == 400, cursor
        assert PAGINATION.cursor in answer.json()["details"]


@pytest.mark.parametrize("kind", KINDS_WITH_RULES)
def test_provider_rules_refuse_a_url_off_the_kinds_hosts(api: Api, kind: str) -> None:
    good = RULES.accepted_host(kind)
    assert good is not None
    refused = api.http.post(PATH, json=new_registry(kind=kind, url="elsewhere.example"))
    assert refused.status_code == 400
    assert RULES.member in refused.json()["details"]
    created = api.create(kind=kind, url=f"https://{good}/team")
    moved = api.http.put(f"{PATH}/{created['id']}", json={RULES.member: "elsewhere.example"})
    assert moved.status_code == 400
    assert api.http.get(f"{PATH}/{created['id']}").json()[RULES.member] == created[RULES.member]
    free = api.create(kind=KINDS_WITHOUT_RULES[0])
    assert api.http.put(f"{PATH}/{free['id']}", json={RULES.member: "x.example"}).status_code == 200
