"""The replay scripts a run hands a person keep every promise the suite keeps: run against the
same server, a script from each failure class leaves nothing behind and `cleanup` then finds
nothing; a read-only run's replay sends only GET; every registry a replay creates carries the
run's prefix; every walk stops at a page cap; SIGINT and SIGTERM end a replay after it deletes
what it created."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mock_server.testing import RunningMock, running_mock

from .support import ROOT, SECOND_TOKEN, TOKEN, run_against, seeded, suite_env

# A failure class, the fault that shows it, and the check that finds it.
CLASSES = {
    "page walk": ("cursor-skip", "walk_yields_each_once"),
    "update": ("lost-update", "update_persists"),
    "identity": ("get-wrong-id", "get_returns_requested_id"),
    "auth": ("no-auth", "auth_required"),
    "secrets": ("echo-password", "password_not_echoed"),
}
BUDGET = ("--max-examples", "3", "--seed", "1", "--fast")


def scripts(output: str) -> list[Path]:
    return [Path(path) for path in re.findall(r"python3 (\S+\.py)", output)]


def replay(script: Path) -> subprocess.Popen[str]:
    """The script run as a person runs it, with both teams' tokens in its environment."""
    return subprocess.Popen(
        [sys.executable, str(script)], env=suite_env(TOKEN, SECOND_TOKEN),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def sweep(mock: RunningMock, workdir: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "contract_tests", "cleanup", "--base-url", mock.base_url,
         "--ledger", str(workdir / "ledger.jsonl")],
        cwd=ROOT, env=suite_env(TOKEN, SECOND_TOKEN), capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.parametrize("failure", list(CLASSES))
def test_a_replay_leaves_nothing_behind(failure: str, tmp_path: Path) -> None:
    fault, check = CLASSES[failure]
    with running_mock(
        *seeded(tmp_path), "--fault", fault, token=TOKEN, second_token=SECOND_TOKEN
    ) as mock:
        outcome = run_against(
            mock.base_url, TOKEN, tmp_path, "--allow-writes", *BUDGET, "--checks", check,
            second_token=SECOND_TOKEN,
        )  # fmt: skip
        assert check in outcome.failed_checks, outcome.output
        found = scripts(outcome.stdout)
        assert found, outcome.stdout
        before = mock.registries()
        for script in found:
            output, _ = replay(script).communicate(timeout=120)
            assert "Traceback" not in output and "   <-- " in output, output
        assert mock.registries() == before
        assert "deleted 0 registries" in sweep(mock, tmp_path)


def test_a_read_only_runs_replay_sends_only_get(tmp_path: Path) -> None:
    with running_mock(
        *seeded(tmp_path), "--fault", "cursor-skip", token=TOKEN, second_token=SECOND_TOKEN
    ) as mock:
        outcome = run_against(mock.base_url, TOKEN, tmp_path, *BUDGET, second_token=SECOND_TOKEN)
        assert "walk_yields_each_once" in outcome.failed_checks, outcome.output
        seen = len(mock.requests()["log"])
        for script in scripts(outcome.stdout):
            output, _ = replay(script).communicate(timeout=120)
            assert "Traceback" not in output, output
        methods = {method for method, _ in mock.requests()["log"][seen:]}
    assert methods == {"GET"}, methods


def test_a_replayed_walk_stops_at_its_page_cap(tmp_path: Path) -> None:
    """Against a server whose every page says there is more, a replay walks a bounded number
    of pages and says so."""
    with running_mock(
        *seeded(tmp_path), "--fault", "cursor-ignored", token=TOKEN, second_token=SECOND_TOKEN
    ) as mock:
        outcome = run_against(
            mock.base_url, TOKEN, tmp_path, *BUDGET, "--checks", "walk_yields_each_once",
            second_token=SECOND_TOKEN,
        )  # fmt: skip
        walk = next(s for s in scripts(outcome.stdout) if "walk_yields_each_once" in s.name)
        seen = len(mock.requests()["log"])
        output, _ = replay(walk).communicate(timeout=120)
        sent = len(mock.requests()["log"]) - seen
    assert re.search(r"stopped after \d+ pages", output), output[-2000:]
    assert sent < 100, sent


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_ends_a_replay_after_it_deletes_what_it_made(
    stop: signal.Signals, tmp_path: Path
) -> None:
    """A replay paced as a remote run's (here 4 requests a second) is stopped while it creates
    registries: each carries the run's prefix, and all are gone when it exits."""
    with running_mock(
        *seeded(tmp_path), "--fault", "cursor-skip", token=TOKEN, second_token=SECOND_TOKEN
    ) as mock:
        outcome = run_against(
            mock.base_url, TOKEN, tmp_path, "--allow-writes", *BUDGET, "--rate-limit", "4/s",
            "--checks", "walk_yields_each_once", "--fail-fast", second_token=SECOND_TOKEN,
        )  # fmt: skip
        walk = next(s for s in scripts(outcome.stdout) if "walk_yields_each_once" in s.name)
        before = mock.registries()
        process = replay(walk)
        while len(mock.registries()) < len(before) + 2 and process.poll() is None:
            time.sleep(0.05)
        made = [r for r in mock.registries() if r not in before]
        process.send_signal(stop)
        output, _ = process.communicate(timeout=60)
        after = mock.registries()
    assert made and all(r["name"].startswith("contract-test-") for r in made), made
    assert "interrupted" in output and "Traceback" not in output, output
    assert after == before, output
    assert os.environ.get("API_TOKEN") != TOKEN


def _one_replay(fault: str, check: str, tmp_path: Path, mock: RunningMock) -> Path:
    outcome = run_against(
        mock.base_url, TOKEN, tmp_path, "--allow-writes", *BUDGET, "--checks", check,
        "--fail-fast", second_token=SECOND_TOKEN,
    )  # fmt: skip
    found = [s for s in scripts(outcome.stdout) if check in s.name]
    assert found, outcome.output[-3000:]
    return found[0]


def _run(script: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def test_a_replay_sends_the_failing_name_and_reads_the_suites_token_variables(
    tmp_path: Path,
) -> None:
    """The name that crashes the server keeps its characters (it carries the run's prefix
    already); the replay takes the token from PAPERSPACE_API_KEY as the suite does, and
    without any token says in one line what to set."""
    with running_mock(
        *seeded(tmp_path), "--fault", "crash-on-unicode", token=TOKEN, second_token=SECOND_TOKEN
    ) as mock:
        script = _one_replay("crash-on-unicode", "not_a_server_error", tmp_path, mock)
        env = {k: v for k, v in suite_env(TOKEN).items() if k != "API_TOKEN"}
        keyed = _run(script, {**env, "PAPERSPACE_API_KEY": TOKEN})
        tokenless = _run(script, env)
    assert keyed.returncode == 1, keyed.stdout + keyed.stderr
    assert "reproduced: 500 where" in keyed.stdout
    sent = next(line for line in keyed.stdout.splitlines() if line.startswith("POST"))
    assert "-> 500" in sent
    assert tokenless.returncode == 2 and not tokenless.stderr, tokenless.stderr
    assert tokenless.stdout.strip() == "could not replay: set $API_TOKEN to replay this"


def test_a_replay_says_what_it_changed_and_why(tmp_path: Path) -> None:
    """A story replays against a registry of the replay's own, with a fresh password: it says
    so, and the password it sends never shows in what it prints."""
    with running_mock(
        *seeded(tmp_path), "--fault", "echo-password", token=TOKEN, second_token=SECOND_TOKEN
    ) as mock:
        script = _one_replay("echo-password", "password_not_echoed", tmp_path, mock)
        done = _run(script, suite_env(TOKEN, SECOND_TOKEN))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "reproduced: a password the replay sent came back" in done.stdout
    assert "changed: the password, to a fresh one" in done.stdout
    assert re.search(r"pw-[0-9a-f]{16}", done.stdout) is None, done.stdout
    assert "[redacted]" in done.stdout
