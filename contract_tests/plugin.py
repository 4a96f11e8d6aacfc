"""The pytest plugin: the suite's options, its shared fixtures, the summary and the reports.

`contract_tests/conftest.py` loads it, so `pytest contract_tests --base-url URL` works as
well as `python -m contract_tests`.
"""

from __future__ import annotations

import signal
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, core, settings

from contract_tests.cleanup import delete_created
from contract_tests.context import RunContext
from contract_tests.ledger import DEFAULT_LEDGER
from contract_tests.pacing import BudgetExhausted, parse_rate
from contract_tests.policy import READ_ONLY
from contract_tests.population import populate
from contract_tests.results import ResultBook
from contract_tests.settings import (
    LOCAL_MAX_EXAMPLES,
    REMOTE_MAX_EXAMPLES,
    REMOTE_MAX_REQUESTS,
    REMOTE_MAX_TIME,
    REMOTE_RATE,
    Settings,
    checked_base_url,
    is_local,
    new_run_id,
    new_seed,
    token_from_environment,
)
from contract_tests.verdicts import Verdicts
from contract_tests.violations import RunError, Violation

CONTEXT = pytest.StashKey[RunContext]()
BOOK = pytest.StashKey[ResultBook]()
WRITES_MARK = "writes"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup(
        "contract", "contract suite (token from API_TOKEN or PAPERSPACE_API_KEY)"
    )
    group.addoption("--base-url", help="server to certify, e.g. https://api.paperspace.com/v1")
    group.addoption("--allow-writes", action="store_true", help="send POST, PUT and DELETE")
    group.addoption("--max-examples", type=int, help="hypothesis examples per property")
    group.addoption("--seed", type=int, help="make the run repeatable")
    group.addoption("--fast", action="store_true", help="few examples and no shrinking")
    group.addoption("--report", help="write a Markdown report to this path")
    group.addoption("--report-json", help="write the outcomes as JSON to this path")
    group.addoption("--rate-limit", help="cap the request rate: N/s or N/m")
    group.addoption("--max-requests", type=int, help="stop sending after this many requests")
    group.addoption("--max-time", type=float, help="stop sending after this many seconds")
    group.addoption("--insecure", action="store_true", help="allow plain http to a remote host")
    group.addoption("--ledger", default=str(DEFAULT_LEDGER), help="where created ids are kept")
    group.addoption("--run-id", help="name this run's registries with this id")


