"""Against each fault of the mock's catalogue the suite fails, on the check that names it, at
the remote budget and with a single example; and the replay script of that failure is a test:
run against the faulty mock it prints `reproduced` and exits 1, run against a clean mock it
prints `did not reproduce` and exits 0.

The fault-to-check table is the check registry's (`Check.proven_by`): a fault without a check
that claims it, or a check claiming a fault the catalogue lacks, fails here. Each run judges
only the check that claims its fault (`--checks`), so it runs only the tests that send what that
check needs, and stops at its first failure (`--fail-fast`), which is the proof: the whole
suite is run against the clean mock elsewhere (`test_clean_mock.py`).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_tests.rules.registry import fault_table
from contract_tests.settings import REMOTE
from mock_server.faults import CATALOGUE
from mock_server.testing import RunningMock, running_mock

from .support import SECOND_TOKEN, TOKEN, Outcome, run_against, run_suite, seeded, suite_env

EXPECTED_CHECK = fault_table()
NAMES = [fault.name for fault in CATALOGUE]
# Faults whose failure has no replay, and why: what shows it lives only within a run.
NO_REPLAY = {
    "throttle-forever": "a server that throttles forever has nothing to replay but the curl",
    "cursor-advances-on-read": "a cursor lives within a run",
    "cursor-case-insensitive": "a cursor lives within a run",
    "cursor-crosses-teams": "a cursor lives within a run",
    "default-sort-modified": "the order shows only with the run's registries as it left them",
}


def test_the_registry_names_a_check_for_every_fault_and_no_other() -> None:
    assert set(EXPECTED_CHECK) == set(NAMES)
    assert set(NO_REPLAY) <= set(NAMES)


def _budget(examples: int) -> tuple[str, ...]:
    # It stops at the check's first failure: that is the proof, and the rest would be cost.
    return ("--max-examples", str(examples), "--seed", "1", "--timeout", "3", "--fail-fast")


def _caught(fault: str, outcome: Outcome) -> None:
    check = EXPECTED_CHECK[fault].name
    assert outcome.status == 1 and check in outcome.failed_checks, (
        f"{fault} not caught by {check}: {outcome.failed_checks}\n{outcome.output[-3000:]}"
    )


@pytest.mark.parametrize("fault", NAMES)
def test_the_fault_fails_its_own_check_at_the_remote_budget(fault: str, tmp_path: Path) -> None:
    outcome = run_suite(
        tmp_path,
        ["--fault", fault, *seeded(tmp_path)],
        "--allow-writes", *_budget(REMOTE.max_examples), "--checks", EXPECTED_CHECK[fault].name,
    )  # fmt: skip
    _caught(fault, outcome)


@pytest.fixture(scope="module")
def clean_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningMock]:
    folder = tmp_path_factory.mktemp("clean")
    with running_mock(*seeded(folder), token=TOKEN, second_token=SECOND_TOKEN) as mock:
        yield mock


def replay(script: str, base_url: str) -> tuple[int, str]:
    """The script run as a person runs it, against `base_url`: its exit code and last line."""
    done = subprocess.run(
        [sys.executable, script, base_url], env=suite_env(TOKEN, SECOND_TOKEN),
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output[-3000:]
    return done.returncode, (output.strip().splitlines() or [""])[-1]


@pytest.mark.parametrize("fault", NAMES)
def test_one_example_fails_the_check_and_its_replay_reproduces_it(
    fault: str, tmp_path: Path, clean_mock: RunningMock
) -> None:
    check = EXPECTED_CHECK[fault].name
    with running_mock(
        "--fault", fault, *seeded(tmp_path), token=TOKEN, second_token=SECOND_TOKEN
    ) as mock:
        # A short window: a replay of a rule a lagging replica may break waits that long first.
        outcome = run_against(
            mock.base_url, TOKEN, tmp_path, "--allow-writes", *_budget(1), "--checks", check,
            "--consistency-window", "0.5", second_token=SECOND_TOKEN,
        )  # fmt: skip
        _caught(fault, outcome)
        failures = [f for f in outcome.report["failures"] if f["check"] == check]
        scripts = [f["replay_script"] for f in failures if f["replay_script"]]
        if fault in NO_REPLAY:
            return
        assert scripts, f"{fault}: no replay for {check}: {failures}"
        for script in scripts:
            status, line = replay(script, mock.base_url)
            assert (status, line.split(":")[0]) == (1, "reproduced"), f"{fault}: {line}"
    for script in scripts:
        status, line = replay(script, clean_mock.base_url)
        assert (status, line.split(":")[0]) == (0, "did not reproduce"), f"{fault}: {line}"
