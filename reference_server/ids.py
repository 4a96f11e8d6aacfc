"""Registry ids: where new ones come from, and the form `--strict-ids` holds a path's id to.

By default ids are random UUIDs (version 4). With `--sequential-ids` they are decimal integers
written as strings ("1", "2", ...) drawn from one sequence that every team's store shares, as
one table's autoincrement key gives: a team sees gaps where the other's registries were made.
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

IdSource = Callable[[], str]


@dataclass(frozen=True)
class IdFormat:
    expected: str  # in words, for the 400 of `--strict-ids`
    pattern: re.Pattern[str]

    def fits(self, text: str) -> bool:
        """Whether `text` is written as this server writes its ids. A well-formed id this
        server did not issue is simply not found."""
        return self.pattern.fullmatch(text) is not None


# 8-4-4-4-12 lowercase hex digits, the form `str(uuid.UUID(...))` writes; any version counts.
UUIDS = IdFormat(
    "a UUID in lowercase canonical form",
    re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"),
)
# ASCII digits only: `\d` would take other scripts' digits too.
DECIMALS = IdFormat("a decimal integer without leading zeros", re.compile(r"0|[1-9][0-9]*"))


def new_uuid() -> str:
    return str(uuid.uuid4())


def sequence() -> IdSource:
    """1, 2, 3... as strings, for every store given this one source. next() on an
    itertools.count is one C call, atomic under the GIL, so stores with locks of their own
    never draw the same number."""
    numbers = itertools.count(1)
    return lambda: str(next(numbers))


def id_format(sequential: bool) -> IdFormat:
    return DECIMALS if sequential else UUIDS


def id_source(sequential: bool) -> IdSource:
    return sequence() if sequential else new_uuid
