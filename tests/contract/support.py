"""Running the real suite, as a subprocess, against a real server on a free loopback port."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mock_server.testing import running_mock, seed_registries, write_seed
from tests import forks

ROOT = Path(__file__).resolve().parents[2]
# The profile for runs that prove the suite: few examples, no shrinking.
FAST = ["--fast", "--max-examples", "5", "--seed", "1"]
# The widest line of prose the suite's summary may print (a curl or JSON body is never cut).
WIDTH = 100
# Long enough to be redacted wherever it appears (a real key is far longer).
TOKEN = "suite-test-token-first"
SECOND_TOKEN = "suite-test-token-second"
# Registries a user already has, the run must leave alone: older than the run by months.
USERS_OWN = 6


@dataclass(frozen=True)
class Outcome:
    status: int
    output: str  # stdout then stderr
    stdout: str
    report: dict[str, Any]

    @property
    def failed_checks(self) -> set[str]:
        return set(self.report.get("failed_checks", []))

    def check(self, name: str) -> dict[str, Any]:
        found: dict[str, Any] = next(c for c in self.report["checks"] if c["name"] == name)
        return found


def suite_command(base_url: str, workdir: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "contract_tests",
        "--base-url",
        base_url,
        "--report-json",
        str(workdir / "report.json"),
        "--report",
        str(workdir / "report.md"),
        "--junit-xml",
        str(workdir / "junit.xml"),
        "--ledger",
        str(workdir / "ledger.jsonl"),
        *args,
    ]


def suite_env(token: str, second_token: str | None = None) -> dict[str, str]:
    names = ("API_TOKEN", "PAPERSPACE_API_KEY", "SECOND_API_TOKEN", "PAPERSPACE_SECOND_API_KEY")
    clean = {k: v for k, v in os.environ.items() if k not in names}
    env = {**clean, "API_TOKEN": token, "PYTHONPATH": str(ROOT)}
    return env if second_token is None else {**env, "SECOND_API_TOKEN": second_token}


def run_against(
    base_url: str, token: str, workdir: Path, *args: str, second_token: str | None = None
) -> Outcome:
    """The suite against a server already running (forked from a process that has imported
    it: `tests.forks`)."""
    workdir.mkdir(parents=True, exist_ok=True)
    argv = suite_command(base_url, workdir, *args)[3:]  # past `python -m contract_tests`
    out, err = workdir / "stdout.txt", workdir / "stderr.txt"
    env = suite_env(token, second_token)
    status = forks.run("contract_tests", argv, env, ROOT, out, err)
    report_path = workdir / "report.json"
    report = json.loads(report_path.read_text()) if report_path.exists() else {}
    stdout = out.read_text(errors="replace")
    return Outcome(status, stdout + err.read_text(errors="replace"), stdout, report)


def seeded(workdir: Path) -> list[str]:
    """The mock's arguments for a team that already holds USERS_OWN registries."""
    workdir.mkdir(parents=True, exist_ok=True)
    return ["--seed-file", write_seed(workdir / "seed.json", seed_registries(USERS_OWN, "users"))]


def run_suite(
    workdir: Path,
    mock_args: list[str],
    *args: str,
    token: str = TOKEN,
    second_token: str | None = SECOND_TOKEN,
) -> Outcome:
    """The suite against a fresh mock started with `mock_args`, with both teams' tokens unless
    `second_token` is None."""
    with running_mock(*mock_args, token=token, second_token=second_token) as mock:
        return run_against(mock.base_url, token, workdir, *args, second_token=second_token)
