"""What a failing run says: one line per check, failures grouped by check and cause with a
count, the rule or prediction, what came back, a curl with $API_TOKEN and a replay script, the
seed, and the run's wall time and request count; prose within 100 columns, and what a person
copies (a curl line, a JSON body) never wrapped. The Markdown report adds the run's facts, the
per-operation matrix with the answers examined and the scripts folded in <details>; the JSON
report puts the verdict and exit code on top. No traceback or pytest banner anywhere."""

from __future__ import annotations

import hashlib
import re
import shlex
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from api_spec import SPEC
from contract_tests.version import version

from .support import FAST, WIDTH, Outcome, run_suite

COPYABLE = ("  seen:", "  came back:", "  reproduce:", "  replay:")

# The tests share one run of the suite (a module fixture): one worker runs them all.
pytestmark = pytest.mark.xdist_group("wrong-id-run")


def assert_readable(outcome: Outcome) -> None:
    lines = outcome.output.splitlines()
    # The line under a header for copying is whole, however long; every other line fits.
    copied = {i + 1 for i, line in enumerate(lines) if line in COPYABLE}
    wide = [line for i, line in enumerate(lines) if len(line) > WIDTH and i not in copied]
    assert not wide, f"lines wider than {WIDTH} columns: {wide[:3]}"
    for noise in ("Traceback", "--full-trace", "contract_tests/", "site-packages/"):
        assert noise not in outcome.output, noise


@pytest.fixture(scope="module")
def wrong_id(tmp_path_factory: pytest.TempPathFactory) -> tuple[Outcome, Path]:
    workdir = tmp_path_factory.mktemp("wrong-id")
    return run_suite(workdir, ["--fault", "get-wrong-id"], "--allow-writes", *FAST), workdir


def test_failure_report_says_what_broke_and_how_to_reproduce(
    wrong_id: tuple[Outcome, Path],
) -> None:
    outcome, workdir = wrong_id
    assert outcome.status == 1
    assert_readable(outcome)
    report = (workdir / "report.md").read_text()
    section = report.split("### `get_returns_requested_id`: a get returned another registry")[1]
    assert "- expected: an id names one registry" in section
    assert "- seen:\n\n```\nasked for" in section
    assert "- came back:\n\n```\nHTTP 200 OK; content-type: application/json; {" in section
    assert 'curl -H "Authorization: Bearer $API_TOKEN" -X GET' in section
    assert "- seed: `1`" in report
    assert "## By operation" in report  # the matrix lives in the report, not on the terminal
    assert "FAILED get_returns_requested_id: a get returned another registry" in outcome.stdout
    failures = ElementTree.parse(workdir / "junit.xml").getroot().iter("failure")
    assert any("get_returns_requested_id" in (f.get("message") or "") for f in failures)


def test_a_curl_line_is_never_wrapped_and_runs_as_copied(wrong_id: tuple[Outcome, Path]) -> None:
    outcome, _ = wrong_id
    lines = outcome.stdout.splitlines()
    curls = [lines[i + 1].strip() for i, line in enumerate(lines) if line == "  reproduce:"]
    assert curls, outcome.stdout
    for curl in curls:
        words = shlex.split(curl)  # balanced quotes: the whole command is on the line
        assert words[0] == "curl" and any(w.startswith("http://127.0.0.1") for w in words), curl


def test_the_reports_give_the_runs_facts(wrong_id: tuple[Outcome, Path]) -> None:
    outcome, workdir = wrong_id
    digest = hashlib.sha256(SPEC.path.read_bytes()).hexdigest()
    report = (workdir / "report.md").read_text()
    for fact in (f"`{digest}`", f"contract_tests {version()}", "- date: 20", "- server: `http"):
        assert fact in report, fact
    assert re.search(r"- verdict: \*\*failed\*\* \(exit 1\)", report)
    data = outcome.report
    assert (data["verdict"], data["exit_code"]) == ("failed", 1)
    assert data["spec_sha256"] == digest and data["version"] == version() and data["seed"] == 1
    assert set(data["cleanup"]) == {"created", "deleted", "left"}
    assert data["cleanup"]["created"] == data["cleanup"]["deleted"] > 0
    last = outcome.stdout.strip().splitlines()[-1]
    assert re.fullmatch(rf"took \d+\.\d s, {data['requests']} requests", last), last


