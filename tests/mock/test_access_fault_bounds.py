"""The bounds of the faults of access (which id, token, team, enum value or limit a request
is taken to name) and of the crashes on hostile input: each bends what its catalogue entry
says, and beside it the mock stays correct."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from mock_server.faults import INT_BITS, TEAM_PARAMETER

from .support import PATH, SEEDS, Api, new_registry, seeded

TARGET = SEEDS[1]
BY_ID = [("GET", ""), ("PUT", ""), ("DELETE", ""), ("GET", "/test-connection")]
FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def by_id(api: Api, method: str, registry_id: str, tail: str = "") -> httpx.Response:
    body = {"name": "changed"} if method == "PUT" else None
    return api.http.request(method, f"{PATH}/{registry_id}{tail}", json=body)


@pytest.mark.parametrize(("method", "tail"), BY_ID)
def test_401_for_ids_not_held_only(tmp_path: Path, method: str, tail: str) -> None:
    with seeded(tmp_path, "unknown-id-401") as api:
        theirs = api.second.create(name="theirs")["id"]
        for registry_id in ("never-was", theirs):
            answer = by_id(api, method, registry_id, tail)
            assert answer.status_code == 401 and answer.json()["code"] == "UNAUTHORIZED"
        assert by_id(api, method, TARGET, tail).status_code == 200
        assert api.status("GET") == 200


def test_a_token_in_another_case_acts_for_its_own_team(tmp_path: Path) -> None:
    with seeded(tmp_path, "token-case-insensitive") as api:
        theirs = api.second.create(name="theirs")["id"]
        for token, expected in ((api.mock.token, SEEDS), (api.second.token, [theirs])):
            headers = {"Authorization": f"Bearer {token.swapcase()}"}
            listed = api.http.get(PATH, params={"order": "asc"}, headers=headers).json()
            assert [item["id"] for item in listed["items"]] == expected
        extra = api.http.get(PATH, headers={"Authorization": f"Bearer {api.mock.token}x"})
        assert extra.status_code == 401


def test_trailing_spaces_are_ignored_by_get_only_within_the_team(tmp_path: Path) -> None:
    with seeded(tmp_path, "id-trailing-space") as api:
        theirs = api.second.create(name="theirs")["id"]
        assert by_id(api, "GET", f"{TARGET}%20%20").json()["id"] == TARGET
        assert by_id(api, "GET", f"{theirs}%20").status_code == 404
        assert by_id(api, "GET", f"{TARGET[:-1]}%20").status_code == 404
        assert by_id(api, "GET", f"%20{TARGET}").status_code == 404
        for method, tail in BY_ID[1:]:
            assert by_id(api, method, f"{TARGET}%20", tail).status_code == 404


def test_only_test_connection_reaches_another_team(tmp_path: Path) -> None:
    with seeded(tmp_path, "test-connection-across-teams") as api:
        theirs = api.second.create(name="theirs")["id"]
        assert by_id(api, "GET", theirs, "/test-connection").status_code == 200
        for method, tail in BY_ID[:3]:
            assert by_id(api, method, theirs, tail).status_code == 404
        assert api.second.http.get(f"{PATH}/{theirs}").json()["name"] == "theirs"


def test_only_get_honours_the_team_the_location_names(tmp_path: Path) -> None:
    with seeded(tmp_path, "location-names-team") as api:
        created = api.second.http.post(PATH, json=new_registry(name="theirs"))
        theirs = created.json()["id"]
        base_path = httpx.URL(api.mock.base_url).path
        assert created.headers["location"] == f"{base_path}{PATH}/{theirs}?{TEAM_PARAMETER}=1"
        assert api.status("GET", f"/{theirs}") == 404
        assert api.status("GET", f"/{theirs}?{TEAM_PARAMETER}=1") == 200
        assert api.status("GET", f"/{TARGET}?{TEAM_PARAMETER}=1") == 404
        assert api.status("GET", f"/{TARGET}?{TEAM_PARAMETER}=x") == 200
        for method, tail in BY_ID[1:]:
            query = f"{tail}?{TEAM_PARAMETER}=1"
            assert by_id(api, method, theirs, query).status_code == 404


def test_the_leaked_newest_registry_is_the_second_teams_own(tmp_path: Path) -> None:
    with seeded(tmp_path, "list-leaks-newest-other-team") as api:
        newest = api.page()["items"][0]
        owner = next(r["team"] for r in api.stored() if r["id"] == newest["id"])
        assert [item["id"] for item in api.page(order="asc")["items"]] == [*SEEDS, newest["id"]]
        assert api.status("GET", f"/{newest['id']}") == 404
        assert api.second.http.get(f"{PATH}/{newest['id']}").json() == newest
    assert owner == 1


@pytest.mark.parametrize("query", [{"order": "ASC"}, {"order": "Asc", "orderBy": "DTCREATED"}])
def test_enums_of_the_query_match_ignoring_case_only(tmp_path: Path, query: dict[str, str]) -> None:
    with seeded(tmp_path, "enum-case-insensitive") as api:
        assert [item["id"] for item in api.page(**query)["items"]] == SEEDS
        assert api.http.get(PATH, params={"order": "asc "}).status_code == 400
        assert api.http.get(PATH, params={"order": "ASC".translate(FULLWIDTH)}).status_code == 400


def test_a_kind_in_another_case_is_stored_as_the_enums(tmp_path: Path) -> None:
    with seeded(tmp_path, "enum-case-insensitive") as api:
        created = api.create(kind="GHCR", url="ghcr.io")
        updated = api.http.put(f"{PATH}/{TARGET}", json={"kind": "Azure", "url": "x.azurecr.io"})
        refused = api.http.post(PATH, json=new_registry(kind="GHCR", url="docker.io"))
        wrong = api.http.post(PATH, json=new_registry(kind="ghcr".translate(FULLWIDTH)))
    assert (created["kind"], updated.json()["kind"]) == ("ghcr", "azure")
    assert refused.json()["details"] == {"url": refused.json()["details"]["url"]}
    assert wrong.status_code == 400


def test_only_a_fullwidth_kind_is_taken(tmp_path: Path) -> None:
    with seeded(tmp_path, "kind-fullwidth") as api:
        body = {"kind": "azure".translate(FULLWIDTH), "url": "x.azurecr.io"}
        updated = api.http.put(f"{PATH}/{TARGET}", json=body)
        statuses = [
            api.http.post(PATH, json=new_registry(kind="GHCR")).status_code,
            api.http.post(PATH, json=new_registry(kind="GHCR".translate(FULLWIDTH))).status_code,
            api.http.get(PATH, params={"order": "asc".translate(FULLWIDTH)}).status_code,
        ]
    assert updated.json()["kind"] == "azure"
    assert statuses == [400, 400, 400]


@pytest.mark.parametrize(
    ("limit", "expected"),
    [(" 2 ", 200), ("\t2\n", 200), ("\u00a02", 200), ("2abc", 400), (" 0 ", 400), ("1 2", 400),
     ("", 400), (" ", 400)],
)  # fmt: skip
def test_a_limit_with_blanks_keeps_the_bounds(tmp_path: Path, limit: str, expected: int) -> None:
    with seeded(tmp_path, "limit-whitespace") as api:
        answer = api.http.get(PATH, params={"limit": limit})
    assert answer.status_code == expected
    if expected == 200:
        assert len(answer.json()["items"]) == 2


@pytest.mark.parametrize(("method", "tail"), BY_ID)
def test_only_an_id_holding_nul_crashes(tmp_path: Path, method: str, tail: str) -> None:
    with seeded(tmp_path, "id-nul-500") as api:
        crashed = by_id(api, method, f"{TARGET}%00", tail)
        assert crashed.status_code == 500 and isinstance(crashed.json()["code"], str)
        assert by_id(api, method, "never-was", tail).status_code == 404
        assert by_id(api, method, TARGET, tail).status_code == 200


def write(api: Api, method: str, raw: bytes) -> int:
    path = PATH if method == "POST" else f"{PATH}/{TARGET}"
    return api.http.request(method, path, content=raw).status_code


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_only_nesting_past_the_recursion_limit_crashes(tmp_path: Path, method: str) -> None:
    with seeded(tmp_path, "deep-json-500") as api:
        bodies = [b"[" * n + b"]" * n for n in (30_000, 500)] + [b"{"]
        assert [write(api, method, raw) for raw in bodies] == [500, 400, 400]


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_only_a_body_not_an_object_crashes(tmp_path: Path, method: str) -> None:
    with seeded(tmp_path, "non-object-body-500") as api:
        crashes = [write(api, method, raw) for raw in (b"[]", b'"text"', b"7", b"null")]
        assert crashes == [500] * 4
        assert write(api, method, b'{"name": 7}') == 400


@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_only_integers_past_64_bits_crash(tmp_path: Path, method: str) -> None:
    wide, widest = 2 ** (INT_BITS - 1), 2 ** (INT_BITS - 1) - 1
    with seeded(tmp_path, "big-int-500") as api:
        statuses = [write(api, method, f'{{"name": {n}}}'.encode()) for n in (wide, widest)]
        unknown = write(api, method, f'{{"unknown": {-wide - 1}}}'.encode())
    assert statuses == [500, 400]
    assert unknown == 500
