"""The bounds of the isolation, near-miss, tombstone and stale-state faults: each bends what
its catalogue entry says, and beside it the mock stays correct."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from mock_server.faults import SHORT_ID, TEXT_CUT, TOKEN_PREFIX

from .support import PATH, seeded


def test_near_tokens_act_for_the_first_team_and_real_ones_for_their_own(tmp_path: Path) -> None:
    with seeded(tmp_path, "token-prefix-match") as api:
        theirs = api.second.create(name="theirs")["id"]
        near = api.mock.token + "-near"
        listed = api.http.get(PATH, headers={"Authorization": f"Bearer {near}"}).json()["items"]
        cut_short = api.mock.token[: TOKEN_PREFIX - 1]
        refused = api.http.get(PATH, headers={"Authorization": f"Bearer {cut_short}"})
        assert {item["id"] for item in listed} == {"seed00000", "seed00001", "seed00002"}
        assert [item["id"] for item in api.second.page()["items"]] == [theirs]
        assert refused.status_code == 401


def test_an_id_prefix_resolves_only_when_unique_long_enough_and_the_teams(tmp_path: Path) -> None:
    with seeded(tmp_path, "id-prefix-match") as api:
        mine, theirs = api.create(name="mine")["id"], api.second.create(name="theirs")["id"]
        assert api.status("GET", f"/{mine[:SHORT_ID]}") == 200
        assert api.status("GET", f"/{mine[: SHORT_ID - 1]}") == 404
        assert api.status("GET", "/seed0000") == 404  # the prefix of three seeds
        assert api.status("GET", f"/{theirs[:SHORT_ID]}") == 404
        assert api.status("DELETE", f"/{mine[:SHORT_ID]}") == 404  # get only


def test_an_id_in_another_case_finds_only_the_teams_own(tmp_path: Path) -> None:
    with seeded(tmp_path, "id-case-insensitive") as api:
        theirs = api.second.create(name="theirs")["id"]
        assert api.status("GET", "/Seed00001") == 200
        assert api.status("GET", f"/{theirs.upper()}") == 404
        assert api.status("PUT", "/SEED00001", json={"name": "x"}) == 404  # get only


@pytest.mark.parametrize(
    ("limit", "expected"),
    [("abc", 400), ("999abc", 400), ("-1x", 400), (" 2abc", 200), ("+2", 200), ("2", 200)],
)
def test_a_limit_read_as_its_leading_integer_keeps_the_bounds(
    tmp_path: Path, limit: str, expected: int
) -> None:
    with seeded(tmp_path, "limit-parses-prefix") as api:
        answer = api.http.get(PATH, params={"limit": limit})
    assert answer.status_code == expected
    if expected == 200:
        assert len(answer.json()["items"]) == 2


@pytest.mark.parametrize("fault", ["trims-strings", "truncates-long-strings"])
def test_text_faults_leave_the_password_and_enums_alone(tmp_path: Path, fault: str) -> None:
    password = "  " + "p" * (TEXT_CUT + 10) + "  "
    with seeded(tmp_path, fault) as api:
        created = api.create(kind="ghcr", password=password)
        updated = api.http.put(f"{PATH}/{created['id']}", json={"password": password}).json()
        record = next(r for r in api.stored() if r["id"] == created["id"])
    assert (created["kind"], updated["kind"]) == ("ghcr", "ghcr")
    assert record["passwordSha256"] == hashlib.sha256(password.encode()).hexdigest()


@pytest.mark.parametrize("fault", ["trims-strings", "truncates-long-strings"])
def test_text_faults_apply_to_updates_too(tmp_path: Path, fault: str) -> None:
    name = " " + "u" * (TEXT_CUT + 10)
    expected = name.strip() if fault == "trims-strings" else name[:TEXT_CUT]
    with seeded(tmp_path, fault) as api:
        answer = api.http.put(f"{PATH}/seed00000", json={"name": name}).json()
        stored = api.http.get(f"{PATH}/seed00000").json()
    assert answer["name"] == stored["name"] == expected


def test_only_the_list_leaks_other_teams(tmp_path: Path) -> None:
    with seeded(tmp_path, "list-leaks-teams") as api:
        theirs = api.second.create(name="theirs")["id"]
        listed = [item["id"] for page in api.walk(limit=2) for item in page["items"]]
        assert sorted(listed) == sorted(["seed00000", "seed00001", "seed00002", theirs])
        assert api.status("GET", f"/{theirs}") == 404


@pytest.mark.parametrize(
    ("fault", "method", "body"),
    [("get-across-teams", "PUT", {"name": "x"}), ("update-across-teams", "GET", None),
     ("delete-across-teams", "GET", None), ("update-across-teams", "DELETE", None)],
)  # fmt: skip
def test_an_isolation_fault_opens_only_its_own_operation(
    tmp_path: Path, fault: str, method: str, body: object
) -> None:
    with seeded(tmp_path, fault) as api:
        theirs = api.second.create(name="theirs")["id"]
        assert api.status(method, f"/{theirs}", json=body) == 404


def test_a_revived_registry_keeps_its_members_and_only_its_team_revives_it(
    tmp_path: Path,
) -> None:
    with seeded(tmp_path, "update-revives-deleted") as api:
        before = api.http.get(f"{PATH}/seed00001").json()
        assert api.status("DELETE", "/seed00001") == 200
        assert api.status("PUT", "/seed00001", json={"name": 7}) == 400
        assert api.status("GET", "/seed00001") == 404, "an invalid update revived it"
        assert api.second.http.put(f"{PATH}/seed00001", json={"name": "x"}).status_code == 404
        assert api.status("GET", "/seed00001") == 404, "another team's update revived it"
        revived = api.http.put(f"{PATH}/seed00001", json={"name": "back"}).json()
        assert revived == {**before, "name": "back", "dtModified": revived["dtModified"]}
        assert api.status("GET", "/seed00001/test-connection") == 200


def test_a_deleted_registry_tests_but_stays_gone_for_the_rest(tmp_path: Path) -> None:
    with seeded(tmp_path, "test-connection-after-delete") as api:
        assert api.status("DELETE", "/seed00001") == 200
        assert api.status("GET", "/seed00001/test-connection") == 200
        assert api.second.http.get(f"{PATH}/seed00001/test-connection").status_code == 404
        assert api.status("GET", "/nosuchid/test-connection") == 404
        assert api.status("PUT", "/seed00001", json={"name": "x"}) == 404
        assert api.status("GET", "/seed00001") == 404


def test_a_registry_created_on_a_host_that_never_resolves_fails_wherever_it_moves(
    tmp_path: Path,
) -> None:
    with seeded(tmp_path, "test-connection-stale-url") as api:
        born = api.create(url="registry.example.invalid")["id"]
        assert api.status("PUT", f"/{born}", json={"url": "ghcr.io"}) == 200
        answer = api.http.get(f"{PATH}/{born}/test-connection").json()
        seed = api.http.get(f"{PATH}/seed00000/test-connection").json()
    assert answer["success"] is False and "registry.example.invalid" in answer["error"]
    assert seed == {"success": True}


def test_an_archived_registry_is_listed_updated_and_deleted_but_not_got(tmp_path: Path) -> None:
    with seeded(tmp_path, "get-archived-404") as api:
        fresh = api.create(name="fresh")["id"]
        assert api.status("GET", f"/{fresh}") == 200
        assert api.status("GET", "/seed00000") == 404
        assert api.status("PUT", "/seed00000", json={"name": "x"}) == 200
        assert api.status("GET", "/seed00000/test-connection") == 200
        assert api.status("DELETE", "/seed00000") == 200


def test_an_invalid_body_is_quoted_only_under_the_fault(tmp_path: Path) -> None:
    body = {"name": "x", "namespace": "n", "url": "ghcr.io", "username": "u",
            "password": "quoted-secret", "kind": "not-a-kind"}  # fmt: skip
    with seeded(tmp_path, "echo-invalid-body") as api:
        created = api.http.post(PATH, json={**body, "kind": "other"})
        refused = api.http.put(f"{PATH}/seed00000", json=body).json()
    assert created.status_code == 200 and "quoted-secret" not in created.text
    assert refused["message"].startswith("Invalid input: {")
    assert '"password": "quoted-secret"' in refused["message"]
    assert refused["details"] == {"kind": refused["details"]["kind"]}
