"""`python -m contract_tests`: certify a server (pytest underneath), or sweep what a crashed run
left. Before any test, the settings and the server are checked, so a mistake is one line.

Exit status: 0 the server conforms, 1 checks failed, 2 the run could not be made, 130
interrupted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest
import requests

from contract_tests import plugin
from contract_tests.options import add_to_argparse, as_arguments, settings_from
from contract_tests.preflight import preflight
from contract_tests.violations import RunError

PACKAGE = Path(__file__).resolve().parent
CONFORMS, VIOLATIONS, CANNOT_RUN, INTERRUPTED = 0, 1, 2, 130
# What pytest's own exit codes mean for a run.
PYTEST_STATUS: dict[int, int] = {
    pytest.ExitCode.INTERRUPTED: INTERRUPTED,
    pytest.ExitCode.NO_TESTS_COLLECTED: CANNOT_RUN,
    pytest.ExitCode.USAGE_ERROR: CANNOT_RUN,
    pytest.ExitCode.INTERNAL_ERROR: CANNOT_RUN,
}


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments end with one line saying what to fix and exit 2, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(CANNOT_RUN, f"contract_tests: {message} (see --help)\n")


def parser() -> argparse.ArgumentParser:
    top = OneLineParser(
        prog="python -m contract_tests",
        description="Certify a container-registries server against openapi.yaml. "
        "The token comes from API_TOKEN or PAPERSPACE_API_KEY, never from the command line.",
    )
    top.add_argument("command", nargs="?", choices=["run", "cleanup"], default="run")
    add_to_argparse(top)
    top.add_argument("--junit-xml", type=Path, metavar="PATH", help="write JUnit XML here")
    top.add_argument("-k", dest="select", metavar="EXPR", help="run only the tests matching EXPR")
    top.add_argument("-v", "--verbose", action="store_true", help="pytest's own output as well")
    return top


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return CANNOT_RUN if exit_.code else CONFORMS
    values = vars(args)
    try:
        settings = settings_from(values)
        if args.command == "cleanup":
            return cleanup(settings)
        preflight(settings)
    except RunError as error:
        print(f"contract_tests: {error}", file=sys.stderr)
        return CANNOT_RUN
    status = int(pytest.main(pytest_args(args, values)))
    if plugin.VERDICT is not None:
        return plugin.VERDICT
    if status == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("contract_tests: no test matched -k", file=sys.stderr)
    return PYTEST_STATUS.get(status, status)


def pytest_args(args: argparse.Namespace, values: dict[str, Any]) -> list[str]:
    options = [
        str(PACKAGE),
        *as_arguments(values),
        "-p", "no:cacheprovider",
        "--import-mode=importlib",
        "--rootdir", str(PACKAGE.parent),
        "-o", "addopts=",
        "-o", "testpaths=",
        # Assertion rewriting would recompile every plugin module on each run (seconds); the
        # checks raise their own failures and need none of it.
        "--assert=plain",
    ]  # fmt: skip
    # The suite prints its own summary and progress; pytest's is only for -v.
    options += ["-v", "--tb=short"] if args.verbose else ["-p", "no:terminal"]
    if args.junit_xml:
        options += ["--junitxml", str(args.junit_xml)]
    if args.select:
        options += ["-k", args.select]
    return options


def cleanup(settings: Any) -> int:
    """Sweep what crashed runs left: the ledger's ids and every registry named with the prefix.

    Paced like a run (2 requests/s against a remote host, or --rate-limit); no budget applies,
    since a sweep must finish.
    """
    from dataclasses import replace

    from contract_tests.cleanup import sweep
    from contract_tests.context import RunContext

    run = RunContext(replace(settings, allow_writes=True, max_requests=None, max_time=None))
    try:
        deleted, remaining = sweep(run)
    except (RunError, requests.RequestException) as error:
        print(f"contract_tests: cleanup stopped: {str(error).splitlines()[0]}", file=sys.stderr)
        return CANNOT_RUN
    print(f"deleted {len(deleted)} registries left by earlier runs")
    if remaining:
        print(f"could not delete {len(remaining)}: {', '.join(remaining)}", file=sys.stderr)
        return VIOLATIONS
    return CONFORMS
