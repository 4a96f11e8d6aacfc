"""`python -m contract_tests`: certify a server (`run`, the default), or delete what crashed runs
left (`cleanup`).

The arguments are parsed before anything heavy is imported, so `--help`, `--version` and every
mistake in them answer at once: one line saying what to fix, exit 2. Only then is the suite
loaded and run, under pytest, with the settings handed to its plugin (never parsed twice).
"""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from contract_tests.exits import CANNOT_RUN, CONFORMS, EXIT_CODES, FAILED
from contract_tests.options import (
    CLEANUP,
    OUTPUT,
    RUN,
    SELECTION,
    add_to_argparse,
    settings_from,
)
from contract_tests.settings import Settings
from contract_tests.version import version
from contract_tests.wire.errors import RunError

TOKENS = (
    "the token comes from the environment only: export API_TOKEN (or PAPERSPACE_API_KEY), "
    "and SECOND_API_TOKEN (or PAPERSPACE_SECOND_API_KEY) for a second team; never on the "
    "command line"
)
WIDTH = 88
# A Python without the project's dependencies: what to do instead, in one line.
MISSING = (
    "cannot start ({error}); run it with the project's environment: `make install`, then "
    ".venv/bin/contract-tests (or .venv/bin/python -m contract_tests)"
)
COMMANDS = (RUN, CLEANUP)


def program() -> str:
    """How the suite was started, as its help and errors name it."""
    return (
        "contract-tests"
        if Path(sys.argv[0]).name == "contract-tests"
        else ("python -m contract_tests")
    )


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments end with one line saying what to fix and exit 2, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(CANNOT_RUN, f"contract_tests: {message} (see --help)\n")


class RefuseSecret(argparse.Action):
    """`--token` and its kin: a secret on the command line lands in shell histories and
    process lists, so the suite never takes one there."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        parser.exit(CANNOT_RUN, f"contract_tests: {TOKENS}\n")


def _paragraph(text: str) -> str:
    return textwrap.fill(text, WIDTH)


def _command(sub: Any, name: str, usage: str, description: str) -> tuple[Any, dict[str, Any]]:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        usage=usage,
        help=description.split(".")[0],
        description=_paragraph(description + " " + TOKENS[0].upper() + TOKENS[1:] + "."),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    groups = add_to_argparse(parser, name)
    for flag in ("--token", "--api-key", "--second-token"):
        parser.add_argument(flag, nargs="?", action=RefuseSecret, help=argparse.SUPPRESS)
    return parser, groups


def parser() -> argparse.ArgumentParser:
    prog = program()
    top = OneLineParser(
        prog=prog,
        usage=f"{prog} [run | cleanup] --base-url URL [options]",
        description=_paragraph(
            "Certify a container-registries server against openapi.yaml (`run`, the default), "
            f"or delete what crashed runs left (`cleanup`). `{prog} run --help` lists the "
            "options of a run, by group, each with its default."
        ),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"contract_tests {version()}")
    sub = top.add_subparsers(
        dest="command", metavar="{run,cleanup}", parser_class=OneLineParser, prog=prog
    )
    _, groups = _command(
        sub,
        RUN,
        f"{prog} [run] --base-url URL [options]",
        "Run the contract suite against a server: every check, on every operation. Read-only "
        "unless --allow-writes; whatever it creates it deletes when it ends.",
    )
    groups[OUTPUT].add_argument("--junit-xml", type=Path, metavar="PATH",
                                help="write JUnit XML here")  # fmt: skip
    groups[OUTPUT].add_argument("-v", "--verbose", action="store_true",
                                help="pytest's own output as well")  # fmt: skip
    groups[SELECTION].add_argument("-k", dest="select", metavar="EXPR",
                                   help="run only the tests matching EXPR")  # fmt: skip
    _command(
        sub,
        CLEANUP,
        f"{prog} cleanup --base-url URL [options]",
        "Delete what crashed runs left on a server: every registry the ledger names and every "
        "registry named contract-test-..., with each team's token, and nothing else.",
    )
    return top


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The arguments; `run` when no command is named (`--base-url URL` alone runs the suite).
    A word where the command goes that is none gets the closest one."""
    arguments = list(argv)
    first = arguments[0] if arguments else ""
    if first and not first.startswith("-") and first not in COMMANDS:
        guess = difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.5)
        hint = f"did you mean {guess[0]!r}?" if guess else f"one of: {', '.join(COMMANDS)}"
        parser().error(f"unknown command {first!r}; {hint}")
    named = arguments[:1] in ([RUN], [CLEANUP])
    asks = any(flag in arguments for flag in ("-h", "--help", "--version"))
    if not named and not (asks and not arguments[1:2]):
        arguments.insert(0, RUN)
    return parser().parse_args(arguments)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = parse(sys.argv[1:] if argv is None else argv)
    except SystemExit as exit_:
        return CANNOT_RUN if exit_.code else CONFORMS
    try:
        settings = settings_from(vars(args))
        if args.command == CLEANUP:
            return cleanup(settings)
        return run(settings, args)
    except RunError as error:
        print(f"contract_tests: {error}", file=sys.stderr)
        return CANNOT_RUN


def run(settings: Settings, args: argparse.Namespace) -> int:
    try:
        import pytest

        from contract_tests.plugin import (
            PYTEST_STATUS,
            SUITE_ENVIRONMENT,
            SuitePlugin,
            suite_arguments,
        )
        from contract_tests.run import assemble
    except ImportError as error:
        raise RunError(MISSING.format(error=error)) from None
    # What the imports made lives as long as the run: the collector need not walk it again
    # and again while hypothesis makes and drops millions of objects.
    gc.freeze()
    plugin = SuitePlugin(assemble(settings))
    plugin.preflight()
    os.environ.update(SUITE_ENVIRONMENT)
    status = int(pytest.main(suite_arguments(args.select, args.verbose, args.junit_xml), [plugin]))
    if plugin.cannot_run is not None:
        print(f"contract_tests: {plugin.cannot_run}", file=sys.stderr)
        return CANNOT_RUN
    if plugin.verdict is not None:
        return plugin.verdict
    if status == pytest.ExitCode.NO_TESTS_COLLECTED:
        print("contract_tests: no test matched -k", file=sys.stderr)
    return PYTEST_STATUS.get(status, status)


def cleanup(settings: Settings) -> int:
    """Sweep what crashed runs left: the ledger's ids and every registry named with the prefix,
    with each team's token. Paced like a run; no budget applies, since a sweep must finish."""
    try:
        import requests

        from contract_tests.connect import wire_for
        from contract_tests.settings import NAME_PREFIX
        from contract_tests.wire.cleanup import sweep
    except ImportError as error:
        raise RunError(MISSING.format(error=error)) from None

    wire = wire_for(settings, allow_writes=True)
    try:
        deleted, remaining = sweep(wire, NAME_PREFIX)
    except (RunError, requests.RequestException) as error:
        print(f"contract_tests: cleanup stopped: {str(error).splitlines()[0]}", file=sys.stderr)
        return CANNOT_RUN
    finally:
        wire.close()
    print(f"deleted {len(deleted)} registries left by earlier runs")
    if remaining:
        print(f"could not delete {len(remaining)}: {', '.join(remaining)}", file=sys.stderr)
        return FAILED
    return CONFORMS
