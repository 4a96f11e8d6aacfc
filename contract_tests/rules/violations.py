"""What a broken rule looks like, from the check that finds it to the report that shows it.

    Verdict      what a check says (`rules.verdict`): a Problem, HELD, or NotJudged
    Finding      a problem with everything the reports show: the check, the operation, what
                 came back, the request as curl, the explanations ruled out, and what a
                 replay script repeats (a registry's `Story`, a `Walk` of the list, or the
                 `Single` request) with what the replay must see to reproduce it
    Exception
    ├── AssertionError
    │   └── Violation    raised at the end of a test that found broken rules: it fails (exit 1)
    └── RunError         (contract_tests.wire.errors) the run cannot be made or go on (exit 2)

Findings are text only and redacted before they are made; nothing here holds a secret.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from contract_tests.rules.verdict import HELD, Held, NotJudged, Problem, Verdict

__all__ = ["HELD", "Finding", "Held", "NotJudged", "Problem", "Single", "Story",
           "Verdict", "Violation", "Walk"]  # fmt: skip

if TYPE_CHECKING:
    from contract_tests.rules.exchange import Step
    from contract_tests.rules.registry import Check


@dataclass(frozen=True)
class Story:
    """The requests about one registry the run created, its create first, to replay against a
    registry of the replay's own; `failing` is the one whose answer broke the rule."""

    steps: tuple[Step, ...]
    failing: Step


@dataclass(frozen=True)
class Walk:
    """A walk of the list to replay: create registries like the run's (none in a read-only
    run), then follow the cursor with `query`, with a create or a delete after the first page
    when `between` says so ("create", "delete")."""

    bodies: tuple[Any, ...]
    query: dict[str, Any]
    between: str = ""


@dataclass(frozen=True)
class Single:
    """One request to repeat as the run sent it, with the credentials it carried; what it
    creates the replay deletes."""

    step: Step


@dataclass(frozen=True)
class Finding:
    """One broken rule seen in one answer (or walk, or pair), as the reports show it. All text
    is redacted."""

    check: Check[Any]
    operation: str
    cause: str
    expected: str
    received: str
    came_back: str = ""  # the answer itself: status line, headers that matter, body (cut)
    curl: str = ""  # one request that shows it, when one does
    replay: Story | Walk | Single | None = None  # what a replay script repeats
    # What the replay must see for the failure not to reproduce (`rules.expectations`).
    expectation: dict[str, Any] = field(default_factory=dict)
    ruled_out: tuple[str, ...] = ()  # explanations the engine ruled out before failing it


class Violation(AssertionError):
    """Raised at the end of a test that found broken rules, so pytest counts it failed.

    The findings themselves are already in the run's book; this only names the first.
    """

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        first = findings[0]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(f"[{first.check.name}] {first.operation}: {first.cause}{more}")
