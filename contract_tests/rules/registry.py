"""The check registry: every rule of the contract, one `Check` object each, in one list.

A check is an object: its name (its function's name, which every report shows), its rule in
words, the function that decides it, its kind (how the run applies it), whether it needs
writes or a second team's token, the operations it is judged on, and the faults of the bundled
mock's catalogue that break it (`tests/contract/test_faults.py` runs the suite against each
fault and expects the check that names it to fail). Code refers to a check by its object, so
a misspelt check is an import error; the summary, the reports, `docs/checks.md` and that fault
table are read off `CHECKS`, and nothing lists the checks a second time.

The kinds, by what the check's function takes:

- `BUILTIN`: one of schemathesis's own checks of one answer, `(ctx, response, case)`, which
  raises its `Failure`; applied to every answer.
- `ANSWER`: ours, of one answer: `(answer) -> Problem | None`; applied to every answer.
- `PREDICTION`: ours, an answer against what the reference model predicted for its request:
  `(prediction, answer) -> Problem | None`; applied to every answer it has a prediction for.
- `SENT`: of every request sent, `(request, error)`: whether an answer came at all.
- `TEST`: decided by a test of the suite, which calls it with what it gathered (the pages of a
  walk, a listed registry and its fetch).
- `RUN`: decided once, at the end of the run, from what the request layer kept (throttling).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, ParamSpec, TypeVar

from api_spec.registries import OPERATIONS

P = ParamSpec("P")
R = TypeVar("R")
ALL_OPERATIONS = tuple(operation.label for operation in OPERATIONS)


class Kind(Enum):
    BUILTIN = "schemathesis"
    ANSWER = "answer"
    PREDICTION = "prediction"
    SENT = "sent"
    TEST = "test"
    RUN = "run"


@dataclass(frozen=True, eq=False)
class Check(Generic[P, R]):
    name: str
    rule: str
    function: Callable[P, R]
    kind: Kind
    operations: tuple[str, ...]  # labels of the operations it is judged on
    needs_writes: bool = False
    needs_second_team: bool = False
    proven_by: tuple[str, ...] = ()  # faults of mock_server.faults.CATALOGUE it catches
    # Also judged on answers to requests made without a valid token on purpose (those are the
    # auth checks' to judge, so one cause is one finding).
    unauthenticated: bool = False

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        """Decide: the check's function, called as it is."""
        return self.function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<check {self.name}>"

    @property
    def source(self) -> str:
        return "schemathesis" if self.kind is Kind.BUILTIN else "contract_tests"

    @property
    def line(self) -> str:
        """`name: rule`, as help texts and docs show it."""
        return f"{self.name}: {self.rule}"


CHECKS: list[Check[..., Any]] = []


def _register(check: Check[P, R]) -> Check[P, R]:
    if any(known.name == check.name for known in CHECKS):
        raise ValueError(f"two checks are named {check.name!r}")
    CHECKS.append(check)
    return check


def check(
    *,
    rule: str,
    kind: Kind,
    operations: tuple[str, ...] = ALL_OPERATIONS,
    needs_writes: bool = False,
    needs_second_team: bool = False,
    proven_by: tuple[str, ...] = (),
    unauthenticated: bool = False,
) -> Callable[[Callable[P, R]], Check[P, R]]:
    """Register the decorated function as a check named after it; the name now stands for
    the `Check`, which is called as the function is."""

    def decorate(function: Callable[P, R]) -> Check[P, R]:
        return _register(
            Check(
                name=function.__name__,
                rule=rule,
                function=function,
                kind=kind,
                operations=operations,
                needs_writes=needs_writes,
                needs_second_team=needs_second_team,
                proven_by=proven_by,
                unauthenticated=unauthenticated,
            )
        )

    return decorate


def builtin(function: Callable[P, R], *, rule: str, proven_by: tuple[str, ...] = ()) -> Check[P, R]:
    """Register one of schemathesis's own checks, applied to every answer under its name."""
    return check(rule=rule, kind=Kind.BUILTIN, proven_by=proven_by)(function)


def by_name(name: str) -> Check[..., Any]:
    """The check a report or schemathesis names; KeyError for a name no check has."""
    for known in CHECKS:
        if known.name == name:
            return known
    raise KeyError(f"no check named {name!r} in the registry")


def fault_table() -> dict[str, Check[..., Any]]:
    """Each fault of the mock's catalogue, and the check that must catch it."""
    return {fault: known for known in CHECKS for fault in known.proven_by}
