"""What a check is given to judge, one kind per shape of check (`registry.Shape`):

- `Exchange`: one request, the model's prediction for it, the answer (or none), and how the
  request layer brought it back (the gateway answers it waited out, a body it cut);
- `Pair`: two answers about one registry, the earlier as the model kept it and the later;
- `Pages`: two reads of one list, with nothing written between (a first page and a larger
  one, or the same page read again);
- `WalkSeen`: one walk of the list, its pages in order, with the registries the run knows
  existed throughout it;
- `RunSeen`: what the whole run saw (what the request layer kept of throttling).

The engine builds them from the exchanges it judges, wherever the requests came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from api_spec.registries import ID, PAGINATION
from contract_tests.rules.compare import listed
from contract_tests.rules.exchange import Answer, Asked, Request
from contract_tests.rules.model import Known, Prediction, Sighting
from contract_tests.wire.delivery import Delivery
from contract_tests.wire.pacing import Throttled


@dataclass(frozen=True)
class Exchange:
    """One request and what came of it."""

    prediction: Prediction
    answer: Answer | None  # None: no answer came (`error` says why)
    delivery: Delivery
    step: int
    error: str = ""

    @property
    def request(self) -> Request:
        return self.prediction.request

    @property
    def asked(self) -> Asked:
        return self.prediction.asked

    @property
    def label(self) -> str:
        return self.request.label

    @property
    def status(self) -> int | None:
        return self.answer.status if self.answer is not None else None

    @property
    def ok(self) -> bool:
        return self.answer is not None and self.answer.ok

    @property
    def json(self) -> Any:
        return self.answer.json if self.answer is not None else None

    @property
    def text(self) -> str:
        return self.answer.text if self.answer is not None else ""

    @cached_property
    def items(self) -> list[dict[str, Any]]:
        """The registries a list page carries (none when it is not a page)."""
        return listed(self.json)

    @property
    def ids(self) -> list[str]:
        return [str(item.get(ID)) for item in self.items]

    @property
    def limit(self) -> Any:
        return self.request.query.get(PAGINATION.limit)

    @property
    def cursor(self) -> Any:
        return self.request.query.get(PAGINATION.cursor)


@dataclass(frozen=True)
class Pair:
    """Two answers about one registry: what the model last saw of it, and what this answer
    shows. `between`: the safe calls (a connection test) that came between them; the other
    team's refused writes since are on `known.probes`."""

    known: Known
    before: Sighting
    after: Sighting | None  # None: the later answer (a get's 404) did not find it
    exchange: Exchange  # the later one
    between: tuple[str, ...] = ()

    @property
    def same_operation(self) -> bool:
        return self.before.operation == self.exchange.label


@dataclass(frozen=True)
class Pages:
    """Two reads of one list by one team with nothing written between: `before` was asked
    first. Both are first pages (page sizes that may differ), or the same page read again."""

    before: Exchange
    after: Exchange

    @property
    def repeated(self) -> bool:
        """The same request, read twice (the same page size, order and cursor)."""
        return dict(self.before.request.query) == dict(self.after.request.query)


@dataclass
class WalkSeen:
    """One walk of the list: from a first page, following each page's cursor."""

    team: Any
    query: dict[str, Any]  # the walk's query, without the cursor
    pages: list[Exchange] = field(default_factory=list)
    ended: bool = False  # a page said no more follow
    abandoned: bool = False  # the walker stopped following before the end
    # The team's registries the run knows existed from before the first page to after the
    # last (the run's own, and those it had found), by id.
    throughout: dict[str, Known] = field(default_factory=dict)
    wrote_during: bool = False  # the team wrote between the first page and the last
    # The size of the largest walk of the same list that ended, since the team last wrote.
    largest_ended: int | None = None
    # The registries the team's last walk that ended, with nothing written during it, listed.
    listed_before: set[str] = field(default_factory=set)
    driven: bool = False  # made by the suite's own walker, which can walk it again

    @property
    def items(self) -> list[dict[str, Any]]:
        return [item for page in self.pages for item in page.items]

    @property
    def ids(self) -> list[str]:
        return [str(item.get(ID)) for item in self.items]

    @property
    def first(self) -> int:
        return self.pages[0].step

    @property
    def last(self) -> int:
        return self.pages[-1].step


@dataclass(frozen=True)
class RunSeen:
    """What the request layer kept of the whole run."""

    throttled_out: Throttled | None
    recovered: frozenset[tuple[str, str]]  # (method, path) whose 429s were waited out

    @property
    def came_back(self) -> str:
        """The last answer of the request throttled to the end, as a finding quotes it."""
        return self.throttled_out.last if self.throttled_out is not None else ""
