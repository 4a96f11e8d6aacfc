"""The suite passes against the clean mock and against correct-but-different servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import FAST, run_suite

VARIANTS = {
    "base-path": ["--base-path", "/api/v9"],
    "default-limit": ["--default-limit", "7"],
    "timestamps": ["--timestamp-style", "seconds-offset"],
    "error-extras": ["--error-extras"],
    "throttled": ["--throttle-every", "150", "--retry-after", "1"],
}


@pytest.mark.parametrize("seed", ["11", "22", "33"])
def test_clean_mock_passes_for_several_seeds(seed: str, tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, [], "--allow-writes", "--max-examples", "10", "--seed", seed)
    assert outcome.status == 0, outcome.output
    assert not outcome.failed_checks


@pytest.mark.parametrize("name", list(VARIANTS))
def test_correct_but_different_server_passes(name: str, tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, VARIANTS[name], "--allow-writes", *FAST)
    assert outcome.status == 0, outcome.output


def test_throttled_server_is_waited_out_and_the_check_passes(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, VARIANTS["throttled"], "--allow-writes", *FAST)
    throttling = next(c for c in outcome.report["checks"] if c["name"] == "throttling_recovers")
    assert throttling["outcome"] == "passed", throttling
