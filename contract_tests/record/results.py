"""The book of a run: each check on each operation it is judged on, with one of four outcomes,
and the facts of the server the run learnt on the way.

- failed: with every finding, grouped by cause for the reports;
- passed: only when the check judged at least one thing it applies to and the rule held;
- not judged: nothing it applies to could be judged, with the reason (every answer it applies
  to was a 5xx, none came, the server never throttled, the run was interrupted...);
- skipped: deliberately not run, with the reason (a read-only run, a spent budget, not
  selected, no second team's token).

A check that judged nothing never reads as passed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from contract_tests.rules.registry import CHECKS, Check
from contract_tests.rules.violations import Finding

PASSED, FAILED, NOT_JUDGED, SKIPPED = "passed", "failed", "not judged", "skipped"
OUTCOMES = (FAILED, PASSED, NOT_JUDGED, SKIPPED)
NOTHING_SEEN = "nothing it judges was seen"
# Findings kept per cell: the count goes on, the examples stop (memory stays bounded).
KEPT_PER_CELL = 20
AnyCheck = Check[Any]


@dataclass
class Cell:
    """One check on one operation."""

    passed: int = 0
    violations: int = 0
    findings: list[Finding] = field(default_factory=list)
    not_judged: Counter[str] = field(default_factory=Counter)  # why, how many times
    skipped: str | None = None
    stopped: str | None = None  # the run ended before it judged anything here (a signal)

    @property
    def examined(self) -> int:
        """What the check judged here: its passes and its failures."""
        return self.passed + self.violations


@dataclass(frozen=True)
class Group:
    """Findings of one check with one cause: how many, where, and one example."""

    check: AnyCheck
    cause: str
    count: int
    operations: tuple[str, ...]
    example: Finding


@dataclass
class ServerFacts:
    """What the run learnt of the server, as facts rather than findings: how far its reads
    lagged its writes (seconds, per operation), and the gateway answers a retry got past."""

    lags: dict[str, float] = field(default_factory=dict)
    rereads: Counter[str] = field(default_factory=Counter)  # reads sent again, per operation
    # Causes a read showed that outlasted the consistency window: each is waited out once.
    outlasted: Counter[str] = field(default_factory=Counter)
    transient: Counter[str] = field(default_factory=Counter)  # "503 to GET /path": times

    def lagged(self, operation: str, seconds: float) -> None:
        self.lags[operation] = max(self.lags.get(operation, 0.0), seconds)


@dataclass
class ResultBook:
    seed: int
    base_url: str
    writes: bool
    checks: tuple[AnyCheck, ...] = field(default_factory=lambda: tuple(CHECKS))
    # The checks this run judges (--checks may choose some); the others are skipped.
    selected: frozenset[AnyCheck] = field(default_factory=lambda: frozenset(CHECKS))
    cells: dict[tuple[AnyCheck, str], Cell] = field(default_factory=dict)
    facts: ServerFacts = field(default_factory=ServerFacts)
    # Why the run stopped sending early (a budget, a silent server), if it did.
    stopped: str | None = None
    # "interrupted after N of M tests", when a signal ended the run.
    interrupted: str | None = None
    # What the cleanup did: registries created, deleted and left, once it has run.
    created: int = 0
    deleted: int = 0
    left: list[str] = field(default_factory=list)
    # Tests that did not run to the end for a reason that is not a finding.
    errors: list[str] = field(default_factory=list)
    # Every finding so far is counted; the latest are kept, for the test that raises them.
    total_findings: int = 0
    latest: list[Finding] = field(default_factory=list)

    def _cell(self, check: AnyCheck, operation: str) -> Cell:
        return self.cells.setdefault((check, operation), Cell())

    def passed(self, check: AnyCheck, operation: str) -> None:
        self._cell(check, operation).passed += 1

    def failed(self, finding: Finding) -> None:
        cell = self._cell(finding.check, finding.operation)
        cell.violations += 1
        if len(cell.findings) < KEPT_PER_CELL:
            cell.findings.append(finding)
        self.total_findings += 1
        self.latest = [*self.latest[-(KEPT_PER_CELL - 1) :], finding]

    def not_judged(self, check: AnyCheck, operation: str, reason: str) -> None:
        self._cell(check, operation).not_judged[reason] += 1

    def skipped(self, check: AnyCheck, operation: str, reason: str) -> None:
        cell = self._cell(check, operation)
        if cell.skipped is None:
            cell.skipped = reason

    def skip(self, checks: Iterable[AnyCheck], reason: str) -> None:
        """Skip every operation of `checks` for `reason` (not selected, no second team)."""
        for check in checks:
            for operation in check.operations:
                self.skipped(check, operation, reason)

    def unexamined(self) -> list[tuple[AnyCheck, str]]:
        return [
            (check, operation)
            for check in self.checks
            for operation in check.operations
            if not self._cell(check, operation).examined
        ]

    def skip_unexamined(self, reason: str) -> None:
        """Mark every cell that judged nothing as skipped for `reason` (a budget ran out)."""
        for check, operation in self.unexamined():
            self.skipped(check, operation, reason)

    def not_reached(self, reason: str) -> None:
        """Say why every cell that judged nothing, and was not skipped, was not judged (a
        signal ended the run): that reason comes before any other."""
        for check, operation in self.unexamined():
            if self._cell(check, operation).skipped is None:
                self._cell(check, operation).stopped = reason

    # --- reading the book --------------------------------------------------------------

    def outcome(self, check: AnyCheck, operation: str) -> tuple[str, str]:
        """(outcome, reason) of one cell; the reason is empty for passed and failed."""
        cell = self.cells.get((check, operation), Cell())
        if cell.violations:
            return FAILED, ""
        if cell.passed:
            return PASSED, ""
        if cell.skipped is not None:
            return SKIPPED, cell.skipped
        if cell.stopped is not None:
            return NOT_JUDGED, cell.stopped
        if cell.not_judged:
            return NOT_JUDGED, cell.not_judged.most_common(1)[0][0]
        return NOT_JUDGED, NOTHING_SEEN

    def examined(self, check: AnyCheck, operation: str) -> int:
        cell = self.cells.get((check, operation))
        return cell.examined if cell else 0

    def not_judged_count(self, check: AnyCheck, operation: str) -> int:
        cell = self.cells.get((check, operation))
        return sum(cell.not_judged.values()) if cell else 0

    def operations_of(self, check: AnyCheck) -> list[str]:
        """The operations a check is judged on, and any other it was recorded on."""
        recorded = [op for (known, op) in self.cells if known is check]
        return list(dict.fromkeys([*check.operations, *recorded]))

    def check_outcome(self, check: AnyCheck) -> tuple[str, str, list[str]]:
        """(outcome, reason, operations) of a check over its operations.

        Failed if it failed anywhere (the operations are where); passed if it passed
        somewhere (the operations are where); otherwise not judged or skipped, with the reason.
        """
        by_outcome: dict[str, list[str]] = defaultdict(list)
        reasons: dict[str, str] = {}
        for operation in self.operations_of(check):
            outcome, reason = self.outcome(check, operation)
            by_outcome[outcome].append(operation)
            reasons.setdefault(outcome, reason)
        for outcome in OUTCOMES:
            if by_outcome[outcome]:
                return outcome, reasons[outcome], by_outcome[outcome]
        return NOT_JUDGED, NOTHING_SEEN, []

    def tally(self) -> dict[str, int]:
        counts = dict.fromkeys(OUTCOMES, 0)
        for check in self.checks:
            counts[self.check_outcome(check)[0]] += 1
        return counts

    @property
    def failed_checks(self) -> list[AnyCheck]:
        failed = {check for (check, _), cell in self.cells.items() if cell.violations}
        return [check for check in self.checks if check in failed]

    @property
    def verified_anything(self) -> bool:
        return any(cell.examined for cell in self.cells.values())

    def groups(self) -> list[Group]:
        """The findings grouped by check and cause, most frequent first."""
        counted: dict[tuple[AnyCheck, str], list[tuple[str, int, Finding]]] = defaultdict(list)
        for (check, operation), cell in self.cells.items():
            shown: dict[str, Finding] = {}
            per_cause: dict[str, int] = defaultdict(int)
            for finding in cell.findings:
                shown.setdefault(finding.cause, finding)
                per_cause[finding.cause] += 1
            # Violations past the kept examples count towards the cell's first cause.
            extra = cell.violations - len(cell.findings)
            for cause, finding in shown.items():
                count = per_cause[cause] + (extra if finding is cell.findings[0] else 0)
                counted[(check, cause)].append((operation, count, finding))
        groups = [
            Group(
                check=check,
                cause=cause,
                count=sum(count for _, count, _ in entries),
                operations=tuple(op for op, _, _ in entries),
                example=entries[0][2],
            )
            for (check, cause), entries in counted.items()
        ]
        return sorted(groups, key=lambda g: (-g.count, g.check.name, g.cause))