def settings_from(config: pytest.Config) -> Settings:
    option = config.getoption
    url = option("--base-url")
    if not url:
        raise RunError("no server: pass --base-url URL (e.g. https://api.paperspace.com/v1)")
    base_url = checked_base_url(url, insecure=bool(option("--insecure")))
    local = is_local(base_url)
    rate = option("--rate-limit")
    max_examples = option("--max-examples")
    if max_examples is not None and max_examples < 1:
        raise RunError(f"--max-examples {max_examples}: give a positive number")
    return Settings(
        base_url=base_url,
        token=token_from_environment(),
        allow_writes=bool(option("--allow-writes")),
        max_examples=max_examples or (LOCAL_MAX_EXAMPLES if local else REMOTE_MAX_EXAMPLES),
        seed=option("--seed") if option("--seed") is not None else new_seed(),
        fast=bool(option("--fast")),
        rate=parse_rate(rate) if rate else (None if local else REMOTE_RATE),
        max_requests=option("--max-requests") or (None if local else REMOTE_MAX_REQUESTS),
        max_time=option("--max-time") or (None if local else REMOTE_MAX_TIME),
        ledger=Path(option("--ledger")),
        run_id=option("--run-id") or new_run_id(),
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{WRITES_MARK}(checks, operations): needs --allow-writes")
    if config.getoption("--help", default=False) or config.getoption("--base-url") is None:
        return
    try:
        run = settings_from(config)
    except RunError as error:
        raise pytest.UsageError(str(error)) from None
    config.stash[CONTEXT] = RunContext(run)
    config.stash[BOOK] = ResultBook(seed=run.seed, base_url=run.base_url)
    _load_hypothesis_profile(run)
    # SIGTERM ends the run the way Ctrl-C does, so the cleanup in sessionfinish still runs.
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _load_hypothesis_profile(run: Settings) -> None:
    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    if not run.fast:
        phases.append(Phase.shrink)
    settings.register_profile(
        "contract",
        max_examples=run.max_examples,
        deadline=None,
        database=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    settings.load_profile("contract")
    # The seed every hypothesis test of the run draws from, as --hypothesis-seed would set it.
    setattr(core, "global_force_seed", run.seed)  # noqa: B010 (hypothesis has no public setter)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CONTEXT not in config.stash:
        return
    if config.stash[CONTEXT].settings.allow_writes:
        return
    reason = READ_ONLY
    for item in items:
        mark = item.get_closest_marker(WRITES_MARK)
        if mark is None:
            continue
        item.add_marker(pytest.mark.skip(reason=reason))
        for check in mark.kwargs.get("checks", ()):
            for operation in mark.kwargs.get("operations", ("all",)):
                config.stash[BOOK].skipped(check, operation, reason)


@pytest.fixture(scope="session")
def run(request: pytest.FixtureRequest) -> RunContext:
    if CONTEXT not in request.config.stash:
        pytest.exit("pass --base-url URL to run the contract suite", returncode=2)
    return request.config.stash[CONTEXT]


@pytest.fixture(scope="session")
def book(request: pytest.FixtureRequest) -> ResultBook:
    return request.config.stash[BOOK]


@pytest.fixture(scope="session")
def population(run: RunContext) -> list[str]:
    """Registries the read checks look at (write mode creates them; cleanup deletes them)."""
    return populate(run)


@pytest.fixture
def verdicts(run: RunContext, book: ResultBook) -> Verdicts:
    return Verdicts(book, run.session())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[Any]
) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    error = call.excinfo.value if call.excinfo else None
    if isinstance(error, Violation) and BOOK in item.config.stash:
        # Violations raised inside the request layer (throttling) reach the book here.
        item.config.stash[BOOK].failed(error.finding)
    # Hypothesis may wrap a BudgetExhausted (e.g. as a flaky-strategy error): once the budget
    # has run out, any error that is not a violation is its consequence, not a finding.
    exhausted = item.config.stash[CONTEXT].pacer.exhausted if CONTEXT in item.config.stash else None
    if isinstance(error, BudgetExhausted) or (
        error is not None and exhausted and not isinstance(error, Violation)
    ):
        reason = str(error) if isinstance(error, BudgetExhausted) else str(exhausted)
        item.config.stash[BOOK].stopped = reason
        report.outcome = "skipped"
        report.longrepr = (str(item.path), None, f"Skipped: {reason}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if CONTEXT not in config.stash:
        return
    context, book = config.stash[CONTEXT], config.stash[BOOK]
    try:
        _record_throttling(context, book)
        remaining = delete_created(context)
        if remaining:
            left = len(remaining)
            print(f"\ncould not delete {left} registries; run `python -m contract_tests cleanup`")
    finally:
        _write_reports(config, book)


def _record_throttling(context: RunContext, book: ResultBook) -> None:
    if context.pacer.throttled_out is not None:
        return  # already a finding
    if context.pacer.throttled:
        book.passed("throttling_recovers", "all")
    else:
        book.skipped("throttling_recovers", "all", "the server never answered 429")


def _write_reports(config: pytest.Config, book: ResultBook) -> None:
    for option, render in (("--report", book.markdown), ("--report-json", book.as_json)):
        path = config.getoption(option)
        if path:
            book.write(Path(path), render())


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if BOOK not in config.stash:
        return
    book = config.stash[BOOK]
    terminalreporter.section("contract checks")
    terminalreporter.write_line(book.table())
    for finding in book.findings.values():
        terminalreporter.write_line("")
        terminalreporter.write_line(str(Violation(finding)))
        terminalreporter.write_line(f"  seed: {book.seed} (rerun with --seed {book.seed})")
    if book.stopped:
        terminalreporter.write_line(f"\nstopped early: {book.stopped}; the rest was skipped")
    terminalreporter.write_line(f"\nseed: {book.seed}")
