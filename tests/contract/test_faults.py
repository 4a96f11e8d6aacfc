"""Against each fault of the mock's catalogue the suite fails, on the check that names it.

The fault-to-check table is the check registry's (`Check.proven_by`): a fault without a check
that claims it, or a check claiming a fault the catalogue lacks, fails here.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from contract_tests import checks  # noqa: F401 (registers the checks)
from contract_tests.registry import fault_table
from contract_tests.settings import REMOTE
from mock_server.faults import CATALOGUE

from .support import Outcome, run_suite

EXPECTED_CHECK = fault_table()
NAMES = [fault.name for fault in CATALOGUE]
WORKERS = 2
# The bug classes a property meets only by chance, which the suite's scenarios meet at once.
SCENARIO_FAULTS = [
    "cursor-offset", "update-moves-dtcreated", "update-refuses-unchanged", "list-shows-deleted",
    "list-timezone", "get-touches", "test-connection-touches", "clock-skew",
    "test-connection-always-succeeds", "echo-password-base64", "test-connection-leaks",
]  # fmt: skip


def test_the_registry_names_a_check_for_every_fault_and_no_other() -> None:
    assert set(EXPECTED_CHECK) == set(NAMES)


def caught(tmp_path: Path, names: list[str], examples: int) -> dict[str, list[str]]:
    """The faults not caught by their check at this budget (name: the checks that failed)."""

    def attempt(name: str) -> Outcome:
        budget = ("--max-examples", str(examples), "--seed", "1")
        return run_suite(tmp_path / name, ["--fault", name], "--allow-writes", *budget)

    with ThreadPoolExecutor(WORKERS) as pool:
        outcomes = dict(zip(names, pool.map(attempt, names), strict=True))
    return {
        name: sorted(outcome.failed_checks)
        for name, outcome in outcomes.items()
        if outcome.status != 1 or EXPECTED_CHECK[name] not in outcome.failed_checks
    }


def test_every_fault_is_caught_by_its_check_at_the_remote_budget(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missed = caught(tmp_path, NAMES, REMOTE.max_examples)
    with capsys.disabled():  # the score is the point of this test: show it in every run
        score = f"{len(NAMES) - len(missed)}/{len(NAMES)}"
        print(f"\nfault score at {REMOTE.max_examples} examples: {score}")
    assert not missed, f"faults not caught by their check (name: failed checks): {missed}"


def test_known_bug_classes_are_caught_at_one_example(tmp_path: Path) -> None:
    missed = caught(tmp_path, SCENARIO_FAULTS, 1)
    assert not missed, f"faults not caught at --max-examples 1: {missed}"
