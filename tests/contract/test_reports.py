"""What a failing run says: one line per check within 100 columns, failures grouped by check
and cause with a count, the rule and what came back, a curl with $API_TOKEN, the seed; the
Markdown report adds the per-operation matrix; no traceback or pytest banner anywhere."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from .support import FAST, WIDTH, Outcome, run_suite


def assert_readable(outcome: Outcome) -> None:
    wide = [line for line in outcome.output.splitlines() if len(line) > WIDTH]
    assert not wide, f"lines wider than {WIDTH} columns: {wide[:3]}"
    for noise in ("Traceback", "--full-trace", "contract_tests/", "site-packages/"):
        assert noise not in outcome.output, noise


def test_failure_report_says_what_broke_and_how_to_reproduce(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, ["--fault", "get-wrong-id"], "--allow-writes", *FAST)
    assert outcome.status == 1
    assert_readable(outcome)
    report = (tmp_path / "report.md").read_text()
    section = report.split("### `get_returns_requested_id`: a get returned another registry")[1]
    assert "- expected: an id names one registry" in section
    assert "- received: asked for" in section
    assert 'curl -H "Authorization: Bearer $API_TOKEN" -X GET' in section
    assert "- seed: `1`" in report
    assert "## By operation" in report  # the matrix lives in the report, not on the terminal
    assert "FAILED get_returns_requested_id: a get returned another registry" in outcome.stdout
    failures = ElementTree.parse(tmp_path / "junit.xml").getroot().iter("failure")
    assert any("get_returns_requested_id" in (f.get("message") or "") for f in failures)


def test_one_cause_is_one_group_with_a_count(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, ["--fault", "error-missing-code"], "--allow-writes", *FAST)
    assert outcome.status == 1
    assert_readable(outcome)
    groups = [g for g in outcome.report["failures"] if g["check"] == "error_shape"]
    assert len(groups) == 1 and groups[0]["count"] > 10, groups
    assert outcome.stdout.count("FAILED error_shape:") == 1
    assert re.search(r"\d+ answers on .*; e\.g\. ", outcome.stdout)
    # The summary is one line per check, and it fits the terminal.
    assert outcome.stdout.count(" error_shape ") == 1


def test_the_summary_counts_the_checks_that_ran(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, [], "--allow-writes", *FAST)
    assert outcome.status == 0
    assert_readable(outcome)
    tally = outcome.report["tally"]
    assert re.search(
        rf"\d+ checks, {tally['passed'] + tally['failed']} of them ran", outcome.stdout
    )
    assert "deleted 1" not in outcome.stdout or "registries this run created" in outcome.stdout
    assert re.search(r"deleted (\d+) of the \1 registries this run created", outcome.stdout)
