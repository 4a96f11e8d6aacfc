"""Which tests of the suite a run needs, from the declarations: each test says what it sends
(`@sends(to(...), ...)`: operations, kinds of request, and the evidence they make: walks,
pages to compare), each check what it needs
(`Check.needed`), and a run of `--checks` runs only the tests that send something one of its
checks needs. A test that declares nothing is run."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from contract_tests.rules.registry import Check, Need

SENDS = "sends"


def sends_needed(sent: Iterable[Need], checks: Iterable[Check[Any]]) -> bool:
    """Whether requests of the kinds `sent` are something one of `checks` needs."""
    wanted = [need for check in checks for need in check.needed]
    return any(
        set(operations) & set(check_operations) and asked & check_asked and shapes & made
        for operations, asked, made in sent
        for check_operations, check_asked, shapes in wanted
    )


def declared(marks: Iterable[Any]) -> tuple[Need, ...] | None:
    """What the closest `sends` marks declare (None: nothing declared)."""
    found = [tuple(mark.args) for mark in marks if getattr(mark, "name", "") == SENDS]
    return found[0] if found else None
