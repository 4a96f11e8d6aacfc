"""The pytest plugin: the suite's options (from `options`), its fixtures, and the run around the
tests: the preflight before them, and after them the cleanup, the reports, the summary and the
exit status.

`python -m contract_tests` parses the options itself and hands the assembled run to
`SuitePlugin`; `pytest contract_tests --base-url URL` gets the same options from pytest's parser
(`contract_tests/conftest.py` loads this module), and `pytest_configure` below assembles the run
from them. Either way the options are parsed once, and the same plugin runs the preflight.

Exit status: 0 the server conforms, 1 checks failed, 2 the run could not be made or finish
(nothing verified, the server stopped answering), 130 interrupted.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, Phase, settings

from contract_tests.options import OPTIONS, RUN, add_to_pytest, settings_from
from contract_tests.record.results import ResultBook
from contract_tests.record.verdicts import Verdicts
from contract_tests.report.facts import RunFacts
from contract_tests.report.machine import as_json
from contract_tests.report.markdown import markdown
from contract_tests.report.progress import Progress
from contract_tests.report.scripts import write_scripts
from contract_tests.report.summary import summary
from contract_tests.rules.registry import Check
from contract_tests.rules.requests import throttling_recovers
from contract_tests.rules.violations import Violation
from contract_tests.run import Run, assemble
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker
from contract_tests.suite.calls import Client
from contract_tests.suite.population import populate
from contract_tests.suite.schema import SCHEMA
from contract_tests.wire.cleanup import delete_created
from contract_tests.wire.credentials import Team
from contract_tests.wire.errors import BudgetExhausted, RunError, StoppedAnswering, ThrottledForever
from contract_tests.wire.policy import READ_ONLY
from contract_tests.wire.preflight import preflight
from contract_tests.wire.session import MAX_SILENT

SUITE = Path(__file__).resolve().parent / "suite"
NAME = "contract-suite"
WRITES, EXERCISES, SECOND_TEAM = "writes", "exercises", "second_team"
NO_SECOND_TEAM = "no second team's token (set SECOND_API_TOKEN)"
# Reads of what the run wrote come after the writes: identity, then the malformed body.
MODULE_ORDER = (
    "test_auth", "test_near_misses", "test_operations", "test_pagination", "test_scenarios",
    "test_lifecycle", "test_isolation", "test_identity", "test_malformed",
)  # fmt: skip
CONFORMS, FAILED, CANNOT_RUN, INTERRUPTED = 0, 1, 2, 130
# What pytest's own exit codes mean for a run.
PYTEST_STATUS: dict[int, int] = {
    pytest.ExitCode.INTERRUPTED: INTERRUPTED,
    pytest.ExitCode.NO_TESTS_COLLECTED: CANNOT_RUN,
    pytest.ExitCode.USAGE_ERROR: CANNOT_RUN,
    pytest.ExitCode.INTERNAL_ERROR: CANNOT_RUN,
}


def suite_arguments(select: str | None, verbose: bool, junit_xml: Path | None) -> list[str]:
    """pytest's own arguments for a run of the suite (its options are the plugin's)."""
    arguments = [
        str(SUITE),
        "-p", "no:cacheprovider",
        "--import-mode=importlib",
        "--rootdir", str(SUITE.parent.parent),
        "-o", "addopts=",
        "-o", "testpaths=",
        # Assertion rewriting would recompile every suite module on each run (seconds); the
        # checks return their own problems and need none of it.
        "--assert=plain",
        # Its cleanup collects garbage five times over (most of a second); the suite hooks
        # unraisable exceptions itself (`Stopper.quiet_unraisable`).
        "-p", "no:unraisableexception",
        # The two plugins the suite runs on, by name: whatever else is installed beside it
        # (`suite_environment` stops pytest from loading every plugin it can find).
        "-p", "_hypothesis_pytestplugin", "-p", "schemathesis.pytest.plugin",
    ]  # fmt: skip
    # The suite prints its own summary and progress; pytest's is only for -v.
    arguments += ["-v", "--tb=short"] if verbose else ["-p", "no:terminal"]
    if junit_xml is not None:
        arguments += ["--junitxml", str(junit_xml)]
    if select:
        arguments += ["-k", select]
    return arguments


# Set while the command line runs pytest: no plugin is loaded that the suite did not name.
SUITE_ENVIRONMENT = {"PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup(
        "contract", "contract suite (token from API_TOKEN or PAPERSPACE_API_KEY)"
    )
    add_to_pytest(group)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """`pytest contract_tests --base-url URL`: the run from pytest's options."""
    config.addinivalue_line("markers", f"{WRITES}: needs --allow-writes")
    config.addinivalue_line("markers", f"{EXERCISES}(*checks): the checks a test is there for")
    config.addinivalue_line("markers", f"{SECOND_TEAM}: needs a second team's token")
    if config.pluginmanager.has_plugin(NAME) or config.getoption("--help", default=False):
        return
    if config.getoption("--base-url", default=None) is None:
        return
    values = {o.dest: config.getoption(o.flag) for o in OPTIONS if RUN in o.commands}
    try:
        run = assemble(settings_from(values))
    except RunError as error:
        raise pytest.UsageError(str(error)) from None
    plugin = SuitePlugin(run)
    config.pluginmanager.register(plugin, NAME)
    plugin.pytest_configure(config)


