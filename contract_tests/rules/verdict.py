"""What a check says of what it was given, always one of three:

Verdict
├── Problem      failed: how the rule was broken, what the check saw, what was expected
├── Held         passed: it saw something it judges, and the rule held (HELD)
└── NotJudged    not judged, and why: a 5xx, no answer, nothing it judges
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Problem(NamedTuple):
    cause: str  # how the rule was broken, in a few words: what reports group by
    received: str  # what the check saw wrong in what came back
    expected: str = ""  # what the model predicted; the check's rule when empty
    registry: str | None = None  # the registry it is about, whose story a replay tells
    # Registries the run did not create whose existence the failure rests on: someone else
    # may have deleted them, so the engine reads each before the failure stands.
    depends_on: tuple[str, ...] = ()
    # It shows in its request alone, whatever else the account holds: a replay may send that
    # request by itself. False: it rests on registries the run made (an order after updates).
    alone: bool = True


class Held:
    """The rule was judged on what the check was given, and holds."""

    def __repr__(self) -> str:
        return "HELD"


HELD = Held()


@dataclass(frozen=True)
class NotJudged:
    """The check applies here but could not judge, and why (a 5xx, no answer, nothing it
    judges). Never counted as a pass."""

    reason: str


# What a check says: failed, passed, or not judged. Never None.
Verdict = Problem | Held | NotJudged