def test_the_markdown_report_is_made_for_a_pull_request(wrong_id: tuple[Outcome, Path]) -> None:
    _, workdir = wrong_id
    report = (workdir / "report.md").read_text()
    assert "<details><summary>Replay script" in report and "</details>" in report
    # Each replay's own part: what it expects and sends, not the runtime every replay shares.
    assert "EXPECT = {" in report and "def steps(r: Replay)" in report
    assert "class Replay" not in report
    assert "all 6 operations" in report
    matrix = report.split("## By operation")[1]
    assert re.search(r"\| passed \(\d+\) \|", matrix) and re.search(r"\| failed \(\d+\) \|", matrix)


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


def test_a_server_that_takes_any_token_fails_only_the_auth_check(tmp_path: Path) -> None:
    """The answers to requests made with a wrong token on purpose are the auth checks' alone:
    their bodies are no findings of get or delete, and the auth finding has its own curl."""
    outcome = run_suite(tmp_path, ["--fault", "any-token"], "--allow-writes", *FAST)
    assert outcome.failed_checks == {"wrong_token_refused"}, outcome.output
    group = next(g for g in outcome.report["failures"] if g["check"] == "wrong_token_refused")
    assert "Authorization: Bearer" in group["example"]["curl"]
    assert (
        "$API_TOKEN" in group["example"]["curl"]
        or "contract-wrong-token" in group["example"]["curl"]
    )


def test_the_summary_counts_the_checks_that_ran(tmp_path: Path) -> None:
    outcome = run_suite(tmp_path, [], "--allow-writes", *FAST)
    assert outcome.status == 0
    assert_readable(outcome)
    tally = outcome.report["tally"]
    assert re.search(
        rf"\d+ checks, {tally['passed'] + tally['failed']} of them judged: {tally['passed']} "
        rf"passed, {tally['failed']} failed, {tally['not judged']} not judged",
        outcome.stdout,
    )
    assert re.search(r"deleted (\d+) of the \1 registries this run created", outcome.stdout)
    assert outcome.report["verdict"] == "conforms" and outcome.report["exit_code"] == 0


@pytest.mark.parametrize(
    ("fault", "check", "title", "came_back"),
    [
        ("crash-on-unicode", "not_a_server_error", "a 500 answer",
         'HTTP 500 Internal Server Error; content-type: application/json; {"code":'),
        ("throttle-forever", "throttling_recovers", "the server never stopped throttling",
         "HTTP 429 Too Many Requests; content-type: application/json; retry-after: "),
        ("hang-on-malformed-json", "answers_every_request", "no answer",
         "no answer within 2 s"),
    ],
    ids=["server error", "throttled", "no answer"],
)  # fmt: skip
def test_every_kind_of_failure_shows_what_came_back(
    fault: str, check: str, title: str, came_back: str, tmp_path: Path
) -> None:
    """In the terminal, the Markdown and the JSON report alike: the status line, the headers
    that matter and the body, or that no answer came; and a title that says what was seen."""
    outcome = run_suite(
        tmp_path, ["--fault", fault], "--allow-writes", *FAST, "--timeout", "2",
        "--checks", check, "--fail-fast",
    )  # fmt: skip
    assert check in outcome.failed_checks, outcome.output[-3000:]
    lines = outcome.stdout.splitlines()
    shown = [lines[i + 1].strip() for i, line in enumerate(lines) if line == "  came back:"]
    assert any(line.startswith(came_back) for line in shown), outcome.stdout[-3000:]
    assert f"FAILED {check}: {title}" in outcome.stdout
    assert f"- came back:\n\n```\n{came_back}" in (tmp_path / "report.md").read_text()
    failures = outcome.report["failures"]
    assert any(f["example"]["came_back"].startswith(came_back) for f in failures), failures
