"""Verdicts: record each named check's outcome in the book, and fail the test on a violation."""

from __future__ import annotations

import requests

from contract_tests.redaction import Redactor
from contract_tests.results import ResultBook
from contract_tests.session import GuardedSession
from contract_tests.violations import Finding, Violation

# Findings quote what came back; past this many characters the rest is left out.
MAX_RECEIVED = 300


def shorten(text: str) -> str:
    """Cut after redaction, never before, so no part of a secret survives the cut."""
    return text if len(text) <= MAX_RECEIVED else text[:MAX_RECEIVED] + "..."


class Verdicts:
    """Collects the outcomes of one unit of work (one example, one step); `settle` raises."""

    def __init__(self, book: ResultBook, session: GuardedSession) -> None:
        self.book = book
        self.session = session
        self.pending: list[Finding] = []

    @property
    def redactor(self) -> Redactor:
        return self.session.redactor

    def expect(
        self,
        check: str,
        operation: str,
        problem: str | None,
        expected: str,
        response: requests.Response | None = None,
    ) -> bool:
        """Record `check` as passed when `problem` is None, else as a finding; True if passed."""
        if problem is None:
            self.book.passed(check, operation)
            return True
        finding = Finding(
            check=check,
            operation=operation,
            expected=self.redactor.text(expected),
            received=shorten(self.redactor.text(problem)),
            curl=self.session.curl(response.request) if response is not None else "",
        )
        self.book.failed(finding)
        self.pending.append(finding)
        return False

    def settle(self) -> None:
        if self.pending:
            first, self.pending = self.pending[0], []
            raise Violation(first)
