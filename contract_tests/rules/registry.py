"""The check registry: every rule of the contract, one `Check` object each, in one list.

A check declares where it applies, and the engine (`contract_tests.engine`) applies it to
everything it can judge, wherever the requests came from:

- its shape, what it judges (`Shape`): one exchange, a pair of answers about one registry, two
  reads of one list, one walk of the list, or the whole run; its function takes the evidence
  of that shape (`rules.evidence`) and returns a verdict: failed (a `Problem`), passed
  (`HELD`) or not judged, with the reason (`NotJudged`);
- where: the operations it is judged on, and the kinds of request (`Asked`: one the docs
  allow, one without a valid token, an unknown id...);
- its preconditions (`Condition`): what the evidence must be for it to judge at all (an
  answer came, a 2xx...). A precondition that fails is "not judged" and says why;
- whether its failures on a read may be an older state of the server (`lags`: a list from a
  replica that lags writes), which the engine reads again before it fails one;
- whether it needs writes or a second team's token, and the faults of the bundled mock's
  catalogue that break it (`tests/contract/test_faults.py` proves each).

Code refers to a check by its object, so a misspelt check is an import error; the summary,
the reports, `docs/checks.md` and the fault table are read off `CHECKS`, and nothing lists
the checks a second time. Adding a check is its function with its declaration here, the fault
that proves it in the mock, and `make docs`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from api_spec.registries import OPERATIONS
from contract_tests.rules.exchange import AUTHENTICATED, Asked
from contract_tests.rules.verdict import Verdict

E = TypeVar("E")
ALL_OPERATIONS = tuple(operation.label for operation in OPERATIONS)


class Shape(Enum):
    EXCHANGE = "one exchange"
    PAIR = "two answers about one registry"
    PAGES = "two reads of one list"
    WALK = "one walk of the list"
    RUN = "the whole run"


# What a check needs sent to judge anything: requests to these operations, of these kinds,
# making evidence of these shapes (every request makes exchanges and pairs; a walk to its end
# makes a walk; two reads of one list, pages to compare).
Need = tuple[tuple[str, ...], frozenset[Asked], frozenset[Shape]]
EVERY_REQUEST = frozenset({Shape.EXCHANGE, Shape.PAIR})


@dataclass(frozen=True)
class Condition(Generic[E]):
    """A precondition: None when the evidence is something the check judges, else the reason
    it cannot (reported as "not judged")."""

    name: str
    test: Callable[[E], str | None]

    def __call__(self, evidence: E) -> str | None:
        return self.test(evidence)


@dataclass(frozen=True, eq=False)
class Check(Generic[E]):
    name: str
    rule: str
    function: Callable[[E], Verdict]
    shape: Shape
    operations: tuple[str, ...]  # labels of the operations it is judged on
    asked: frozenset[Asked]  # the kinds of request it judges
    requires: tuple[Condition[E], ...] = ()
    # The requests without which it judges nothing (a run of `--checks` sends only tests
    # that send some): by default, what it judges.
    needs: tuple[Need, ...] = ()
    lags: bool = False  # a failure on a read may be an older state: read again first
    # What a replay must see not to reproduce a failure of it, as data (`rules.expectations`);
    # None: the statuses the model predicted.
    expects: Callable[[Any], dict[str, Any]] | None = None
    needs_writes: bool = False
    needs_second_team: bool = False
    proven_by: tuple[str, ...] = ()  # faults of mock_server.faults.CATALOGUE it catches
    source: str = "contract_tests"  # or "schemathesis", for one of its own checks

    def __call__(self, evidence: E) -> Verdict:
        """Decide: the check's function, called as it is."""
        return self.function(evidence)

    def __repr__(self) -> str:
        return f"<check {self.name}>"

    @property
    def needed(self) -> tuple[Need, ...]:
        """The requests it needs: those declared, else every request it judges (a check of the
        list or of the run needs the list, or anything)."""
        if self.needs:
            return self.needs
        if self.shape is Shape.RUN:
            return ((ALL_OPERATIONS, frozenset(Asked), EVERY_REQUEST),)
        return ((self.operations, self.asked, frozenset({self.shape})),)

    @property
    def line(self) -> str:
        """`name: rule`, as help texts and docs show it."""
        return f"{self.name}: {self.rule}"


AnyCheck = Check[Any]
CHECKS: list[AnyCheck] = []


def _register(check: Check[E]) -> Check[E]:
    if any(known.name == check.name for known in CHECKS):
        raise ValueError(f"two checks are named {check.name!r}")
    CHECKS.append(check)
    return check


def check(
    *,
    rule: str,
    shape: Shape = Shape.EXCHANGE,
    operations: tuple[str, ...] = ALL_OPERATIONS,
    asked: Iterable[Asked] = AUTHENTICATED,
    requires: tuple[Condition[Any], ...] = (),
    needs: tuple[Need, ...] = (),
    lags: bool = False,
    expects: Callable[[Any], dict[str, Any]] | None = None,
    needs_writes: bool = False,
    needs_second_team: bool = False,
    proven_by: tuple[str, ...] = (),
    name: str | None = None,
    source: str = "contract_tests",
) -> Callable[[Callable[[E], Verdict]], Check[E]]:
    """Register the decorated function as a check named after it (or `name`); the name now
    stands for the `Check`, which is called as the function is. By default a check judges
    every kind of request made with a valid token: those without one are the auth checks'
    alone (one cause, one finding)."""

    def decorate(function: Callable[[E], Verdict]) -> Check[E]:
        return _register(
            Check(
                name=name or function.__name__,
                rule=rule,
                function=function,
                shape=shape,
                operations=operations,
                asked=frozenset(asked),
                requires=requires,
                needs=needs,
                lags=lags,
                expects=expects,
                needs_writes=needs_writes,
                needs_second_team=needs_second_team,
                proven_by=proven_by,
                source=source,
            )
        )

    return decorate


def need(
    *operations: str,
    asked: Iterable[Asked] = (Asked.ALLOWED,),
    making: Iterable[Shape] = EVERY_REQUEST,
) -> Need:
    """Requests to `operations` (labels; every operation when none), of the kinds `asked`,
    making evidence of the shapes `making`."""
    return (operations or ALL_OPERATIONS, frozenset(asked), frozenset(making))


def by_name(name: str) -> AnyCheck:
    """The check a report or schemathesis names; KeyError for a name no check has."""
    for known in CHECKS:
        if known.name == name:
            return known
    raise KeyError(f"no check named {name!r} in the registry")


def fault_table() -> dict[str, AnyCheck]:
    """Each fault of the mock's catalogue, and the check that must catch it."""
    return {fault: known for known in CHECKS for fault in known.proven_by}
