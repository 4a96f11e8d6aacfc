"""Safe against a real account: read-only by default, touches only its own, cleans up, no leaks."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from contract_tests.wire.stopping import STOP_DEADLINE, Stopper
from mock_server.testing import RunningMock, running_mock

from .support import (
    FAST,
    ROOT,
    SECOND_TOKEN,
    TOKEN,
    run_against,
    run_suite,
    suite_command,
    suite_env,
)

CANARY = "canary-token-5f1d8e2a9c"
SECOND_CANARY = "canary-token-second-7b3e"
SEEDED = [
    {
        "name": f"users-own-{i}",
        "namespace": "team",
        "url": "ghcr.io",
        "username": "robot",
        "password": f"users-secret-{i}",
    }
    for i in range(3)
]


def test_read_only_run_sends_only_get_with_either_token(tmp_path: Path) -> None:
    seed_file = tmp_path / "seed.json"
    seed_file.write_text(json.dumps(SEEDED))
    mock_args = ("--seed-file", str(seed_file))
    with running_mock(*mock_args, token=CANARY, second_token=SECOND_CANARY) as mock:
        done = subprocess.run(
            suite_command(mock.base_url, tmp_path, *FAST),
            cwd=ROOT,
            env=suite_env(CANARY, SECOND_CANARY),
            capture_output=True,
            text=True,
            check=False,
        )
        counts = mock.requests()["counts"]
    assert done.returncode == 0, done.stdout + done.stderr
    sent = {method for method, count in counts.items() if count}
    assert sent == {"GET"}, counts
    # The second token was used: isolation was judged on reads.
    assert '"teams_lists_disjoint"' in (tmp_path / "report.json").read_text()
    assert json.loads((tmp_path / "report.json").read_text())["failed_checks"] == []
    report = (tmp_path / "report.md").read_text()
    assert "skipped" in report and "needs --allow-writes" in report


def test_request_budget_bounds_a_run(tmp_path: Path) -> None:
    budget = 25
    with running_mock(token=CANARY) as mock:
        command = suite_command(mock.base_url, tmp_path, *FAST, "--max-requests", str(budget))
        done = subprocess.run(
            command, cwd=ROOT, env=suite_env(CANARY), capture_output=True, text=True, check=False
        )
        counts = mock.requests()["counts"]
    # One GET before the run checks that the server answers, and the token.
    assert sum(counts.values()) <= budget + 1, counts
    assert done.returncode == 0, done.stdout + done.stderr
    assert "max-requests" in done.stdout


def seeded_mock_run(
    tmp_path: Path, *mock_args: str, suite_args: tuple[str, ...] = ()
) -> tuple[Any, Any, int]:
    seed_file = tmp_path / "seed.json"
    seed_file.write_text(json.dumps(SEEDED))
    with running_mock(
        "--seed-file", str(seed_file), *mock_args, token=CANARY, second_token=SECOND_CANARY
    ) as mock:
        before = mock.registries()
        done = subprocess.run(
            suite_command(mock.base_url, tmp_path, "--allow-writes", *FAST, *suite_args),
            cwd=ROOT,
            env=suite_env(CANARY, SECOND_CANARY),
            capture_output=True,
            text=True,
            check=False,
        )
        after = mock.registries()
    (tmp_path / "output.txt").write_text(done.stdout + done.stderr)
    return before, after, done.returncode


def test_passing_write_run_leaves_the_data_as_it_found_it(tmp_path: Path) -> None:
    before, after, status = seeded_mock_run(tmp_path)
    assert status == 0
    assert after == before


def test_failing_write_run_leaves_the_data_as_it_found_it(tmp_path: Path) -> None:
    before, after, status = seeded_mock_run(tmp_path, "--fault", "partial-update-clears")
    assert status == 1
    assert after == before


def test_write_run_out_of_budget_still_cleans_up(tmp_path: Path) -> None:
    # The budget runs out mid-run; the deletes of the cleanup must go out all the same.
    before, after, status = seeded_mock_run(tmp_path, suite_args=("--max-requests", "40"))
    assert "max-requests" in (tmp_path / "output.txt").read_text()
    assert status == 0, (tmp_path / "output.txt").read_text()  # out of budget is no violation
    assert after == before
    assert (tmp_path / "report.md").exists()


def started_run(mock: RunningMock, tmp_path: Path) -> subprocess.Popen[str]:
    """A long write run with both teams' tokens, once it has created a registry."""
    command = suite_command(mock.base_url, tmp_path, "--allow-writes", "--max-examples", "50")
    process = subprocess.Popen(
        command, cwd=ROOT, env=suite_env(CANARY, SECOND_CANARY), stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    wait_for_ledger(tmp_path / "ledger.jsonl")
    return process


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_run_leaves_nothing_behind(stop: signal.Signals, tmp_path: Path) -> None:
    """No `cleanup` afterwards: the run itself deletes what it created with either team's
    token, a create in flight at the signal included (it is waited for, then deleted), and
    says that it was interrupted and what it deleted."""
    seed_file = tmp_path / "seed.json"
    seed_file.write_text(json.dumps(SEEDED))
    seeded = ("--seed-file", str(seed_file))
    with running_mock(*seeded, token=CANARY, second_token=SECOND_CANARY) as mock:
        before = mock.registries()
        process = started_run(mock, tmp_path)
        started = time.monotonic()
        process.send_signal(stop)
        output, _ = process.communicate(timeout=60)
        after = mock.registries()
    assert process.returncode == 130, output
    assert time.monotonic() - started < STOP_DEADLINE + 10
    assert after == before
    assert re.search(r"deleted (\d+) of the \1 registries this run created", output), output
    assert re.search(r"interrupted after \d+ of \d+ tests", output), output
    report = json.loads((tmp_path / "report.json").read_text())
    reasons = {check["reason"] for check in report["checks"] if check["outcome"] == "not judged"}
    assert reasons <= {"interrupted", "the server never answered 429"}, reasons
    assert "--full-trace" not in output and "Traceback" not in output


def test_a_killed_run_is_swept_by_cleanup_in_both_teams(tmp_path: Path) -> None:
    """SIGKILL leaves the run no chance to clean up; `cleanup` then deletes what the ledger
    names and what carries the prefix, with each team's token, and nothing of the user's."""
    seed_file = tmp_path / "seed.json"
    seed_file.write_text(json.dumps(SEEDED))
    seeded = ("--seed-file", str(seed_file))
    with running_mock(*seeded, token=CANARY, second_token=SECOND_CANARY) as mock:
        before = mock.registries()
        process = started_run(mock, tmp_path)
        time.sleep(2)  # into the run: registries of both teams, probably
        process.kill()
        process.communicate(timeout=30)
        left = mock.registries()
        ledger = tmp_path / "ledger.jsonl"
        sweep = subprocess.run(
            [sys.executable, "-m", "contract_tests", "cleanup", "--base-url", mock.base_url,
             "--ledger", str(ledger)],
            cwd=ROOT, env=suite_env(CANARY, SECOND_CANARY), capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        after = mock.registries()
    assert len(left) > len(before), "the kill left nothing to sweep"
    assert sweep.returncode == 0, sweep.stdout + sweep.stderr
    assert after == before
    assert CANARY not in sweep.stdout + sweep.stderr


def wait_for_ledger(path: Path) -> None:
    for _ in range(200):
        if path.exists() and path.stat().st_size:
            return
        time.sleep(0.05)
    raise AssertionError("the run never created a registry")


def test_the_tokens_are_never_written(tmp_path: Path) -> None:
    """Neither team's token, nor a near miss of the first that the run sends on purpose, nor a
    password it sent, appears in any output, report or replay script, passing or failing."""
    tokens = {"token": CANARY, "second_token": SECOND_CANARY}
    passing = run_suite(tmp_path / "pass", [], "--allow-writes", *FAST, **tokens)
    faults = ["--fault", "echo-password", "--fault", "token-prefix-match", "--fault", "no-auth"]
    failing = run_suite(tmp_path / "fail", faults, "--allow-writes", *FAST, **tokens)
    assert (passing.status, failing.status) == (0, 1)
    scripts = re.findall(r"python3 (\S+\.py)", failing.stdout)
    assert scripts, failing.stdout
    written = [p for p in tmp_path.rglob("*") if p.is_file()] + [Path(s) for s in scripts]
    texts = [passing.output.encode(), failing.output.encode(), *(p.read_bytes() for p in written)]
    for content in texts:
        for secret in (CANARY, CANARY[:-1], SECOND_CANARY, SECOND_CANARY[:-1]):
            assert secret.encode() not in content, secret
        # The suite sends passwords pw-<hex>; the echo fault returns them. Even a cut-off
        # piece of one must not be written.
        assert not re.search(rb"pw-[0-9a-f]", content)
    assert os.environ.get("API_TOKEN") != CANARY


class _Finaliser:
    """Raises `error` from `__del__`, or signals this process there, where an exception cannot
    propagate and Python hands it to `sys.unraisablehook`."""

    def __init__(self, error: BaseException | None) -> None:
        self.error = error

    def __del__(self) -> None:
        if self.error is not None:
            raise self.error
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)  # the handler runs here, inside __del__


def test_a_signal_lost_in_a_finaliser_still_stops_the_run() -> None:
    """A signal's interrupt raised inside a finaliser is dropped by Python; the stop must hold
    anyway, at the next request or test, and no traceback may be printed for it."""
    handlers = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    hook = sys.unraisablehook
    reported: list[type[BaseException] | None] = []
    stopper = Stopper()
    try:
        stopper.install()
        sys.unraisablehook = stopper.quiet_unraisable(lambda u: reported.append(u.exc_type))
        _Finaliser(None)
        assert stopper.signal == signal.SIGINT
        _Finaliser(ValueError("not ours"))
        assert reported == [ValueError]  # only the interrupt is dropped
        with pytest.raises(KeyboardInterrupt):
            stopper.checkpoint()
        stopper.finishing()
        stopper.checkpoint()  # the cleanup's requests go out
    finally:
        sys.unraisablehook = hook
        signal.signal(signal.SIGINT, handlers[0])
        signal.signal(signal.SIGTERM, handlers[1])


def test_no_connection_test_names_a_host_that_could_exist(tmp_path: Path) -> None:
    """Fuzzing and the state machine make registries on real-looking hosts (docker.io, to
    satisfy a provider's rules): none of those is ever connection-tested, so the live service
    never logs in to a third party with the run's credentials. Only hosts under .invalid."""
    with running_mock(token=TOKEN, second_token=SECOND_TOKEN) as mock:
        outcome = run_against(
            mock.base_url, TOKEN, tmp_path, "--allow-writes", "--max-examples", "25",
            "--seed", "5", second_token=SECOND_TOKEN,
        )  # fmt: skip
        tested = mock.inspect("tested")
    assert outcome.status == 0, outcome.output
    assert tested, "no connection was tested at all"
    hosts = {urlsplit(url if "//" in url else f"//{url}").hostname or url for url in tested}
    assert all(host.endswith(".invalid") for host in hosts), hosts
