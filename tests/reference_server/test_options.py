"""The two behaviours that differ from the mock's and stay correct, over real HTTP:
`--test-connection-stub` and `--strict-ids`. A suite that failed either would be failing a
correct server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from .support import PATH, Api, TwoTeams, api_of, new_registry, two_teams

# --- --test-connection-stub ---------------------------------------------------------------
# A fixed UUID4, so the test ids are the same in every process (pytest-xdist compares them).
FIXED = uuid.UUID("1f5d2d89-5ae4-4c4e-931b-e41885d9051b")


@pytest.fixture(scope="module")
def stub() -> Iterator[Api]:
    with api_of("--nodelay", "--test-connection-stub") as api:
        yield api


def _tested(api: Api, registry_id: str) -> dict[str, object]:
    answer = api.http.get(f"{PATH}/{registry_id}/test-connection")
    assert answer.status_code == 200, answer.text
    body: dict[str, object] = answer.json()
    return body


@pytest.mark.parametrize(
    "url",
    [
        "https://registry.example.com/acme",
        "registry.example.com",
        "https://robot@registry.example.com:5000/v2",
        "http://[2001:db8::1]:5000/team",
        "localhost:5000",
    ],
)
def test_the_stub_succeeds_for_any_host_it_can_read(stub: Api, url: str) -> None:
    created = stub.create(url=url)
    assert _tested(stub, created["id"]) == {"success": True}


@pytest.mark.parametrize(
    "url",
    ["https://registry.invalid/acme", "nope.INVALID.", "invalid", "https://u@a.b.invalid:443"],
)
def test_the_stub_fails_for_a_host_under_invalid(stub: Api, url: str) -> None:
    created = stub.create(url=url)
    result = _tested(stub, created["id"])
    assert result["success"] is False
    assert isinstance(result["error"], str) and result["error"]


@pytest.mark.parametrize("url", ["", "https:///team", "https://[2001:db8::1/team"])
def test_the_stub_fails_for_a_url_naming_no_host(stub: Api, url: str) -> None:
    result = _tested(stub, stub.create(url=url)["id"])
    assert result["success"] is False and result["error"]


def test_the_stub_tests_the_current_url(stub: Api) -> None:
    created = stub.create(url="registry.example.com")
    assert _tested(stub, created["id"])["success"] is True
    for url, success in (("gone.invalid", False), ("back.example.com", True)):
        moved = stub.http.put(f"{PATH}/{created['id']}", json={"url": url})
        assert moved.status_code == 200, moved.text
        assert _tested(stub, created["id"])["success"] is success, url


def test_the_stubs_error_never_spells_a_credential(stub: Api) -> None:
    """Not even when a credential is the host itself, or a word of the usual message."""
    credentials = [("vault.invalid", "s3cret"), ("robot", "vault"), ("vault", "registry")]
    for username, password in credentials:
        created = stub.create(url="https://vault.invalid/x", username=username, password=password)
        answer = stub.http.get(f"{PATH}/{created['id']}/test-connection")
        assert answer.json()["success"] is False
        assert answer.json().get("error"), answer.text
        assert username not in answer.json()["error"] and password not in answer.json()["error"]


def test_the_stub_still_answers_404_for_an_unknown_id(stub: Api) -> None:
    assert stub.http.get(f"{PATH}/{uuid.uuid4()}/test-connection").status_code == 404


# --- --strict-ids --------------------------------------------------------------------------

BY_ID = [("GET", ""), ("PUT", ""), ("GET", "/test-connection"), ("DELETE", "")]
MALFORMED = [
    "not-a-uuid",
    str(FIXED).upper(),
    FIXED.hex,
    "{" + str(FIXED) + "}",
    str(FIXED) + " ",
    "urn:uuid:" + str(FIXED),
]


@pytest.fixture(scope="module")
def strict() -> Iterator[TwoTeams]:
    with two_teams("--nodelay", "--strict-ids") as teams:
        yield teams


def _by_id(api: Api, method: str, suffix: str, registry_id: str) -> httpx.Response:
    body = {"name": "renamed"} if method == "PUT" else None
    return api.http.request(method, f"{PATH}/{registry_id}{suffix}", json=body)


@pytest.mark.parametrize(("method", "suffix"), BY_ID)
@pytest.mark.parametrize("registry_id", MALFORMED)
def test_strict_ids_refuse_a_malformed_id_with_400(
    strict: TwoTeams, method: str, suffix: str, registry_id: str
) -> None:
    answer = _by_id(strict.first, method, suffix, registry_id)
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["code"] == "BAD_REQUEST" and body["message"]
    assert "id" in body["details"]


@pytest.mark.parametrize(("method", "suffix"), BY_ID)
def test_strict_ids_answer_404_for_a_well_formed_id_they_do_not_hold(
    strict: TwoTeams, method: str, suffix: str
) -> None:
    theirs = strict.first.create()
    for registry_id in (str(uuid.uuid4()), str(uuid.UUID(int=0)), theirs["id"]):
        answer = _by_id(strict.second, method, suffix, registry_id)
        assert answer.status_code == 404, (registry_id, answer.text)
        assert answer.json()["code"] == "NOT_FOUND"


@pytest.mark.parametrize(("method", "suffix"), BY_ID)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token"])
def test_strict_ids_come_after_authentication(
    strict: TwoTeams, method: str, suffix: str, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    url = f"{strict.first.mock.base_url}{PATH}/not-a-uuid{suffix}"
    answer = httpx.request(method, url, headers=headers)
    assert answer.status_code == 401
    assert answer.json()["code"] == "UNAUTHORIZED"


def test_strict_ids_name_the_id_before_the_body(strict: TwoTeams) -> None:
    answer = strict.first.http.put(f"{PATH}/not-a-uuid", json={"name": 1})
    assert answer.status_code == 400
    assert "id" in answer.json()["details"]


def test_strict_ids_take_the_ids_the_server_issues(strict: TwoTeams) -> None:
    created = strict.first.create()
    for method, suffix in BY_ID:
        answer = _by_id(strict.first, method, suffix, created["id"])
        assert answer.status_code == 200, (method, suffix, answer.text)
    assert strict.first.http.post(PATH, json=new_registry()).status_code == 200


def test_without_strict_ids_a_malformed_id_is_simply_not_found() -> None:
    with api_of("--nodelay") as api:
        for method, suffix in BY_ID:
            answer = _by_id(api, method, suffix, "not-a-uuid")
            assert answer.status_code == 404, (method, suffix)
