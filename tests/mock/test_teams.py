"""Teams: each token acts for its own team, which sees only its own registries."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from mock_server.config import DEVELOPMENT_TOKEN, SECOND_DEVELOPMENT_TOKEN
from mock_server.testing import SERVING, RunningMock, running_mock

from .support import PATH, Api, mock_api, seed_registries, write_seed

ROOT = Path(__file__).resolve().parents[2]
UNKNOWN = "nosuchid"


@pytest.fixture(scope="module")
def api() -> Iterator[Api]:
    with mock_api() as running:
        yield running


def ids(api: Api) -> set[str]:
    return {item["id"] for page in api.walk(limit=7) for item in page["items"]}


def answer(api: Api, method: str, registry_id: str) -> tuple[int, Any]:
    """Status and body of `method` on one registry (an update sends a valid change)."""
    path = f"{PATH}/{registry_id}"
    if method == "TEST":
        response = api.http.get(f"{path}/test-connection")
    else:
        body = {"name": "changed"} if method == "PUT" else None
        response = api.http.request(method, path, json=body)
    return response.status_code, response.json()


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "TEST"])
def test_another_teams_id_answers_as_an_unknown_one(api: Api, method: str) -> None:
    theirs = api.second.create(name="theirs")
    before = api.stored()
    assert answer(api, method, theirs["id"]) == answer(api, method, UNKNOWN)
    assert answer(api, method, UNKNOWN)[0] == 404
    assert api.stored() == before, "a request for another team's registry changed something"
    assert api.second.http.get(f"{PATH}/{theirs['id']}").json() == theirs


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "TEST"])
def test_each_team_reaches_its_own_registries(api: Api, method: str) -> None:
    for team in (api, api.second):
        mine = team.create(name="mine")
        assert answer(team, method, mine["id"])[0] == 200


def test_the_lists_of_two_teams_are_disjoint_and_cover_the_store(api: Api) -> None:
    made = [api.create(name=f"first-{i}")["id"] for i in range(3)]
    made_second = [api.second.create(name=f"second-{i}")["id"] for i in range(4)]
    first, second = ids(api), ids(api.second)
    assert set(made) <= first and set(made_second) <= second
    assert not first & second
    assert first | second == {record["id"] for record in api.stored()}


def test_inspection_names_each_registrys_team(api: Api) -> None:
    mine, theirs = api.create(name="first-team"), api.second.create(name="second-team")
    teams = {record["id"]: record["team"] for record in api.stored()}
    assert (teams[mine["id"]], teams[theirs["id"]]) == (0, 1)
    assert {record["id"] for record in api.stored() if record["team"] == 1} == ids(api.second)


def test_inspection_takes_either_teams_token(api: Api) -> None:
    for token in (api.mock.token, api.mock.second_token):
        headers = {"Authorization": f"Bearer {token}"}
        listed = httpx.get(api.origin + "_mock/registries", headers=headers)
        assert listed.status_code == 200
        assert {record["team"] for record in listed.json()} == {0, 1}


def test_a_cursor_from_another_teams_walk_stays_within_the_team(api: Api) -> None:
    for i in range(3):
        api.create(name=f"walked-{i}")
        api.second.create(name=f"walker-{i}")
    theirs = api.second.page(limit=1, order="asc")
    page = api.page(limit=50, order="asc", after=theirs["nextPage"])
    assert {item["id"] for item in page["items"]} <= ids(api)
    assert not {item["id"] for item in page["items"]} & ids(api.second)


def test_seeded_registries_belong_to_the_first_team(tmp_path: Path) -> None:
    with mock_api("--seed-file", write_seed(tmp_path / "seed.json", seed_registries(3))) as api:
        assert ids(api) == {"seed00000", "seed00001", "seed00002"}
        assert ids(api.second) == set()
        assert api.second.http.get(f"{PATH}/seed00000").status_code == 404


@pytest.mark.parametrize(("fault", "token"), [("any-token", "not-a-token"), ("no-auth", None)])
def test_a_request_an_auth_fault_lets_in_acts_for_the_first_team(
    fault: str, token: str | None
) -> None:
    with mock_api("--fault", fault) as api:
        mine, theirs = api.create(name="first"), api.second.create(name="second")
        headers = {"Authorization": f"Bearer {token}" if token else ""}
        listed = api.http.get(PATH, headers=headers).json()["items"]
        # A real token still acts for its own team.
        assert {item["id"] for item in listed} == {mine["id"]}
        assert ids(api.second) == {theirs["id"]}


def as_team(mock: RunningMock, token: str) -> Api:
    return Api(mock, token=token)


def test_running_mock_passes_the_second_token_it_is_given() -> None:
    with running_mock(token="first-token", second_token="second-token") as mock:
        assert mock.second_token == "second-token"
        for token in ("first-token", "second-token"):
            assert as_team(mock, token).http.get(PATH).status_code == 200


def test_team_tokens_make_further_teams_and_override_the_environment() -> None:
    tokens = ["team-a-token", "team-b-token", "team-c-token"]
    args = [arg for token in tokens[1:] for arg in ("--team-token", token)]
    with running_mock(*args, token=tokens[0], second_token="unused") as mock:
        for token in tokens:
            as_team(mock, token).create(name=token)
        refused = as_team(mock, "unused").http.get(PATH).status_code
        stored = mock.registries()
    assert refused == 401
    assert [(record["name"], record["team"]) for record in stored] == [
        ("team-a-token", 0), ("team-b-token", 1), ("team-c-token", 2)
    ]  # fmt: skip


def test_a_token_shared_by_two_teams_is_refused_in_one_line() -> None:
    command = [sys.executable, "-m", "mock_server", "--token", "same", "--team-token", "same"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "mock_server: every team needs its own token; 'same' is given twice"
    ]


def environment_without(*names: str, **extra: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in names}, **extra}


@contextmanager
def started(env: dict[str, str]) -> Iterator[tuple[list[str], RunningMock]]:
    """`python -m mock_server` as `make mock` runs it (on a free port): the lines it printed
    before its serving line, and the running mock (its tokens the development ones)."""
    command = [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", "0"]
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) as mock:
        assert mock.stdout is not None
        lines = []
        while not (line := mock.stdout.readline()).startswith(SERVING) and line:
            lines.append(line.strip())
        try:
            url = line.removeprefix(SERVING).strip()
            yield lines, RunningMock(url, DEVELOPMENT_TOKEN, mock, SECOND_DEVELOPMENT_TOKEN)
        finally:
            mock.terminate()


def test_without_tokens_it_prints_both_development_tokens_on_one_line() -> None:
    with started(environment_without("API_TOKEN", "SECOND_API_TOKEN")) as (lines, mock):
        assert lines == [
            "mock_server: no API_TOKEN or SECOND_API_TOKEN set; development tokens: "
            "first team mock-development-token, second team mock-development-token-2"
        ]
        printed = re.findall(r"team (\S+?)(?:,|$)", lines[0])
        assert printed == [DEVELOPMENT_TOKEN, SECOND_DEVELOPMENT_TOKEN]
        teams = [as_team(mock, token) for token in printed]
        created = [team.create(name="mine")["id"] for team in teams]
        listed = [ids(team) for team in teams]
    assert listed == [{created[0]}, {created[1]}]


def test_with_api_token_only_the_second_teams_development_token_is_printed() -> None:
    env = environment_without("SECOND_API_TOKEN", API_TOKEN="set-by-me")
    with started(env) as (lines, mock):
        assert as_team(mock, "mock-development-token-2").http.get(PATH).status_code == 200
    assert lines == [
        "mock_server: no SECOND_API_TOKEN set; development token: "
        "second team mock-development-token-2"
    ]


def test_with_both_tokens_set_nothing_is_printed_before_serving() -> None:
    with started(environment_without(API_TOKEN="one", SECOND_API_TOKEN="two")) as (lines, mock):
        assert as_team(mock, "two").http.get(PATH).status_code == 200
    assert lines == []