def _module(item: pytest.Item) -> str:
    return item.path.stem if hasattr(item, "path") else ""


def _exercises(item: pytest.Item) -> set[Check[..., Any]]:
    return {check for marker in item.iter_markers(EXERCISES) for check in marker.args}


class SuitePlugin:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.cannot_run: str | None = None  # why the preflight refused the run
        self.verdict: int | None = None  # the exit status, once the run has ended
        self._started = datetime.now(UTC)
        self._clock = time.monotonic()
        self._tests = 0
        self._finished = 0
        self.progress: Progress | None = None
        self._preflown = False

    @property
    def book(self) -> ResultBook:
        return self.run.book

    # --- before the tests ------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_configure(self, config: pytest.Config) -> None:
        if self.run.stopper.signal is None:
            self.run.stopper.install()
        self._hypothesis(config)
        capture = config.pluginmanager.getplugin("capturemanager")
        uncaptured = capture.global_and_fixture_disabled if capture else contextlib.nullcontext
        if self.progress is None:
            self.progress = Progress(self.run.wire.guards.pacer, uncaptured=uncaptured)
            self.run.wire.guards.on_request = self.progress.request_sent
            config.pluginmanager.register(self.progress, "contract-progress")

    def _hypothesis(self, config: pytest.Config) -> None:
        chosen = self.run.settings
        phases = [Phase.explicit, Phase.reuse, Phase.generate]
        if not chosen.fast:
            phases.append(Phase.shrink)
        settings.register_profile(
            "contract",
            max_examples=chosen.max_examples,
            deadline=None,
            database=None,
            phases=phases,
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        settings.load_profile("contract")
        # The seed every hypothesis test of the run draws from: hypothesis's own pytest option,
        # read by its plugin after this hook; schemathesis seeds its tests from its config.
        config.option.hypothesis_seed = chosen.seed
        SCHEMA.config.seed = chosen.seed

    def preflight(self) -> None:
        """The URL and the tokens, checked before any test; RunError says what to fix. The
        command line calls it before it starts pytest (so a mistake is its one line); under
        pytest it runs as the session starts."""
        if not self._preflown:
            chosen = self.run.settings
            preflight(chosen.base_url, chosen.token, chosen.timeout, chosen.second_token)
            self._preflown = True

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        try:
            self.preflight()
        except RunError as error:
            self.cannot_run = str(error)
            pytest.exit(f"contract_tests: {error}", returncode=CANNOT_RUN)
        # After every plugin's pytest_configure: pytest's own sets a hook that would report a
        # signal's lost interrupt as a warning with a traceback.
        sys.unraisablehook = self.run.stopper.quiet_unraisable(sys.unraisablehook)

    def pytest_ignore_collect(self, collection_path: Path, config: pytest.Config) -> bool | None:
        """With --checks, a module of the suite that exercises none of them is not collected
        at all (collecting the fuzzing tests alone builds their coverage cases: seconds)."""
        if not self.run.settings.checks or collection_path.parent != SUITE:
            return None
        if not collection_path.name.startswith("test_"):
            return None
        module = importlib.import_module(f"contract_tests.suite.{collection_path.stem}")
        marks = getattr(module, "pytestmark", [])
        marks = marks if isinstance(marks, list) else [marks]
        exercised = {c for mark in marks if mark.name == EXERCISES for c in mark.args}
        return not exercised & self.book.selected or None

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        items.sort(
            key=lambda i: MODULE_ORDER.index(_module(i)) if _module(i) in MODULE_ORDER else 99
        )
        book, chosen = self.book, self.run.settings
        if chosen.checks:
            unselected = [i for i in items if not _exercises(i) & book.selected]
            config.hook.pytest_deselected(items=unselected)
            items[:] = [i for i in items if i not in unselected]
            book.skip([c for c in book.checks if c not in book.selected], "not selected (--checks)")
        if not chosen.allow_writes:
            for item in items:
                if item.get_closest_marker(WRITES) is not None:
                    item.add_marker(pytest.mark.skip(reason=READ_ONLY))
            for check in book.checks:
                for operation in check.operations:
                    if check.needs_writes or not operation.startswith("GET "):
                        book.skipped(check, operation, READ_ONLY)
        if Team.SECOND not in self.run.wire.teams:
            for item in items:
                if item.get_closest_marker(SECOND_TEAM) is not None:
                    item.add_marker(pytest.mark.skip(reason=NO_SECOND_TEAM))
            book.skip([c for c in book.checks if c.needs_second_team], NO_SECOND_TEAM)
        self._tests = len(items)

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.run.stopper.checkpoint()

    # --- fixtures --------------------------------------------------------------------------

    @pytest.fixture(scope="session")
    def client(self) -> Client:
        """Sends the suite's requests: each predicted, sent, judged."""
        return self.run.client

    @pytest.fixture(scope="session")
    def marker(self) -> Marker:
        """Marks what the run sends as its own: names, passwords, made-up ids."""
        return self.run.marker

    @pytest.fixture(scope="session")
    def run_settings(self) -> Settings:
        return self.run.settings

    @pytest.fixture
    def verdicts(self) -> Verdicts:
        """The verdicts of one test; `settle()` fails it when it found anything."""
        return Verdicts(self.run.observer)

    @pytest.fixture(scope="session")
    def population(self) -> list[str]:
        """Registries the read checks look at (write mode creates them; cleanup deletes them)."""
        run = self.run
        return populate(run.client, run.marker, run.settings.run_id, run.settings.allow_writes)

    # --- during the tests ------------------------------------------------------------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[Any]
    ) -> pytest.TestReport | None:
        """The report of a test, read as the run reads it: what stopped it decides whether it
        failed, was skipped (a spent budget), or ends the run (a silent server)."""
        when = call.when
        if when == "collect":
            return None
        if when == "call" or (when == "setup" and call.excinfo is not None):
            self._finished += 1
        if call.excinfo is None:
            return pytest.TestReport.from_item_and_call(item, call)
        if isinstance(call.excinfo.value, Violation):
            # Its findings are in the book: the report needs only their one line (pytest would
            # quote the source of each frame, a tenth of a second for every such test).
            return pytest.TestReport(
                item.nodeid, item.location, {name: 1 for name in item.keywords}, "failed",
                str(call.excinfo.value), when, duration=call.duration, start=call.start,
                stop=call.stop, user_properties=item.user_properties,
            )  # fmt: skip
        report = pytest.TestReport.from_item_and_call(item, call)
        self._judge(item, _cause(call.excinfo.value), report)
        return report

    def _judge(self, item: pytest.Item, error: BaseException, report: pytest.TestReport) -> None:
        pacer = self.run.wire.guards.pacer
        if isinstance(error, StoppedAnswering):
            self.book.stopped = str(error)
            item.session.shouldstop = str(error)
        elif isinstance(error, BudgetExhausted) or (
            pacer.exhausted and not isinstance(error, Violation)
        ):
            # Hypothesis may wrap it (as a flaky-strategy error): once the budget is spent, an
            # error that is not a finding is its consequence.
            self.book.stopped = pacer.exhausted or str(error)
            report.outcome = "skipped"
            report.longrepr = (
                str(item.path),
                item.location[1] or 0,
                f"Skipped: {self.book.stopped}",
            )
        elif isinstance(error, ThrottledForever) and pacer.throttled_out is not None:
            item.session.shouldstop = "the server never stopped throttling"
        elif isinstance(error, requests.RequestException):
            first = (str(error).splitlines() or [""])[0]
            self.book.errors.append(f"{item.name}: no answer: {type(error).__name__}: {first}")
        elif not isinstance(error, Violation | pytest.skip.Exception | KeyboardInterrupt):
            first = (str(error).splitlines() or [""])[0]
            self.book.errors.append(f"{item.name}: {type(error).__name__}: {first}")

    # --- after the tests -------------------------------------------------------------------

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.cannot_run is not None:
            return
        run, book = self.run, self.book
        # pytest says "interrupted" for a stop the suite asked for too: only a signal is one.
        interrupted = run.stopper.signal is not None
        self._throttling()
        self._clean_up(interrupted)
        if interrupted:
            book.interrupted = f"interrupted after {self._finished} of {self._tests} tests"
            book.not_reached("interrupted")
        if book.stopped:
            book.skip_unexamined(book.stopped)
        if session.config.getoption("-k") or session.config.getoption("-m"):
            book.skip_unexamined("not selected (-k)")
        self.verdict = session.exitstatus = self._status(interrupted)
        self._report()

    def _report(self) -> None:
        run, book = self.run, self.book
        chosen = run.settings
        assert self.verdict is not None
        facts = RunFacts(
            started=self._started,
            seconds=time.monotonic() - self._clock,
            requests=run.wire.guards.pacer.sent,
            exit_code=self.verdict,
        )
        scripts = write_scripts(book, chosen.name_prefix, chosen.rate, chosen.run_id)
        if chosen.report is not None:
            _write(chosen.report, markdown(book, scripts, facts))
        if chosen.report_json is not None:
            _write(chosen.report_json, as_json(book, facts))
        if self.progress is not None:
            self.progress.clear()
        print(summary(book, scripts, facts), flush=True)
        if self.verdict == CANNOT_RUN:
            print(f"contract_tests: {self._cannot_finish()}", file=sys.stderr)

    def _status(self, interrupted: bool) -> int:
        if interrupted:
            return INTERRUPTED
        if self.run.wire.guards.silent >= MAX_SILENT:
            return CANNOT_RUN
        if self.book.failed_checks:
            return FAILED
        if not self.book.verified_anything:
            return CANNOT_RUN
        return CONFORMS

    def _cannot_finish(self) -> str:
        if self.run.wire.guards.silent >= MAX_SILENT:
            return self.book.stopped or self.run.wire.guards.stopped_answering
        return "nothing was verified: every check was skipped or saw no answer"

    def _throttling(self) -> None:
        book, pacer = self.book, self.run.wire.guards.pacer
        if throttling_recovers not in book.selected:
            return
        problem = throttling_recovers(pacer.throttled_out)
        base = self.run.settings.base_path
        throttled = pacer.throttled_out
        if problem is not None and throttled is not None:
            operation = _label(throttled.method, throttled.path, base)
            book.failed(self.run.observer.finding(throttling_recovers, operation, problem))
        for method, path in pacer.recovered:
            book.passed(throttling_recovers, _label(method, path, base))
        for operation in throttling_recovers.operations:
            book.not_run(throttling_recovers, operation, "the server never answered 429")

    def _clean_up(self, interrupted: bool) -> None:
        run, book = self.run, self.book
        run.stopper.finishing()
        ledger = run.wire.guards.ledger
        try:
            deadline = run.stopper.time_left() if interrupted else None
            created, left = delete_created(run.wire, run.settings.name_prefix, deadline)
        except KeyboardInterrupt:  # a second signal: what is left stays in the ledger
            created = ledger.created_by_run()
            left = [registry for _, registry in ledger.outstanding()]
        finally:
            run.wire.close()
        book.created, book.deleted, book.left = len(created), len(created) - len(left), left


def _label(method: str, path: str, base_path: str) -> str:
    """The label of the operation a request went to, as schemathesis matches it."""
    operation = SCHEMA.find_operation_by_path(method, path.removeprefix(base_path) or "/")
    return str(operation.label) if operation is not None else f"{method} {path}"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


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
