"""`python -m contract_tests`: run the suite (pytest underneath) or sweep what a crashed run left.

Exit status: 0 the server conforms, 1 violations found, 2 the run could not be made.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

import pytest
import requests

from contract_tests.cleanup import sweep
from contract_tests.context import RunContext
from contract_tests.ledger import DEFAULT_LEDGER
from contract_tests.pacing import parse_rate
from contract_tests.settings import (
    REMOTE_RATE,
    Settings,
    checked_base_url,
    is_local,
    new_run_id,
    token_from_environment,
)
from contract_tests.violations import RunError, Violation

PACKAGE = Path(__file__).resolve().parent
CONFORMS, VIOLATIONS, CANNOT_RUN = 0, 1, 2
PASSTHROUGH = (
    "max_examples",
    "seed",
    "report",
    "report_json",
    "rate_limit",
    "max_requests",
    "max_time",
    "ledger",
    "run_id",
)


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments end with one line saying what to fix and exit 2, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"contract_tests: {message} (see --help)\n")


def parser() -> argparse.ArgumentParser:
    top = OneLineParser(
        prog="python -m contract_tests",
        description="Certify a container-registries server against openapi.yaml. "
        "The token comes from API_TOKEN or PAPERSPACE_API_KEY.",
    )
    top.add_argument("command", nargs="?", choices=["run", "cleanup"], default="run")
    top.add_argument("--base-url", required=True, help="e.g. https://api.paperspace.com/v1")
    top.add_argument("--allow-writes", action="store_true", help="send POST, PUT and DELETE")
    top.add_argument("--max-examples", type=int, help="hypothesis examples per property")
    top.add_argument("--seed", type=int, help="make the run repeatable")
    top.add_argument("--fast", action="store_true", help="no shrinking (quicker failures)")
    top.add_argument("--junit-xml", help="write JUnit XML here")
    top.add_argument("--report", help="write a Markdown report here")
    top.add_argument("--report-json", help="write the outcomes as JSON here")
    top.add_argument("--rate-limit", help="N/s or N/m")
    top.add_argument("--max-requests", type=int)
    top.add_argument("--max-time", type=float, help="seconds")
    top.add_argument("--insecure", action="store_true", help="allow http:// to a remote host")
    top.add_argument("--ledger", default=str(DEFAULT_LEDGER), help="where created ids are kept")
    top.add_argument("--run-id", help=argparse.SUPPRESS)
    top.add_argument("-k", dest="select", help="run only the tests matching this expression")
    top.add_argument("-v", "--verbose", action="store_true")
    return top


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return CANNOT_RUN if exit_.code else CONFORMS
    try:
        base_url = checked_base_url(args.base_url, insecure=args.insecure)
        token_from_environment()
        if args.rate_limit:
            parse_rate(args.rate_limit)
        reachable(base_url)
        if args.command == "cleanup":
            return cleanup(args, base_url)
    except RunError as error:
        print(f"contract_tests: {error}", file=sys.stderr)
        return CANNOT_RUN
    status = pytest.main(pytest_args(args, base_url))
    if status in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return int(status)
    if status == pytest.ExitCode.INTERRUPTED:
        return 130
    return CANNOT_RUN


def pytest_args(args: argparse.Namespace, base_url: str) -> list[str]:
    options = [
        str(PACKAGE),
        "--base-url",
        base_url,
        "-p",
        "no:cacheprovider",
        "--import-mode=importlib",
        "--rootdir",
        str(PACKAGE.parent),
        "-o",
        "addopts=",
        # Assertion rewriting would recompile every plugin module on each run (seconds); the
        # checks raise their own failures and need none of it.
        "--assert=plain",
        "-o",
        "testpaths=",
        "-q" if not args.verbose else "-v",
        "--tb=line" if not args.verbose else "--tb=short",
    ]
    for flag in ("allow_writes", "fast", "insecure"):
        if getattr(args, flag):
            options.append("--" + flag.replace("_", "-"))
    for name in PASSTHROUGH:
        value = getattr(args, name)
        if value is not None:
            options += ["--" + name.replace("_", "-"), str(value)]
    if args.junit_xml:
        options += ["--junitxml", args.junit_xml]
    if args.select:
        options += ["-k", args.select]
    return options


def reachable(base_url: str) -> None:
    try:
        requests.get(base_url + "/container-registries", timeout=10, params={"limit": 1})
    except requests.RequestException as error:
        raise RunError(
            f"cannot reach {base_url}: {type(error).__name__}; check --base-url"
        ) from None


def cleanup(args: argparse.Namespace, base_url: str) -> int:
    # The sweep is paced like a run: against a remote host it keeps to the conservative rate
    # unless --rate-limit says otherwise. Budgets do not apply: a sweep must finish.
    default_rate = None if is_local(base_url) else REMOTE_RATE
    rate = parse_rate(args.rate_limit) if args.rate_limit else default_rate
    settings = Settings(
        base_url=base_url,
        token=token_from_environment(),
        allow_writes=True,
        rate=rate,
        ledger=Path(args.ledger),
        run_id=args.run_id or new_run_id(),
    )
    try:
        deleted, remaining = sweep(RunContext(settings))
    except (Violation, requests.RequestException) as error:
        raise RunError(f"cleanup stopped: {str(error).splitlines()[0]}") from None
    print(f"deleted {len(deleted)} registries left by earlier runs")
    if remaining:
        print(f"could not delete {len(remaining)}: {', '.join(remaining)}", file=sys.stderr)
        return VIOLATIONS
    return CONFORMS
