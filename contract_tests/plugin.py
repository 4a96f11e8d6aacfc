"""The pytest plugin: the suite's options (from `options`), its fixtures, and the end of a run:
cleanup, the reports, the summary and the exit status.

`contract_tests/conftest.py` loads it, so `pytest contract_tests --base-url URL` works as well
as `python -m contract_tests`. Exit status: 0 the server conforms, 1 checks failed, 2 the run
could not be made or finish (nothing verified, the server stopped answering), 130 interrupted.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Generator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, Phase, core, settings

from contract_tests import (
    checks,  # noqa: F401 (registers the checks)
    report,
)
from contract_tests.api import SCHEMA, operation_for
from contract_tests.cleanup import delete_created
from contract_tests.context import RunContext
from contract_tests.options import OPTIONS, add_to_pytest, settings_from
from contract_tests.pacing import BudgetExhausted
from contract_tests.policy import READ_ONLY
from contract_tests.population import populate
from contract_tests.progress import Progress
from contract_tests.registry import CHECKS
from contract_tests.session import MAX_SILENT, ThrottledForever
from contract_tests.violations import RunError, StoppedAnswering, Violation

CONTEXT = pytest.StashKey[RunContext]()
WRITES_MARK = "writes"
# Reads of what the run wrote come after the writes: identity, then the malformed body.
MODULE_ORDER = (
    "test_auth", "test_operations", "test_pagination", "test_scenarios", "test_lifecycle",
    "test_identity", "test_malformed",
)  # fmt: skip
CONFORMS, FAILED, CANNOT_RUN, INTERRUPTED = 0, 1, 2, 130
# The exit status of the last run in this process: `python -m contract_tests` reads it, since
# pytest's own codes overlap these (its 2 means interrupted).
VERDICT: int | None = None


def pytest_addoption(parser: pytest.Parser) -> None:
    add_to_pytest(
        parser.getgroup("contract", "contract suite (token from API_TOKEN or PAPERSPACE_API_KEY)")
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{WRITES_MARK}: needs --allow-writes")
    if config.getoption("--help", default=False) or config.getoption("--base-url") is None:
        return
    values = {option.dest: config.getoption(option.flag) for option in OPTIONS}
    try:
        run = RunContext(settings_from(values))
    except RunError as error:
        raise pytest.UsageError(str(error)) from None
    config.stash[CONTEXT] = run
    run.stopper.install()
    _load_hypothesis_profile(run)
    capture = config.pluginmanager.getplugin("capturemanager")
    uncaptured = capture.global_and_fixture_disabled if capture else contextlib.nullcontext
    progress = Progress(run.pacer, uncaptured=uncaptured)
    run.guards.on_request = progress.request_sent
    config.pluginmanager.register(progress, "contract-progress")


def _load_hypothesis_profile(run: RunContext) -> None:
    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    if not run.settings.fast:
        phases.append(Phase.shrink)
    settings.register_profile(
        "contract",
        max_examples=run.settings.max_examples,
        deadline=None,
        database=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    settings.load_profile("contract")
    # The seed every hypothesis test of the run draws from, as --hypothesis-seed would set it;
    # schemathesis seeds its own tests from its config, which would otherwise pick one at random.
    setattr(core, "global_force_seed", run.settings.seed)  # noqa: B010 (no public setter)
    SCHEMA.config.seed = run.settings.seed


def _module(item: pytest.Item) -> str:
    return item.path.stem if hasattr(item, "path") else ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    items.sort(
        key=lambda item: MODULE_ORDER.index(_module(item)) if _module(item) in MODULE_ORDER else 99
    )
    if CONTEXT not in config.stash or config.stash[CONTEXT].settings.allow_writes:
        return
    for item in items:
        if item.get_closest_marker(WRITES_MARK) is not None:
            item.add_marker(pytest.mark.skip(reason=READ_ONLY))
    book = config.stash[CONTEXT].book
    for check in CHECKS.values():
        for operation in check.operations:
            if check.needs_writes or not operation.startswith("GET "):
                book.skipped(check.name, operation, READ_ONLY)


def pytest_sessionstart(session: pytest.Session) -> None:
    # After every plugin's pytest_configure: pytest's own sets a hook that would report a
    # signal's lost interrupt as a warning with a traceback.
    if CONTEXT in session.config.stash:
        stopper = session.config.stash[CONTEXT].stopper
        sys.unraisablehook = stopper.quiet_unraisable(sys.unraisablehook)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if CONTEXT in item.config.stash:
        item.config.stash[CONTEXT].stopper.checkpoint()


@pytest.fixture(scope="session")
def run(request: pytest.FixtureRequest) -> RunContext:
    if CONTEXT not in request.config.stash:
        pytest.exit("pass --base-url URL to run the contract suite", returncode=CANNOT_RUN)
    return request.config.stash[CONTEXT]


@pytest.fixture(scope="session")
def population(run: RunContext) -> list[str]:
    """Registries the read checks look at (write mode creates them; cleanup deletes them)."""
    return populate(run)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[Any]
) -> Generator[None, Any, None]:
    outcome = yield
    report_ = outcome.get_result()
    if CONTEXT not in item.config.stash or call.excinfo is None:
        return
    run, error = item.config.stash[CONTEXT], _cause(call.excinfo.value)
    if isinstance(error, StoppedAnswering):
        run.book.stopped = str(error)
        item.session.shouldstop = str(error)
    elif isinstance(error, BudgetExhausted) or (
        run.pacer.exhausted and not isinstance(error, Violation)
    ):
        # Hypothesis may wrap it (as a flaky-strategy error): once the budget is spent, an
        # error that is not a finding is its consequence.
        run.book.stopped = run.pacer.exhausted or str(error)
        report_.outcome = "skipped"
        report_.longrepr = (str(item.path), None, f"Skipped: {run.book.stopped}")
    elif isinstance(error, ThrottledForever) and run.pacer.throttled_out is not None:
        item.session.shouldstop = "the server never stopped throttling"
    elif isinstance(error, requests.RequestException):
        request = getattr(error, "request", None)
        operation = operation_for(getattr(request, "method", ""), getattr(request, "url", ""))
        cause = f"no answer: {type(error).__name__}"
        run.book.failed(run.observer.finding("answers_every_request", operation, cause, str(error)))
    elif not isinstance(error, Violation | pytest.skip.Exception | KeyboardInterrupt):
        first_line = (str(error).splitlines() or [""])[0]
        run.book.errors.append(f"{item.name}: {type(error).__name__}: {first_line}")


def _cause(error: BaseException) -> BaseException:
    """What stopped a test: hypothesis may group the errors of several examples; one that
    ends the run wins over findings, and findings over anything else."""
    if not isinstance(error, BaseExceptionGroup):
        return error
    leaves = [_cause(inner) for inner in error.exceptions]
    for kind in (StoppedAnswering, ThrottledForever, BudgetExhausted, Violation):
        for leaf in leaves:
            if isinstance(leaf, kind):
                return leaf
    return leaves[0] if leaves else error


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    if CONTEXT not in config.stash:
        return
    run = config.stash[CONTEXT]
    # pytest says "interrupted" for a stop the suite asked for too: only a signal is one.
    interrupted = run.stopper.signal is not None
    _record_throttling(run)
    _clean_up(run, interrupted)
    if run.book.stopped:
        run.book.skip_unexamined(run.book.stopped)
    if config.getoption("-k") or config.getoption("-m"):
        run.book.skip_unexamined("not selected (-k)")
    scripts = report.write_scripts(run.book, run.settings)
    for path, render in ((run.settings.report, report.markdown), (run.settings.report_json, None)):
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            text = render(run.book, scripts) if render else report.as_json(run.book)
            path.write_text(text, encoding="utf-8")
    progress = config.pluginmanager.get_plugin("contract-progress")
    if isinstance(progress, Progress):
        progress.clear()
    print(report.summary(run.book, scripts), flush=True)
    global VERDICT
    VERDICT = session.exitstatus = _status(run, interrupted)


def _status(run: RunContext, interrupted: bool) -> int:
    if interrupted:
        return INTERRUPTED
    if run.guards.silent >= MAX_SILENT:
        print(f"contract_tests: {run.book.stopped}", file=sys.stderr)
        return CANNOT_RUN
    if run.book.failed_checks:
        return FAILED
    if not run.book.verified_anything:
        print(
            "contract_tests: nothing was verified: every check was skipped or saw no answer",
            file=sys.stderr,
        )
        return CANNOT_RUN
    return CONFORMS


def _record_throttling(run: RunContext) -> None:
    if run.pacer.throttled_out is not None:
        run.book.failed(run.pacer.throttled_out)
    for operation in run.pacer.recovered:
        run.book.passed("throttling_recovers", operation)
    for operation in CHECKS["throttling_recovers"].operations:
        run.book.not_run("throttling_recovers", operation, "the server never answered 429")


def _clean_up(run: RunContext, interrupted: bool) -> None:
    run.stopper.finishing()
    try:
        created, left = delete_created(run, run.stopper.time_left() if interrupted else None)
    except KeyboardInterrupt:  # a second signal: what is left stays in the ledger
        created, left = run.ledger.created_by_run(), run.ledger.outstanding()
    finally:
        run.close()
    if not created and not left:
        return
    line = f"deleted {len(created) - len(left)} of the {len(created)} registries this run created"
    if left:
        line += (
            f"; {len(left)} left ({', '.join(left[:5])}): run `python -m contract_tests cleanup "
            f"--base-url {run.settings.base_url}`"
        )
    run.book.cleanup = line
