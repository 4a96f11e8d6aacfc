"""The suite passes against the clean mock and against correct-but-different servers: the mock
with its options, and the reference server (written apart from the mock) with its own, each
with both teams' tokens; and on a clean write run every check that ran was judged on every
operation it names."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_server.testing import running_reference_server

from .support import FAST, SECOND_TOKEN, TOKEN, Outcome, run_against, run_suite

MOCK_VARIANTS = {
    "base-path": ["--base-path", "/api/v9"],
    "default-limit": ["--default-limit", "7"],
    "timestamps": ["--timestamp-style", "seconds-offset"],
    "error-extras": ["--error-extras"],
    "throttled": ["--throttle-every", "150", "--retry-after", "1"],
}
REFERENCE_VARIANTS = {
    "plain": ["--nodelay"],
    "strict-ids": ["--nodelay", "--strict-ids"],
    "test-connection-stub": ["--nodelay", "--test-connection-stub"],
}

# The tests share one run of the suite (a module fixture): one worker runs them all.
pytestmark = pytest.mark.xdist_group("clean-mock")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    """One write run against the clean mock, with both teams, at the local budget."""
    workdir = tmp_path_factory.mktemp("clean")
    return run_suite(workdir, [], "--allow-writes", "--max-examples", "10", "--seed", "11")


def test_the_clean_mock_passes(clean: Outcome) -> None:
    assert clean.status == 0, clean.output
    assert not clean.failed_checks


def test_every_check_that_ran_was_judged_on_every_operation_it_names(clean: Outcome) -> None:
    partial = {
        check["name"]: {op: cell["outcome"] for op, cell in check["operations"].items()}
        for check in clean.report["checks"]
        if check["outcome"] == "passed"
        and any(cell["examined"] == 0 for cell in check["operations"].values())
    }
    assert not partial, partial
    removes = clean.check("delete_removes")["operations"]
    assert len(removes) == 5 and all(cell["examined"] for cell in removes.values()), removes


@pytest.mark.parametrize("seed", ["22", "33"])
def test_the_clean_mock_passes_for_other_seeds(seed: str, tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, [], "--allow-writes", "--max-examples", "10", "--seed", seed)
    assert outcome.status == 0, outcome.output


@pytest.mark.parametrize("name", list(MOCK_VARIANTS))
def test_a_correct_but_different_mock_passes(name: str, tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, MOCK_VARIANTS[name], "--allow-writes", *FAST)
    assert outcome.status == 0, outcome.output
    if name == "throttled":  # its 429s were waited out: the check passed, not merely ran
        assert outcome.check("throttling_recovers")["outcome"] == "passed", outcome.output


@pytest.mark.parametrize("name", list(REFERENCE_VARIANTS))
def test_a_correct_server_written_apart_passes(name: str, tmp_path: Path) -> None:
    args = REFERENCE_VARIANTS[name]
    with running_reference_server(*args, token=TOKEN, second_token=SECOND_TOKEN) as server:
        outcome = run_against(
            server.base_url, TOKEN, tmp_path, "--allow-writes", *FAST, second_token=SECOND_TOKEN
        )
    assert outcome.status == 0, outcome.output
    assert outcome.check("other_team_cannot_write")["outcome"] == "passed", outcome.output
