"""`python -m contract_tests` exits 2 with one line saying what to fix when it cannot run:
bad arguments, no token, a server it cannot reach, a refused token, a base URL that is not the
API (with the `/v1` it lacks suggested), or a Python without the project's dependencies."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from mock_server.testing import running_mock, seed_registries, write_seed

from .support import FAST, ROOT, run_suite, seeded

TOKEN = {"API_TOKEN": "x" * 12}
TOKENS = {"API_TOKEN": "the-right-token"}
UNREACHABLE = ["--base-url", "http://127.0.0.1:9"]
CASES = {
    "no token": (UNREACHABLE, {}, "API_TOKEN"),
    "bad url": (["--base-url", "ftp://example"], TOKEN, "--base-url"),
    "clear http": (["--base-url", "http://example.com"], TOKEN, "--insecure"),
    "bad rate": ([*UNREACHABLE, "--rate-limit", "fast"], TOKEN, "--rate-limit"),
    "zero rate": ([*UNREACHABLE, "--rate-limit", "0/s"], TOKEN, "--rate-limit"),
    "unreachable": (UNREACHABLE, TOKEN, "cannot reach"),
    "no url": ([], TOKEN, "--base-url"),
    "bad number": ([*UNREACHABLE, "--max-examples", "many"], TOKEN, "--max-examples"),
    "no examples": ([*UNREACHABLE, "--max-examples", "0"], TOKEN, "--max-examples"),
    "no requests": ([*UNREACHABLE, "--max-requests", "0"], TOKEN, "--max-requests"),
    "no time": ([*UNREACHABLE, "--max-time", "0"], TOKEN, "--max-time"),
    "no timeout": ([*UNREACHABLE, "--timeout", "0"], TOKEN, "--timeout"),
    "a token on the command line": ([*UNREACHABLE, "--token", "abc"], TOKEN, "API_TOKEN"),
    "a second token on it": ([*UNREACHABLE, "--second-token", "abc"], TOKEN, "environment only"),
    "not a check name": ([*UNREACHABLE, "--checks", "Bad Name"], TOKEN, "--checks"),
    "cleanup without a url": (["cleanup"], TOKEN, "--base-url"),
    "cleanup, a run's option": (["cleanup", *UNREACHABLE, "--allow-writes"], TOKEN, "unrecognized"),
}


def suite(
    args: list[str], env: dict[str, str], python: str = sys.executable
) -> subprocess.CompletedProcess[str]:
    names = ("API_TOKEN", "PAPERSPACE_API_KEY", "SECOND_API_TOKEN", "PAPERSPACE_SECOND_API_KEY")
    clean = {k: v for k, v in os.environ.items() if k not in names}
    return subprocess.run(
        [python, "-m", "contract_tests", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def one_line(done: subprocess.CompletedProcess[str], hint: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and hint in lines[0], done.stderr
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize("case", list(CASES))
def test_cannot_run_exits_2_with_one_line(case: str) -> None:
    args, env, hint = CASES[case]
    one_line(suite(args, env), hint)


def test_a_check_no_registry_names_is_one_line() -> None:
    with running_mock(token="the-right-token") as mock:
        done = suite(["--base-url", mock.base_url, "--checks", "no_such_check"], TOKENS)
    one_line(done, "no check named no_such_check")


@pytest.mark.parametrize("command", ["run", "cleanup"])
def test_each_command_has_its_own_help_with_the_exit_codes(command: str) -> None:
    done = suite([command, "--help"], {})
    assert done.returncode == 0, done.stderr
    assert "exit status:" in done.stdout and "130" in done.stdout
    assert ("--allow-writes" in done.stdout) == (command == "run"), done.stdout
    assert ("--max-examples" in done.stdout) == (command == "run"), done.stdout
    assert "--base-url" in done.stdout and "SECOND_API_TOKEN" in done.stdout


def test_the_top_help_names_both_commands_and_the_version_its_number() -> None:
    top = suite(["--help"], {})
    assert top.returncode == 0 and "run" in top.stdout and "cleanup" in top.stdout
    version = suite(["--version"], {})
    assert version.returncode == 0 and re.fullmatch(
        r"contract_tests \d+\.\d+\.\d+\n", version.stdout
    )


def test_the_same_token_twice_is_one_line() -> None:
    with running_mock(token="the-right-token") as mock:
        env = {"API_TOKEN": "the-right-token", "SECOND_API_TOKEN": "the-right-token"}
        done = suite(["--base-url", mock.base_url], env)
    one_line(done, "SECOND_API_TOKEN is API_TOKEN")


def test_two_tokens_of_one_team_are_one_line() -> None:
    """A server that lets the second token act for the first team (every token is the first
    team's here) shows the same registries to both, and each reads the other's."""
    with tempfile.TemporaryDirectory() as folder:
        seed = write_seed(Path(folder) / "seed.json", seed_registries(2))
        with running_mock("--seed-file", seed, "--fault", "any-token", token="one-team-a") as mock:
            env = {"API_TOKEN": "one-team-a", "SECOND_API_TOKEN": "one-team-b"}
            done = suite(["--base-url", mock.base_url], env)
    one_line(done, "either they belong to one team")
    assert "or the server serves every team's registries to every token" in done.stderr


def test_a_list_that_leaks_across_teams_is_not_called_one_team(tmp_path: Path) -> None:
    """Both tokens list the same registries, the newest the second team's; a get by id stays
    within its team, so the tokens are two teams and the leak is judged, not blamed on them."""
    outcome = run_suite(
        tmp_path, ["--fault", "list-leaks-newest-other-team", *seeded(tmp_path)],
        "--checks", "teams_lists_disjoint", *FAST,
    )  # fmt: skip
    assert outcome.status == 1, outcome.output
    assert outcome.failed_checks == {"teams_lists_disjoint"}


def test_a_refused_token_is_one_line_not_a_wall_of_401s() -> None:
    with running_mock(token="the-right-token") as mock:
        done = suite(["--base-url", mock.base_url], {"API_TOKEN": "a-wrong-token"})
    one_line(done, f"the token was refused by {mock.base_url}")


def test_a_base_url_without_v1_suggests_it() -> None:
    with running_mock(token="tok") as mock:
        without = mock.base_url.removesuffix("/v1")
        done = suite(["--base-url", without, "--allow-writes"], {"API_TOKEN": "tok"})
    one_line(done, f"no container-registries API at {without}")
    assert f"pass --base-url {without}/v1" in done.stderr


def test_a_python_without_the_dependencies_is_one_line_not_a_traceback() -> None:
    # The interpreter the environment was made from lacks the project's dependencies.
    bare = str(Path(sys.base_prefix) / "bin" / "python3")
    probe = subprocess.run([bare, "-c", "import schemathesis"], capture_output=True, check=False)
    if probe.returncode == 0:
        pytest.skip("the base interpreter has the dependencies installed")
    one_line(suite(UNREACHABLE, TOKEN, python=bare), "project's environment")


def test_a_misspelt_check_or_command_gets_the_closest() -> None:
    with running_mock(token="the-right-token") as mock:
        done = suite(["--base-url", mock.base_url, "--checks", "not_a_server_eror"], TOKENS)
    one_line(done, "did you mean not_a_server_error?")
    one_line(suite(["clenup", "--base-url", "http://127.0.0.1:9/v1"], TOKENS),
             "unknown command 'clenup'; did you mean 'cleanup'?")  # fmt: skip


def test_run_help_groups_the_options_and_shows_every_default() -> None:
    done = suite(["run", "--help"], TOKENS)
    assert done.returncode == 0, done.stderr
    shown = " ".join(done.stdout.split())
    assert shown.startswith("usage: python -m contract_tests [run] --base-url URL [options]")
    for group in ("target:", "safety:", "budget:", "output:", "selection:"):
        assert f"\n{group}\n" in done.stdout, group
    for default in ("25 on this machine, 10 against another host", "1500 against another host",
                    "30 min against another host", "30 s against another host",
                    "2/s against another host", "ledger.jsonl"):  # fmt: skip
        assert default in shown, default


@pytest.mark.parametrize("how", ["console script", "python -m"])
def test_the_suite_runs_from_any_directory(how: str, tmp_path: Path) -> None:
    """Installed by `make install`, the suite is a command that needs no checkout for a cwd."""
    command = (
        [str(Path(sys.executable).parent / "contract-tests")]
        if how == "console script"
        else [sys.executable, "-m", "contract_tests"]
    )
    with running_mock(token="the-right-token") as mock:
        done = subprocess.run(
            [*command, "--base-url", mock.base_url, "--checks", "auth_required"],
            cwd=tmp_path, env={**os.environ, **TOKENS, "PYTHONPATH": ""},
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "passed   auth_required" in done.stdout
    assert list(tmp_path.iterdir()) == []  # it leaves nothing in the directory it ran from
