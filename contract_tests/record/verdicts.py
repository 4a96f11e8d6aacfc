"""The verdicts of one test (one example, one step): checks a test decides itself are recorded
here, and at the end the test fails if it found anything, the observer's findings included."""

from __future__ import annotations

from typing import Any

from contract_tests.record.observer import Observer
from contract_tests.rules.exchange import Request
from contract_tests.rules.registry import Check
from contract_tests.rules.violations import Problem, Violation, Walk


class Verdicts:
    def __init__(self, observer: Observer) -> None:
        self.observer = observer
        self.book = observer.book
        self._start = self.book.total_findings

    def rule(
        self,
        check: Check[..., Any],
        operation: str,
        problem: Problem | None,
        *,
        last: bool = False,
        at: tuple[Request, int] | None = None,
        replay: Walk | None = None,
    ) -> bool:
        """Record `check` as passed when `problem` is None, else as a finding; True if passed.
        The request that shows the problem is `at` (with its transcript step), or with `last`
        the last one judged. A check the run does not judge (not selected) is left alone."""
        if check not in self.book.selected:
            return problem is None
        if problem is None:
            self.book.passed(check, operation)
            return True
        shown = at or (self.observer.last if last else None)
        request, step = shown if shown is not None else (None, None)
        finding = self.observer.finding(check, operation, problem, request, step, replay=replay)
        self.book.failed(finding)
        return False

    def settle(self) -> None:
        """Fail the test if it found anything since it began (or since the last settle)."""
        book = self.book
        new = book.total_findings - self._start
        self._start = book.total_findings
        if new:
            raise Violation(book.latest[-min(new, len(book.latest)) :])
