"""Verdicts that hold on production servers: a server written apart from the mock that lags,
answers 503 through a gateway, draws ids from one sequence, recycles connections or counts
whole seconds passes, and says what the run learnt of it; a server that never catches up
still fails, after one window per cause; cleanup reads before it deletes, finds what the run
made wherever the server filed it, and deletes nothing else; the ledger compacts itself."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from contract_tests.wire.credentials import Team
from contract_tests.wire.ledger import Ledger, read_entries
from mock_server.testing import running_mock, running_reference_server
from tests import forks

from .support import FAST, SECOND_TOKEN, TOKEN, Outcome, run_against, run_suite, suite_env

PRODUCTION = {
    "lagging lists": ["--list-lag", "250"],
    "a gateway's 503s": ["--unavailable-every", "7", "--retry-after", "0"],
    "ids from one sequence": ["--sequential-ids", "--preexisting", "3"],
    "recycled connections": ["--close-every", "3"],
    "whole seconds": ["--whole-second-timestamps"],
}


def reference_run(tmp_path: Path, *server_args: str) -> Outcome:
    with running_reference_server(
        "--nodelay", *server_args, token=TOKEN, second_token=SECOND_TOKEN
    ) as server:
        return run_against(
            server.base_url, TOKEN, tmp_path, "--allow-writes", *FAST, second_token=SECOND_TOKEN
        )


@pytest.mark.parametrize("behaviour", list(PRODUCTION))
def test_a_production_behaviour_is_no_failure(behaviour: str, tmp_path: Path) -> None:
    outcome = reference_run(tmp_path, *PRODUCTION[behaviour])
    assert outcome.status == 0, outcome.output
    assert outcome.report["cleanup"]["left"] == 0, outcome.report["cleanup"]


def test_lag_is_a_fact_of_the_server_not_a_finding(tmp_path: Path) -> None:
    outcome = reference_run(tmp_path, "--list-lag", "300")
    assert outcome.status == 0, outcome.output
    lags = outcome.report["server"]["lags_ms"]
    assert 0 < lags["GET /container-registries"] < 2000, lags
    assert "GET /container-registries lagged writes by up to" in outcome.stdout


def test_a_server_without_lag_costs_no_read_again(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, [], "--allow-writes", *FAST)
    assert outcome.status == 0, outcome.output
    assert outcome.report["server"]["rereads"] == {}, outcome.report["server"]


def test_a_gateways_answers_are_retried_and_reported(tmp_path: Path) -> None:
    outcome = reference_run(tmp_path, "--unavailable-every", "5", "--retry-after", "0")
    assert outcome.status == 0, outcome.output
    transient = outcome.report["server"]["transient"]
    assert sum(transient.values()) > 5 and all(k.startswith("503 to ") for k in transient)
    reasons = {
        reason
        for check in outcome.report["checks"]
        for cell in check["operations"].values()
        for reason in cell["not_judged"]
    }
    assert any("to a create that made its registry (found by name)" in r for r in reasons)
    assert any("to a request that made nothing" in r for r in reasons)
    assert any("the first attempt deleted it" in r for r in reasons)


def test_a_list_that_never_catches_up_fails_after_one_window(tmp_path: Path) -> None:
    outcome = run_suite(
        tmp_path, ["--fault", "list-shows-deleted"], "--allow-writes", *FAST,
        "--checks", "delete_removes", "--consistency-window", "1",
    )  # fmt: skip
    assert outcome.status == 1 and "delete_removes" in outcome.failed_checks, outcome.output
    waited = outcome.report["server"]["outlasted"]
    assert waited == {"delete_removes: a deleted registry is still listed": 1}, waited
    example = next(f for f in outcome.report["failures"] if f["check"] == "delete_removes")
    assert any("read again for 1 s" in ruled for ruled in example["example"]["ruled_out"])


def cleanup(base_url: str, ledger: Path) -> int:
    argv = ["cleanup", "--base-url", base_url, "--ledger", str(ledger)]
    out = ledger.with_suffix(".out")
    env = suite_env(TOKEN, SECOND_TOKEN)
    return forks.run("contract_tests", argv, env, Path.cwd(), out, out)


def test_cleanup_deletes_nothing_an_old_ledger_names_that_is_not_the_runs(tmp_path: Path) -> None:
    """A server that reused ids: the ledger's id now names a user's registry. Cleanup reads it,
    sees a name without the runs' prefix, and leaves it."""
    with running_mock(token=TOKEN, second_token=SECOND_TOKEN) as mock:
        http = httpx.Client(base_url=mock.base_url, headers={"Authorization": f"Bearer {TOKEN}"})
        body = {"name": "users-own", "namespace": "n", "url": "ghcr.io", "username": "u",
                "password": "a-password"}  # fmt: skip
        theirs = http.post("/container-registries", json=body).json()["id"]
        ledger = Ledger(tmp_path / "ledger.jsonl", "old-run", mock.base_url)
        ledger.created(theirs, Team.FIRST)
        assert cleanup(mock.base_url, ledger.path) == 0
        assert http.get(f"/container-registries/{theirs}").status_code == 200


def test_cleanup_finds_what_the_run_made_wherever_the_server_filed_it(tmp_path: Path) -> None:
    """A registry the ledger says the first team made, that the server holds for the second:
    the second team's list shows it under the runs' prefix, and its token deletes it."""
    with running_mock(token=TOKEN, second_token=SECOND_TOKEN) as mock:
        second = httpx.Client(
            base_url=mock.base_url, headers={"Authorization": f"Bearer {SECOND_TOKEN}"}
        )
        body = {"name": "contract-test-feedbeef-1", "namespace": "n", "url": "ghcr.io",
                "username": "u", "password": "a-password"}  # fmt: skip
        made = second.post("/container-registries", json=body).json()["id"]
        ledger = Ledger(tmp_path / "ledger.jsonl", "feedbeef", mock.base_url)
        ledger.created(made, Team.FIRST)
        assert cleanup(mock.base_url, ledger.path) == 0
        assert second.get(f"/container-registries/{made}").status_code == 404
    assert ledger.outstanding() == []


def test_the_ledger_drops_only_what_was_seen_deleted(tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    mine, theirs = Ledger(path, "mine", "http://a/v1"), Ledger(path, "theirs", "http://a/v1")
    mine.created("r1")
    theirs.created("r2", Team.SECOND)
    mine.deleted("r1")
    mine.created("r3")
    assert mine.compact() == 2
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(e["id"], e["event"]) for e in lines] == [("r2", "created"), ("r3", "created")]
    assert theirs.outstanding() == [(Team.SECOND, "r2")]
    assert len(read_entries(path)) == 2 and not (tmp_path / "ledger.jsonl.compacting").exists()
