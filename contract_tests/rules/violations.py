"""What a broken rule looks like, from the check that finds it to the test that fails for it.

    Problem      what a check's function returns when its rule is broken: the cause, what
                 came back, and what was expected when that is more than the rule; HELD
                 when the rule was judged and holds, None when it does not apply
    Finding      a problem with everything the reports show: the check, the operation, the
                 request as curl, and what a replay script repeats (a registry's `Story`, a
                 `Walk` of the list, or the `Single` request)
    Exception
    ├── AssertionError
    │   └── Violation    raised at the end of a test that found broken rules: it fails (exit 1)
    └── RunError         (contract_tests.wire.errors) the run cannot be made or go on (exit 2)

Findings are text only and redacted before they are made; nothing here holds a secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from contract_tests.rules.exchange import Step
    from contract_tests.rules.registry import Check


class Problem(NamedTuple):
    cause: str  # how the rule was broken, in a few words: what reports group by
    received: str  # what came back
    expected: str = ""  # what the model predicted; the check's rule when empty
    registry: str | None = None  # the registry it is about, whose story a replay tells


class Held:
    """The rule was judged on this answer and holds."""

    def __repr__(self) -> str:
        return "HELD"


HELD = Held()
# What a check of one answer says: broken, held, or None when its rule does not apply.
Verdict = Problem | Held | None


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
    """One broken rule seen in one answer, as the reports show it. All text is redacted."""

    check: Check[..., Any]
    operation: str
    cause: str
    expected: str
    received: str
    curl: str = ""  # one request that shows it, when one does
    replay: Story | Walk | Single | None = None  # what a replay script repeats


class Violation(AssertionError):
    """Raised at the end of a test that found broken rules, so pytest counts it failed.

    The findings themselves are already in the run's book; this only names the first.
    """

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        first = findings[0]
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(f"[{first.check.name}] {first.operation}: {first.cause}{more}")
