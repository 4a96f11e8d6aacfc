"""The reference server's own validation, over real HTTP: JSON types, enums and required
members of the bodies, the list's query (whole numbers, bounds, choices) and the provider
rules' hosts, however a URL writes them. One server serves the module: no test counts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from .support import KINDS_WITHOUT_RULES, LIMIT, PAGINATION, PATH, Api, api_of, new_registry

REQUIRED = ["name", "namespace", "password", "url", "username"]
NOT_STRINGS: list[Any] = [1, 1.5, True, None, [], {}]


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    with api_of("--nodelay") as running:
        yield running


def _refused(answer: Any, *members: str) -> dict[str, Any]:
    assert answer.status_code == 400, answer.text
    body: dict[str, Any] = answer.json()
    assert body["code"] == "BAD_REQUEST"
    assert set(members) <= set(body["details"]), body
    return body


# --- bodies ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", NOT_STRINGS)
def test_a_member_of_the_wrong_type_is_named(api: Api, value: Any) -> None:
    for member in REQUIRED:
        _refused(api.http.post(PATH, json=new_registry(**{member: value})), member)
    created = api.create()
    _refused(api.http.put(f"{PATH}/{created['id']}", json={"name": value}), "name")


@pytest.mark.parametrize("kind", ["nope", "DOCKERHUB", "", 0, True, None])
def test_a_kind_off_the_enum_is_named(api: Api, kind: Any) -> None:
    _refused(api.http.post(PATH, json=new_registry(kind=kind)), "kind")


def test_every_missing_required_member_is_named_at_once(api: Api) -> None:
    body = _refused(api.http.post(PATH, json={}), *REQUIRED)
    assert [issue["path"] for issue in body["issues"]] == [[name] for name in body["details"]]
    for member in REQUIRED:
        partial = {k: v for k, v in new_registry().items() if k != member}
        assert set(_refused(api.http.post(PATH, json=partial), member)["details"]) == {member}


@pytest.mark.parametrize("body", [[], "text", 3, None, True])
def test_a_body_that_is_not_an_object_is_refused(api: Api, body: Any) -> None:
    sent = json.dumps(body).encode()  # httpx's json=None would send no body at all
    headers = {"Content-Type": "application/json"}
    _refused(api.http.post(PATH, content=sent, headers=headers), "body")


def test_unknown_members_are_dropped_and_an_empty_update_is_taken(api: Api) -> None:
    created = api.create(kind=KINDS_WITHOUT_RULES[0], colour="blue")
    assert "colour" not in created
    same = api.http.put(f"{PATH}/{created['id']}", json={"colour": "red"})
    assert same.status_code == 200
    assert {**same.json(), "dtModified": None} == {**created, "dtModified": None}


# --- the list's query -------------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["abc", "1.5", "+5", " 5", "", "\u0663", "0x10", "1e2"])
def test_a_limit_that_is_not_a_whole_number_is_refused(api: Api, limit: str) -> None:
    _refused(api.http.get(PATH, params={PAGINATION.limit: limit}), PAGINATION.limit)


def test_a_limit_within_bounds_may_have_leading_zeros(api: Api) -> None:
    assert LIMIT.minimum is not None and LIMIT.maximum is not None
    for limit in ("001", str(int(LIMIT.minimum)), str(int(LIMIT.maximum))):
        assert api.http.get(PATH, params={PAGINATION.limit: limit}).status_code == 200, limit


@pytest.mark.parametrize(
    ("name", "value"),
    [("order", "ASC"), ("order", "up"), ("order", ""), ("orderBy", "name"), ("orderBy", "")],
)
def test_a_sort_parameter_off_its_choices_is_refused(api: Api, name: str, value: str) -> None:
    _refused(api.http.get(PATH, params={name: value}), name)


def test_every_bad_parameter_is_named_at_once(api: Api) -> None:
    params = {PAGINATION.limit: "x", "order": "up", "orderBy": "x", PAGINATION.cursor: "x"}
    _refused(api.http.get(PATH, params=params), *params)


# --- provider hosts --------------------------------------------------------------------------

ACCEPTED = [
    ("dockerhub", "docker.io"),
    ("dockerhub", "https://robot@Docker.IO:443/library"),
    ("dockerhub", "registry-1.docker.io"),
    ("dockerhub", "docker.io."),
    ("gcr", "europe-docker.pkg.dev/project"),
    ("gcr", "https://eu.gcr.io"),
    ("ghcr", "user:token@ghcr.io/org"),
    ("ghcr", "ghcr.io:443"),
    ("azure", "https://team.azurecr.io/"),
]
REFUSED = [
    ("dockerhub", ".docker.io"),  # `*` stands for one character or more
    ("dockerhub", "evildocker.io"),
    ("dockerhub", "docker.io.example.com"),
    ("dockerhub", "https://docker.io@example.com/"),  # the host follows the last @
    ("gcr", "-docker.pkg.dev"),
    ("ghcr", "https://[::1]:5000/"),
    ("ghcr", "[ghcr.io"),
    ("ghcr", ""),
    ("azure", "azurecr.io"),
]


@pytest.mark.parametrize(("kind", "url"), ACCEPTED)
def test_the_rules_accept_a_host_however_the_url_writes_it(api: Api, kind: str, url: str) -> None:
    answer = api.http.post(PATH, json=new_registry(kind=kind, url=url))
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(("kind", "url"), REFUSED)
def test_the_rules_refuse_a_host_off_the_kinds_patterns(api: Api, kind: str, url: str) -> None:
    _refused(api.http.post(PATH, json=new_registry(kind=kind, url=url)), "url")
