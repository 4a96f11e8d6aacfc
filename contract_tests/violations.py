"""What a named check raises, and the exceptions that stop a run.

Exception
├── Violation            a rule of the contract was broken (exit 1)
│   └── ThrottledForever the server never stopped answering 429
└── RunError             the run cannot be made (exit 2): bad settings, no token
    └── UnsafeRequest    the request layer refused to send a request
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One broken rule, as the reports show it. All text is already redacted."""

    check: str
    operation: str
    expected: str
    received: str
    curl: str = ""


class Violation(AssertionError):
    """A named check failed. An AssertionError so pytest and hypothesis treat it as a failure."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(render(finding))


class ThrottledForever(Violation):
    """Raised by the request layer when 429s outlast the retry bound."""


class RunError(Exception):
    """The run cannot be made; the message says what to fix, on one line."""


class UnsafeRequest(RunError):
    """The request layer refused a request that could touch data the run does not own."""


def render(finding: Finding) -> str:
    lines = [
        f"[{finding.check}] {finding.operation}",
        f"  expected: {finding.expected}",
        f"  received: {finding.received}",
    ]
    if finding.curl:
        lines.append(f"  reproduce: {finding.curl}")
    return "\n".join(lines)
