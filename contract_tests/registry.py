"""The check registry: every rule of the contract, one `Check` each, registered in one place.

A check is its name (what every report shows), its rule in words, its function, whether it
needs writes, the operations it applies to, and the faults of the bundled mock's catalogue
that break it: `tests/contract/test_faults.py` runs the suite against each fault and expects
the check that names it to fail. The summary, the reports, `docs/checks.md` and that fault
table are derived from `CHECKS`; nothing lists the checks a second time.

Checks of single answers are registered with schemathesis as well, so its runner applies
them to every answer beside its own built-in checks (`contract_tests.observer`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import schemathesis

from contract_tests.api import ALL_LABELS

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Check:
    name: str
    rule: str
    function: Callable[..., Any]
    needs_writes: bool
    operations: tuple[str, ...]  # labels of the operations it applies to
    proven_by: tuple[str, ...]  # faults of mock_server.faults.CATALOGUE it catches
    per_answer: bool  # applied to every answer the run gets
    source: str  # "contract_tests", or "schemathesis" for its built-in checks

    @property
    def line(self) -> str:
        """`name: rule`, as help texts and docs show it."""
        return f"{self.name}: {self.rule}"


CHECKS: dict[str, Check] = {}


def _add(check: Check) -> None:
    if check.name in CHECKS and CHECKS[check.name].function is not check.function:
        raise ValueError(f"two checks are named {check.name!r}")
    CHECKS[check.name] = check


def check(
    *,
    rule: str,
    operations: tuple[str, ...] = ALL_LABELS,
    needs_writes: bool = False,
    proven_by: tuple[str, ...] = (),
    per_answer: bool = False,
    of_answer: bool = False,
) -> Callable[[F], F]:
    """Register the decorated function as a check named after it.

    `of_answer`: a check of one answer with schemathesis's signature `(ctx, response, case)`,
    registered with schemathesis too so its runner can apply it; `per_answer` (which implies
    it): applied to every answer of the run.
    """

    def decorate(function: F) -> F:
        register(
            function.__name__,
            function,
            rule=rule,
            operations=operations,
            needs_writes=needs_writes,
            proven_by=proven_by,
            per_answer=per_answer,
        )
        if per_answer or of_answer:
            schemathesis.check(function)
        return function

    return decorate


def register(
    name: str,
    function: Callable[..., Any],
    *,
    rule: str,
    operations: tuple[str, ...] = ALL_LABELS,
    needs_writes: bool = False,
    proven_by: tuple[str, ...] = (),
    per_answer: bool = False,
) -> None:
    """Register a check whose decision is made by `function` under another name (a rule of
    the reference model, decided by one of its methods)."""
    _add(
        Check(
            name=name,
            rule=rule,
            function=function,
            needs_writes=needs_writes,
            operations=operations,
            proven_by=proven_by,
            per_answer=per_answer,
            source="contract_tests",
        )
    )


def builtin(function: Callable[..., Any], *, rule: str, proven_by: tuple[str, ...] = ()) -> None:
    """Register one of schemathesis's own checks, applied to every answer under its name."""
    _add(
        Check(
            name=function.__name__,
            rule=rule,
            function=function,
            needs_writes=False,
            operations=ALL_LABELS,
            proven_by=proven_by,
            per_answer=True,
            source="schemathesis",
        )
    )


def get(name: str) -> Check:
    try:
        return CHECKS[name]
    except KeyError:
        raise KeyError(f"no check named {name!r} in the registry") from None


def fault_table() -> dict[str, str]:
    """Each fault of the mock's catalogue, and the check that must catch it."""
    return {fault: check.name for check in CHECKS.values() for fault in check.proven_by}
