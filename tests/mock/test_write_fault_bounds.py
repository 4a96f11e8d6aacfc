"""The bounds of the faults of writes (what an update or create stores, what a repeated body
does, what a delete leaves): each bends what its catalogue entry says, and only that."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from mock_server.faults import NAME_CUT

from .support import PATH, SEEDS, Api, seeded

TARGET = SEEDS[1]


def put(api: Api, body: dict[str, Any], registry_id: str = TARGET) -> dict[str, Any]:
    answer = api.http.put(f"{PATH}/{registry_id}", json=body)
    assert answer.status_code == 200, answer.text
    updated: dict[str, Any] = answer.json()
    return updated


def shown(api: Api, registry_id: str = TARGET) -> dict[str, Any]:
    body: dict[str, Any] = api.http.get(f"{PATH}/{registry_id}").json()
    return body


def listed(api: Api) -> list[str]:
    return [item["id"] for page in api.walk(limit=2) for item in page["items"]]


def password_digest(api: Api, registry_id: str) -> str:
    digest: str = next(r for r in api.stored() if r["id"] == registry_id)["passwordSha256"]
    return digest


def test_only_empty_members_of_an_update_are_ignored(tmp_path: Path) -> None:
    with seeded(tmp_path, "update-ignores-empty") as api:
        answer = put(api, {"name": "", "namespace": "changed"})
        created = api.create(name="", namespace="")
        assert (answer["name"], answer["namespace"]) == ("seed-1", "changed")
        assert shown(api) == answer
    assert (created["name"], created["namespace"]) == ("", "")


def test_only_name_is_cut_and_at_its_length(tmp_path: Path) -> None:
    long = "n" * (NAME_CUT + 5)
    with seeded(tmp_path, "names-cut-short") as api:
        created = api.create(name=long, namespace=long, username=long, password=long)
        updated = put(api, {"name": long, "url": "ghcr.io/" + long})
        exact = api.create(name="e" * NAME_CUT)["name"]
        digest = password_digest(api, created["id"])
    assert created["name"] == updated["name"] == long[:NAME_CUT]
    assert created["namespace"] == created["username"] == long
    assert updated["url"] == "ghcr.io/" + long
    assert exact == "e" * NAME_CUT
    assert digest == hashlib.sha256(long.encode()).hexdigest()


def test_text_is_cut_at_nul_in_every_text_member_but_the_password(tmp_path: Path) -> None:
    with seeded(tmp_path, "nul-truncates") as api:
        created = api.create(name="ab\x00cd", username="\x00robot", password="pw\x00rest")
        updated = put(api, {"namespace": "x\x00y"})
        whole = api.create(name="no-nul")["name"]
        digest = password_digest(api, created["id"])
    assert (created["name"], created["username"], updated["namespace"]) == ("ab", "", "x")
    assert whole == "no-nul"
    assert digest == hashlib.sha256(b"pw\x00rest").hexdigest()


def test_a_frozen_dtmodified_still_stores_the_update(tmp_path: Path) -> None:
    with seeded(tmp_path, "dtmodified-frozen") as api:
        before = shown(api)
        answer = put(api, {"name": "renamed"})
        after = shown(api)
    assert after == answer == {**before, "name": "renamed"}


def test_only_an_equal_body_of_the_same_team_is_deduplicated(tmp_path: Path) -> None:
    with seeded(tmp_path, "create-deduplicates") as api:
        first = api.create(name="same")
        again = api.create(name="same")
        other_password = api.create(name="same", password="another-password")
        theirs = api.second.create(name="same")
        count = len(api.stored())
    assert again == first
    assert len({first["id"], other_password["id"], theirs["id"]}) == 3
    assert count == len(SEEDS) + 3


def test_only_a_repeat_of_the_previous_update_is_refused(tmp_path: Path) -> None:
    with seeded(tmp_path, "update-replay-409") as api:
        put(api, {"name": "a"})
        refused = api.http.put(f"{PATH}/{TARGET}", json={"name": "a"})
        put(api, {"namespace": "meanwhile"})
        assert shown(api)["namespace"] == "meanwhile"
        put(api, {"name": "b"})
        put(api, {"name": "a"})
        put(api, {"name": "a"}, SEEDS[0])  # another registry's first update
    assert refused.status_code == 409
    assert refused.json()["code"] == "CONFLICT" and isinstance(refused.json()["message"], str)


def test_a_second_delete_answers_as_the_first_and_nothing_else_finds_it(tmp_path: Path) -> None:
    with seeded(tmp_path, "delete-twice-200") as api:
        first = api.http.delete(f"{PATH}/{TARGET}")
        second = api.http.delete(f"{PATH}/{TARGET}")
        assert second.status_code == 200 and second.json() == first.json()
        assert api.second.http.delete(f"{PATH}/{TARGET}").status_code == 404
        assert api.status("DELETE", "/never-was") == 404
        assert api.status("GET", f"/{TARGET}") == 404
        assert api.status("PUT", f"/{TARGET}", json={"name": "x"}) == 404
        assert api.status("GET", f"/{TARGET}/test-connection") == 404
        assert TARGET not in listed(api)


def test_a_deleted_registry_is_listed_as_it_was_until_the_teams_next_write(
    tmp_path: Path,
) -> None:
    with seeded(tmp_path, "list-cache-misses-deletes") as api:
        before = api.page()["items"]
        assert api.status("DELETE", f"/{TARGET}") == 200
        assert api.page()["items"] == before
        assert api.status("GET", f"/{TARGET}") == 404
        api.second.create(name="another-teams-write")
        assert TARGET in listed(api), "another team's write refreshed this team's list"
        put(api, {"name": "a-write"}, SEEDS[0])
        assert listed(api) == [SEEDS[2], SEEDS[0]]
        assert api.status("DELETE", f"/{SEEDS[2]}") == 200
        api.create(name="refresh")
        assert SEEDS[2] not in listed(api)
