"""The verdicts of one test (one example, one step): checks decided by the test itself are
recorded here, and at the end the test fails if it found anything, observer's findings included."""

from __future__ import annotations

from typing import Any

from schemathesis import Case
from schemathesis.core.transport import Response

from contract_tests.context import RunContext
from contract_tests.violations import Violation

Problem = tuple[str, str] | None


class Verdicts:
    def __init__(self, run: RunContext) -> None:
        self.run = run
        self._start = run.book.total_findings

    def rule(
        self,
        check: str,
        operation: str,
        problem: Problem,
        case: Case[Any] | None = None,
        response: Response | None = None,
        *,
        script: str = "",
    ) -> bool:
        """Record `check` as passed when `problem` is None, else as a finding; True if passed."""
        if problem is None:
            self.run.book.passed(check, operation)
            return True
        cause, received = problem
        finding = self.run.observer.finding(
            check, operation, cause, received, case, response, script=script
        )
        self.run.book.failed(finding)
        return False

    def settle(self) -> None:
        """Fail the test if it found anything since it began (or since the last settle)."""
        book = self.run.book
        new = book.total_findings - self._start
        self._start = book.total_findings
        if new:
            raise Violation(book.latest[-min(new, len(book.latest)) :])
