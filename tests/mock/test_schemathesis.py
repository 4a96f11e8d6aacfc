"""Plain schemathesis with all checks finds nothing in the mock but the documented refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_tests import baseline

from .support import mock_api, seed_registries, write_seed

EXAMPLES = 25
# A planted bug is found in the first few examples; the clean mock is held to the full budget.
BUG_EXAMPLES = 5


# The options that change what the mock answers and stay correct: no finding either.
CORRECT_VARIANTS = [
    (),
    ("--timestamp-style", "seconds-offset", "--error-extras", "--default-limit", "7"),
    ("--throttle-every", "5", "--retry-after", "1"),
]


@pytest.mark.parametrize("options", CORRECT_VARIANTS, ids=["default", "variants", "throttled"])
def test_all_checks_find_only_documented_refusals(tmp_path: Path, options: tuple[str, ...]) -> None:
    seed = write_seed(tmp_path / "seed.json", seed_registries(5))
    with mock_api("--seed-file", seed, *options) as api:
        findings = baseline.run(
            api.mock.base_url, api.mock.token, tmp_path, examples=EXAMPLES, seed=1
        )
    undocumented = [finding for finding in findings if not finding.documented]
    assert undocumented == []
    assert all(finding.status != 500 for finding in findings)


@pytest.mark.parametrize("fault", ["max-limit-500", "missing-field", "no-auth"])
def test_a_planted_bug_is_a_finding_it_reports(tmp_path: Path, fault: str) -> None:
    with mock_api("--fault", fault) as api:
        findings = baseline.run(
            api.mock.base_url, api.mock.token, tmp_path, examples=BUG_EXAMPLES, seed=1
        )
    assert [finding for finding in findings if not finding.documented]
