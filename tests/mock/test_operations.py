"""The six operations on a correct mock: ids, timestamps, persistence, secrets."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import pytest

from .support import PATH, Api, mock_api, new_registry

MILLIS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture(scope="module")
def api() -> Any:
    with mock_api() as running:
        yield running


def test_create_gives_an_opaque_id_millisecond_timestamps_and_kind_other(api: Api) -> None:
    created = api.create(name="create-test")
    assert re.fullmatch(r"[a-z0-9]{4,16}", created["id"])
    assert MILLIS.fullmatch(created["dtCreated"])
    assert created["dtModified"] == created["dtCreated"]
    assert created["kind"] == "other"
    assert {k: created[k] for k in ("name", "namespace", "url", "username")} == {
        "name": "create-test", "namespace": "team", "url": "ghcr.io", "username": "robot"
    }  # fmt: skip


def test_the_password_is_stored_and_never_returned(api: Api) -> None:
    created = api.create(password="hunter2-unique")
    answers = [
        api.http.get(f"{PATH}/{created['id']}"),
        api.http.get(PATH, params={"limit": 120}),
        api.http.put(f"{PATH}/{created['id']}", json={"password": "hunter3-unique"}),
    ]
    for answer in answers:
        assert "hunter" not in answer.text
        assert not any("hunter" in value for value in answer.headers.values())
    record = next(r for r in api.stored() if r["id"] == created["id"])
    assert record["passwordSha256"] == hashlib.sha256(b"hunter3-unique").hexdigest()


def test_update_keeps_omitted_fields_and_moves_dt_modified(api: Api) -> None:
    created = api.create(name="before", kind="ghcr")
    answer = api.http.put(f"{PATH}/{created['id']}", json={"name": "after", "extra": [1]})
    updated = answer.json()
    assert answer.status_code == 200
    assert updated == {**created, "name": "after", "dtModified": updated["dtModified"]}
    assert updated["dtModified"] > created["dtModified"]
    assert api.http.get(f"{PATH}/{created['id']}").json() == updated


def test_delete_answers_the_registry_then_it_is_gone(api: Api) -> None:
    created = api.create()
    deleted = api.http.delete(f"{PATH}/{created['id']}")
    assert (deleted.status_code, deleted.json()) == (200, created)
    for method in ("GET", "PUT", "DELETE"):
        again = api.http.request(method, f"{PATH}/{created['id']}", json={})
        assert (again.status_code, again.json()["code"]) == (404, "NOT_FOUND")
    assert created["id"] not in {record["id"] for record in api.stored()}


def test_unknown_members_are_ignored(api: Api) -> None:
    answer = api.http.post(PATH, json=new_registry(colour="blue", name="extras"))
    assert answer.status_code == 200
    assert "colour" not in answer.json()


def test_the_request_log_counts_methods_and_resets(api: Api) -> None:
    api.http.post(api.origin + "_mock/reset")
    api.http.get(PATH)
    api.http.get(PATH + "/nope")
    log = api.requests()
    assert log["counts"] == {"GET": 2, "POST": 0, "PUT": 0, "DELETE": 0}
    assert [tuple(entry) for entry in log["log"]] == [
        ("GET", "/v1/container-registries"), ("GET", "/v1/container-registries/nope")
    ]  # fmt: skip


def test_inspection_needs_the_token(api: Api) -> None:
    answer = api.http.get(api.origin + "_mock/registries", headers={"Authorization": "Bearer x"})
    assert answer.status_code == 401


def test_seconds_offset_timestamp_style() -> None:
    with mock_api("--timestamp-style", "seconds-offset") as api:
        created = api.create()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", created["dtCreated"])


def test_error_extras_add_issues_beside_code_and_message() -> None:
    with mock_api("--error-extras") as api:
        body = api.http.post(PATH, json={"name": 1}).json()
    assert body["code"] == "BAD_REQUEST"
    assert {"message": "name: must be a string, not an integer"} in body["issues"]


def test_throttle_every_nth_request_with_retry_after() -> None:
    with mock_api("--throttle-every", "3", "--retry-after", "7") as api:
        statuses = [api.http.get(PATH) for _ in range(3)]
        # Auth comes first: a request without a token is refused, and not counted.
        anonymous = api.http.get(PATH, headers={"Authorization": ""})
        statuses += [api.http.get(PATH) for _ in range(3)]
    assert anonymous.status_code == 401
    assert [answer.status_code for answer in statuses] == [200, 200, 429, 200, 200, 429]
    assert statuses[2].headers["retry-after"] == "7"
    assert statuses[2].json()["code"] == "TOO_MANY_REQUESTS"
