"""The pytest adapter: the suite's options (from `options`), its fixtures, which tests a run
runs, and what a test's end means for the run; the preflight before the tests, and the end of
the run after them (`ending`).

`python -m contract_tests` parses the options itself and hands the assembled run to
`SuitePlugin`; `pytest contract_tests --base-url URL` gets the same options from pytest's parser
(`contract_tests/conftest.py` loads this module), and `pytest_configure` below assembles the run
from them. Either way the options are parsed once, and the same plugin runs the preflight.

A test only makes requests: the engine judges each answer as it comes, and a test fails if
findings were booked while it ran.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir

from contract_tests.ending import Ended, finish
from contract_tests.engine.client import Client
from contract_tests.engine.schema import SCHEMA
from contract_tests.engine.selection import declared, sends_needed
from contract_tests.exits import CANNOT_RUN, INTERRUPTED
from contract_tests.options import OPTIONS, RUN, add_to_pytest, settings_from
from contract_tests.record.results import ResultBook
from contract_tests.report.progress import Progress
from contract_tests.rules.violations import Violation
from contract_tests.run import Run, assemble
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker
from contract_tests.suite.population import populate
from contract_tests.wire.credentials import Team
from contract_tests.wire.errors import BudgetExhausted, RunError, StoppedAnswering, ThrottledForever
from contract_tests.wire.ledger import DEFAULT_LEDGER
from contract_tests.wire.policy import READ_ONLY
from contract_tests.wire.preflight import preflight

SUITE = Path(__file__).resolve().parent / "suite"
# Hypothesis keeps files (its Unicode tables) in `.hypothesis` under the working directory: the
# suite keeps them in the user's cache instead, so a run leaves nothing where it was started.
set_hypothesis_home_dir(DEFAULT_LEDGER.parent / "hypothesis")
NAME = "contract-suite"
WRITES, SENDS, SECOND_TEAM = "writes", "sends", "second_team"
NO_SECOND_TEAM = "no second team's token (set SECOND_API_TOKEN)"
# Cheap probes first, so a run that stops at its first failure stops soon; reads of what the
# run wrote after the writes: identity, then the malformed body.
MODULE_ORDER = (
    "test_auth", "test_near_misses", "test_pagination", "test_method_semantics",
    "test_hostile_bodies", "test_members", "test_operations", "test_scenarios", "test_lifecycle",
    "test_isolation", "test_identity", "test_malformed", "test_timestamps",
)  # fmt: skip
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
        # tests assert nothing themselves.
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
    config.addinivalue_line("markers", f"{SENDS}(*needs): the requests a test sends")
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


def _order(item: pytest.Item) -> int:
    module = _module(item)
    return MODULE_ORDER.index(module) if module in MODULE_ORDER else len(MODULE_ORDER)


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
        """With --checks, a module of the suite whose every test sends nothing its checks
        need is not collected at all (collecting the fuzzing tests alone builds their coverage
        cases: seconds)."""
        if not self.run.settings.checks or collection_path.parent != SUITE:
            return None
        if not collection_path.name.startswith("test_"):
            return None
        module = importlib.import_module(f"contract_tests.suite.{collection_path.stem}")
        marks = getattr(module, "pytestmark", [])
        sent = declared(marks if isinstance(marks, list) else [marks])
        if sent is None:
            return None
        return not sends_needed(sent, self.book.selected) or None

    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        items.sort(key=_order)
        book, chosen = self.book, self.run.settings
        if chosen.checks:
            unneeded = [i for i in items if not self._needed(i)]
            config.hook.pytest_deselected(items=unneeded)
            items[:] = [i for i in items if i not in unneeded]
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

    def _needed(self, item: pytest.Item) -> bool:
        closest = item.get_closest_marker(SENDS)
        sent = declared([closest]) if closest is not None else None
        return sent is None or sends_needed(sent, self.book.selected)

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

    @pytest.fixture(scope="session")
    def population(self) -> list[str]:
        """Registries the read checks look at (write mode creates them; cleanup deletes them)."""
        run = self.run
        return populate(run.client, run.marker, run.settings.run_id, run.settings.allow_writes)

    # --- during the tests ------------------------------------------------------------------

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        """A test fails if the engine booked findings while it ran."""
        before = self.book.total_findings
        result = yield
        new = self.book.total_findings - before
        if new:
            raise Violation(self.book.latest[-min(new, len(self.book.latest)) :])
        return result

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
        error = _cause(call.excinfo.value)
        if isinstance(error, Violation):
            if self.run.settings.fail_fast:
                item.session.shouldstop = "--fail-fast: a check failed"
            # Its findings are in the book: the report needs only their one line (pytest would
            # quote the source of each frame, a tenth of a second for every such test).
            return pytest.TestReport(
                item.nodeid, item.location, {name: 1 for name in item.keywords}, "failed",
                str(error), when, duration=call.duration, start=call.start,
                stop=call.stop, user_properties=item.user_properties,
            )  # fmt: skip
        report = pytest.TestReport.from_item_and_call(item, call)
        self._judge(item, error, report)
        return report

    def _judge(self, item: pytest.Item, error: BaseException, report: pytest.TestReport) -> None:
        pacer = self.run.wire.guards.pacer
        if isinstance(error, StoppedAnswering):
            self.book.stopped = str(error)
            item.session.shouldstop = str(error)
        elif isinstance(error, BudgetExhausted) or pacer.exhausted:
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
        elif not isinstance(error, pytest.skip.Exception | KeyboardInterrupt):
            first = (str(error).splitlines() or [""])[0]
            self.book.errors.append(f"{item.name}: {type(error).__name__}: {first}")

    # --- after the tests -------------------------------------------------------------------

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.cannot_run is not None:
            return
        options = session.config.getoption
        ended = Ended(
            interrupted=self.run.stopper.signal is not None,
            deselected=bool(options("-k") or options("-m")),
            finished=self._finished,
            tests=self._tests,
            started=self._started,
            clock=self._clock,
        )
        if self.progress is not None:
            self.progress.clear()
        self.verdict = session.exitstatus = finish(self.run, ended)


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
