"""Against each fault of the mock's catalogue the suite fails, on the check that names it, at
the remote budget and with a single example.

The fault-to-check table is the check registry's (`Check.proven_by`): a fault without a check
that claims it, or a check claiming a fault the catalogue lacks, fails here. Each run judges
only the check that claims its fault (`--checks`), so it runs only the tests that send what that
check needs, and stops at its first failure (`--fail-fast`), which is the proof: the whole
suite is run against the clean mock elsewhere (`test_clean_mock.py`).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_tests.rules.registry import fault_table
from contract_tests.settings import REMOTE
from mock_server.faults import CATALOGUE

from .support import run_suite, seeded

EXPECTED_CHECK = fault_table()
NAMES = [fault.name for fault in CATALOGUE]


def test_the_registry_names_a_check_for_every_fault_and_no_other() -> None:
    assert set(EXPECTED_CHECK) == set(NAMES)


@pytest.mark.parametrize("examples", [REMOTE.max_examples, 1], ids=lambda n: f"{n} examples")
@pytest.mark.parametrize("fault", NAMES)
def test_the_fault_fails_its_own_check(fault: str, examples: int, tmp_path: Path) -> None:
    check = EXPECTED_CHECK[fault]
    # It stops at the check's first failure: that is the proof, and the rest would be cost.
    budget = ("--max-examples", str(examples), "--seed", "1", "--timeout", "3", "--fail-fast")
    outcome = run_suite(
        tmp_path,
        ["--fault", fault, *seeded(tmp_path)],
        "--allow-writes", *budget, "--checks", check.name,
    )  # fmt: skip
    assert outcome.status == 1 and check.name in outcome.failed_checks, (
        f"{fault} not caught by {check.name}: {outcome.failed_checks}\n{outcome.output[-3000:]}"
    )
