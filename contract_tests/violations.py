"""What a broken rule looks like, and the exceptions that stop a test or a run.

Exception
├── AssertionError
│   ├── schemathesis Failure
│   │   └── Violated         a check of ours found a broken rule (raised inside a check)
│   └── Violation            a test found broken rules: it fails (exit 1)
└── RunError                 the run cannot be made or go on (exit 2): bad settings, no token
    ├── UnsafeRequest        the request layer refused to send a request
    ├── StoppedAnswering     the server stopped answering: the run ends after cleanup
    ├── (session) ThrottledForever  429s outlasted the retry bound (a throttling_recovers finding)
    └── (pacing) BudgetExhausted    --max-requests or --max-time ran out: the rest is skipped
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemathesis.core.failures import Failure


@dataclass(frozen=True)
class Finding:
    """One broken rule seen in one answer, as the reports show it. All text is redacted."""

    check: str
    operation: str
    cause: str  # how the rule was broken, in a few words: what reports group by
    expected: str  # the rule, in words
    received: str  # what came back
    curl: str = ""  # one request that shows it, when one does
    steps: tuple[str, ...] = field(default=())  # the requests that led to it, for stateful ones
    repro: str = ""  # a script replaying `steps` against a fresh registry


class Violated(Failure):
    """Raised by a check of ours: `title` is the cause, `message` what came back."""

    code = "ST990"
    kind_title = "Contract violation"

    def __init__(self, cause: str, received: str, operation: str | None = None) -> None:
        super().__init__(operation=operation, title=cause, message=received)


class Violation(AssertionError):
    """Raised at the end of a test that found broken rules, so pytest counts it failed.

    The findings themselves are already in the run's book; this only names the first.
    """

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        first = findings[0]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(f"[{first.check}] {first.operation}: {first.cause}{more}")


class RunError(Exception):
    """The run cannot be made or go on; the message says what to fix, on one line."""


class UnsafeRequest(RunError):
    """The request layer refused a request that could touch data the run does not own."""


class StoppedAnswering(RunError):
    """The server stopped answering (several timeouts in a row)."""
