"""Start-up: the serving line, the token, the base path, the seed file, the fault list."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import get_args

import httpx
import pytest

from mock_server.faults import BY_NAME, CATALOGUE, Area
from mock_server.testing import SERVING, MockDidNotStart, running_mock

from .support import PATH, mock_api, seed_registries, write_seed

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mock_server", *args]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_serves_on_the_port_it_announces_under_the_base_path() -> None:
    with mock_api("--base-path", "/api/v9/") as api:
        assert api.mock.base_url.startswith("http://127.0.0.1:")
        assert api.mock.base_url.endswith("/api/v9")
        assert api.http.get(PATH).status_code == 200
        assert httpx.get(api.origin + "v1" + PATH).status_code == 404


def test_without_a_token_it_prints_and_accepts_the_development_token() -> None:
    env = {k: v for k, v in os.environ.items() if k != "API_TOKEN"}
    command = [sys.executable, "-m", "mock_server", "--port", "0"]
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) as mock:
        assert mock.stdout is not None
        notice, serving = mock.stdout.readline(), mock.stdout.readline()
        try:
            token = notice.split()[-1]
            url = serving.removeprefix("mock_server: serving ").strip()
            assert "development token" in notice
            ok = httpx.get(url + PATH, headers={"Authorization": f"Bearer {token}"})
            refused = httpx.get(url + PATH, headers={"Authorization": "Bearer other"})
        finally:
            mock.terminate()
    assert (ok.status_code, refused.status_code) == (200, 401)


def test_token_option_overrides_the_environment() -> None:
    with running_mock("--token", "from-argv", token="from-env") as mock:
        url = mock.base_url + PATH
        assert httpx.get(url, headers={"Authorization": "Bearer from-argv"}).status_code == 200
        assert httpx.get(url, headers={"Authorization": "Bearer from-env"}).status_code == 401


def test_list_faults_prints_the_catalogue_aligned_with_areas() -> None:
    result = run_cli("--list-faults")
    lines = result.stdout.splitlines()
    assert result.returncode == 0
    rows = [line.split() for line in lines]
    assert [(row[0], row[1]) for row in rows] == [(f.area, f.name) for f in CATALOGUE]
    # Aligned: every description starts in the same column.
    starts = {line.index(f.description) for line, f in zip(lines, CATALOGUE, strict=True)}
    assert len(starts) == 1


def test_descriptions_are_ascii_so_any_terminal_prints_them() -> None:
    assert [f.name for f in CATALOGUE if not f.description.isascii()] == []


def test_an_unknown_fault_is_one_line_with_a_guess() -> None:
    result = run_cli("--fault", "cursor-skp")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "mock_server: argument --fault: no fault 'cursor-skp'; did you mean cursor-skip? "
        "--list-faults lists them"
    ]


def test_a_port_in_use_suggests_port_0() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run_cli("--port", str(taken.getsockname()[1]))
    assert result.returncode == 2
    assert "--port 0 picks a free port" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_catalogue_covers_every_area_with_unique_names() -> None:
    names = [fault.name for fault in CATALOGUE]
    assert len(names) >= 25
    assert len(set(names)) == len(names)
    assert {fault.area for fault in CATALOGUE} == set(get_args(Area)), "an area without faults"


def lines_before_serving(*args: str) -> list[str]:
    """What `python -m mock_server ARGS` prints before its serving line (tokens set, so no
    development-token notice)."""
    command = [sys.executable, "-m", "mock_server", "--port", "0", *args]
    env = {**os.environ, "API_TOKEN": "cli-token", "SECOND_API_TOKEN": "cli-token-2"}
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) as mock:
        assert mock.stdout is not None
        try:
            lines = []
            while not (line := mock.stdout.readline()).startswith(SERVING) and line:
                lines.append(line.rstrip("\n"))
            assert line.startswith(SERVING), f"no serving line after {lines}"
        finally:
            mock.terminate()
    return lines


def test_each_fault_planted_is_named_on_one_line_before_serving() -> None:
    faults = ["cursor-skip", "no-auth", "cursor-skip"]
    assert lines_before_serving(*(arg for f in faults for arg in ("--fault", f))) == [
        f"mock_server: planting fault {name}: {BY_NAME[name].description}"
        for name in ("cursor-skip", "no-auth")
    ]


def test_without_faults_nothing_is_planted() -> None:
    assert lines_before_serving() == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "is not JSON"),
        ('{"name": "x"}', "must hold a JSON list"),
        ('[{"name": "x"}]', "item 0: namespace is required"),
        ('[{"name":"a","namespace":"n","url":"u","username":"u"}]', "item 0: password is required"),
        ('[{"name":"a","namespace":"n","url":"u","username":"u","password":7}]',
         "item 0: password must be a string, not an integer"),
        ('[{"name":"a","namespace":"n","url":"u","username":"u","password":"p","kind":"quay"}]',
         "item 0: kind must be one of"),
        ('[{"name":"a","namespace":"n","url":"u","username":"u","password":"p",'
         '"dtCreated":"yesterday"}]', "dtCreated must be an ISO 8601 timestamp"),
    ],
)  # fmt: skip
def test_a_bad_seed_file_is_one_line_and_exit_2(tmp_path: Path, content: str, message: str) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(content)
    result = run_cli("--port", "0", "--seed-file", str(seed))
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_duplicate_seed_ids_are_refused(tmp_path: Path) -> None:
    twice = seed_registries(2)
    twice[1]["id"] = twice[0]["id"]
    result = run_cli("--port", "0", "--seed-file", write_seed(tmp_path / "s.json", twice))
    assert result.returncode == 2
    assert "appears more than once" in result.stderr


def test_an_unknown_fault_is_refused() -> None:
    result = run_cli("--fault", "no-such-fault")
    assert result.returncode == 2
    assert "no fault 'no-such-fault'" in result.stderr


def test_the_seed_file_preloads_registries_with_their_ids_and_times(tmp_path: Path) -> None:
    seed = seed_registries(3)
    del seed[2]["id"], seed[2]["dtCreated"]
    with mock_api("--seed-file", write_seed(tmp_path / "seed.json", seed)) as api:
        stored = api.stored()
        first = api.http.get(f"{PATH}/seed00000").json()
    assert [record["name"] for record in stored] == ["seed-0", "seed-1", "seed-2"]
    assert stored[2]["id"] and stored[2]["id"] not in {"seed00000", "seed00001"}
    assert first["dtCreated"] == first["dtModified"] == "2026-01-01T00:00:00.000Z"
    assert first["kind"] == "other"


def test_running_mock_reaps_the_server_on_exit() -> None:
    with running_mock(token="reap-token") as mock:
        assert mock.process.poll() is None
    assert mock.process.returncode is not None


def test_running_mock_says_why_a_mock_did_not_start(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text("[1]")
    with (
        pytest.raises(MockDidNotStart, match="item 0: must be an object"),
        running_mock("--seed-file", str(seed)),
    ):
        pass  # pragma: no cover - never reached


def test_running_mock_uses_the_environment_it_is_given() -> None:
    env = {"PATH": os.environ.get("PATH", ""), "API_TOKEN": "ignored"}
    with running_mock(token="given-token", env=env) as mock:
        answer = httpx.get(mock.base_url + PATH, headers={"Authorization": "Bearer given-token"})
    assert answer.status_code == 200
