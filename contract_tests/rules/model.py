"""The reference model: what the run knows of every registry it has met, and from that, what
each request must get.

Before a request goes out, `predict` says what its answer must be from the state held, as a
QuickCheck state machine's postcondition does: a 2xx, a refusal (and for which reason), or
either where the docs allow both; and for a 2xx, the registry as far as the model knows it.
Once the answer has been judged against the prediction (by the checks, one rule each), `settle`
moves the state on. The model itself decides nothing: it keeps the books.

What it holds, per registry (`Known`):

- the team whose token created or listed it, and whether this run created it;
- each member the run set, with the write that set it (a create or an update);
- the last representation an answer carried, and per operation since the last write;
- the safe calls (test-connection) and the refused writes of the other team since then;
- for a deleted registry, the step of its delete: a tombstone, so every later request that
  names it, by id or by listing, is predicted to find it gone.

Registries the run only found in a list are held too (a read-only run's), with less known of
them: someone else may change or delete them while the run goes on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from api_spec.registries import (
    CREATE,
    DELETE,
    GET,
    ID,
    LIST,
    PAGINATION,
    RESOURCE,
    RULES,
    TEST_CONNECTION,
    UPDATE,
    WRITE_ONLY,
)
from contract_tests.rules.compare import unreachable
from contract_tests.rules.exchange import Answer, Refusal, Request
from contract_tests.wire.credentials import Kind, Team


class Write(Enum):
    CREATE = "create"
    UPDATE = "update"


@dataclass(frozen=True)
class Expected:
    """A member's value as the run set it, and the write that set it."""

    value: Any
    write: Write
    step: int


@dataclass(frozen=True)
class Sighting:
    representation: Mapping[str, Any]
    operation: str
    step: int


@dataclass
class Known:
    id: str
    team: Team
    owned: bool  # created by this run
    members: dict[str, Expected] = field(default_factory=dict)
    last: Sighting | None = None
    by_operation: dict[str, Sighting] = field(default_factory=dict)  # since the last write
    safe_calls: list[str] = field(default_factory=list)  # since the last sighting
    probes: list[str] = field(default_factory=list)  # the other team's refused writes, since
    deleted: int | None = None  # the step of its delete: a tombstone
    # Another team's write went through: what it holds is no longer the run's to predict.
    compromised: bool = False
    steps: list[int] = field(default_factory=list)  # the transcript's steps about it

    @property
    def updated(self) -> bool:
        return any(expected.write is Write.UPDATE for expected in self.members.values())

    @property
    def url(self) -> Any:
        """The registry's URL as it is now, as far as the run knows: what the run last set,
        else what an answer last showed."""
        if RULES.member in self.members:
            return self.members[RULES.member].value
        return self.last.representation.get(RULES.member) if self.last else None

    @property
    def kind(self) -> Any:
        if RULES.kind_member in self.members:
            return self.members[RULES.kind_member].value
        return self.last.representation.get(RULES.kind_member) if self.last else None

    @property
    def connection_fails(self) -> bool:
        """Its host, as it is now, cannot exist (RFC 6761): no connection test can succeed."""
        return unreachable(self.url)

    def seen(self, sighting: Sighting) -> None:
        self.last = self.by_operation[sighting.operation] = sighting
        self.safe_calls.clear()
        self.probes.clear()


@dataclass(frozen=True)
class Prediction:
    """What the model says a request must get, from the state it holds, before the answer.

    `success`: True, a 2xx; False, a refusal (for `refusal`'s reason); None, either, a refusal
    only with one of `allowed` (any 4xx when empty). `why` says it in words, for the reports.
    """

    request: Request
    success: bool | None
    why: str
    refusal: Refusal | None = None
    allowed: tuple[int, ...] = ()
    registry: Known | None = None  # the model's record of the registry the path names
    # For a list: the records of the registries its pages may show, by id (the team's live
    # ones, the run's deleted ones, and the other team's, which it must never show).
    known: Mapping[str, Known] = field(default_factory=dict)


def provider_bound(body: Any, stored_kind: Any = None, *, kind_unknown: bool = False) -> bool:
    """Whether the provider's rules apply to this body, so the docs let the server refuse it:
    it names a kind that has rules, or changes the URL of a registry whose kind has rules.
    `kind_unknown`: an update of a registry whose stored kind is not known, which may have."""
    if not isinstance(body, dict):
        return False
    if RULES.kind_member in body:
        return RULES.has_rules(body[RULES.kind_member])
    return RULES.member in body and (kind_unknown or RULES.has_rules(stored_kind))


def _query_problem(request: Request) -> Refusal | None:
    """Why the request's query breaks the spec, if it does (unknown parameters are ignored,
    as HTTP APIs ignore them)."""
    for name, parameter in request.operation.parameters.items():
        if parameter.location != "query" or name not in request.query:
            continue
        value = request.query[name]
        try:
            parameter.parse(value if isinstance(value, str) else _query_text(value))
        except ValueError:
            return Refusal.LIMIT if name == PAGINATION.limit else Refusal.INVALID
    return None


def _query_text(value: Any) -> str:
    """A query value as it goes on the wire (requests writes `True` for a boolean)."""
    return str(value)


def _body_problem(request: Request) -> bool:
    schema = request.operation.body
    return schema is not None and bool(schema.problems(request.body))


class Model:
    def __init__(self) -> None:
        self.registries: dict[str, Known] = {}
        self._cursors: set[tuple[Team | None, str]] = set()  # cursors the server issued

    def tracked(self, registry_id: str) -> Known | None:
        return self.registries.get(registry_id)

    def held_by(self, team: Team) -> list[Known]:
        """The live registries the run created with `team`'s token."""
        return [
            known
            for known in self.registries.values()
            if known.team is team and known.owned and known.deleted is None
        ]

    # --- before the answer ---------------------------------------------------------------

    def predict(self, request: Request) -> Prediction:
        credentials = request.credentials
        if credentials.kind is Kind.NONE:
            return Prediction(request, False, "401: it carries no token", Refusal.NO_TOKEN, (401,))
        if credentials.kind is Kind.WRONG:
            why = "401: its token belongs to no team"
            return Prediction(request, False, why, Refusal.WRONG_TOKEN, (401,))
        if request.negative:
            return Prediction(request, False, "a 4xx: it breaks the schema", Refusal.NEGATIVE)
        if request.raw is not None:
            why = "400: its body is not JSON"
            return Prediction(request, False, why, Refusal.MALFORMED, (400,))
        if request.registry is not None:
            return self._by_id(request, request.registry)
        return self._collection(request)

    def _by_id(self, request: Request, registry_id: str) -> Prediction:
        known = self.registries.get(registry_id)
        if known is None:
            why = f"a 4xx: the server never issued the id {registry_id!r}"
            return Prediction(request, False, why, Refusal.UNKNOWN_ID)
        if known.team is not request.team:
            why = f"403 or 404: {registry_id!r} is a registry of the other team"
            return Prediction(request, False, why, Refusal.OTHER_TEAM, (403, 404), known)
        if known.deleted is not None:
            why = f"a 4xx: the run deleted {registry_id!r} (step {known.deleted + 1})"
            return Prediction(request, False, why, Refusal.DELETED, registry=known)
        refused = _query_problem(request) or (Refusal.INVALID if _body_problem(request) else None)
        if refused is not None:
            return Prediction(request, False, f"a 4xx: {refused.value}", refused, registry=known)
        if not known.owned:
            # Someone else may delete a registry the run only found; nobody may refuse it.
            why = f"2xx, or 404 if someone deleted {registry_id!r} meanwhile"
            return Prediction(request, None, why, allowed=(404,), registry=known)
        if request.operation is UPDATE and provider_bound(request.body, known.kind):
            why = "2xx, or 400 from the provider's rules"
            return Prediction(request, None, why, allowed=(400,), registry=known)
        return Prediction(request, True, f"2xx: the run holds {registry_id!r}", registry=known)

    def _collection(self, request: Request) -> Prediction:
        refused = _query_problem(request) or (Refusal.INVALID if _body_problem(request) else None)
        if refused is not None:
            allowed = (400,) if refused is Refusal.LIMIT else ()
            return Prediction(request, False, f"a 4xx: {refused.value}", refused, allowed)
        known = self.registries  # read while the answer is judged, before `settle` moves on
        if request.operation is CREATE and provider_bound(request.body):
            why = "2xx, or 400 from the provider's rules"
            return Prediction(request, None, why, allowed=(400,), known=known)
        if request.operation is LIST:
            cursor = request.query.get(PAGINATION.cursor)
            given = PAGINATION.cursor in request.query
            if given and (request.team, str(cursor)) not in self._cursors:
                why = "2xx, or 400 for a cursor the server did not issue"
                return Prediction(request, None, why, allowed=(400,), known=known)
            return Prediction(request, True, "2xx: a page of the team's registries", known=known)
        return Prediction(request, True, "2xx: a schema-valid request", known=known)

    # --- after the answer ----------------------------------------------------------------

    def settle(self, prediction: Prediction, answer: Answer, step: int) -> None:
        """Move the state on by what the answer says (it has been judged already)."""
        request = prediction.request
        if request.credentials.kind is not Kind.VALID or prediction.refusal is Refusal.NEGATIVE:
            if request.operation is CREATE and answer.ok:
                self._created(request, answer, step, trusted=False)
            return
        known = prediction.registry
        if prediction.refusal is Refusal.OTHER_TEAM and known is not None:
            self._probed(request, answer, known)
        elif request.operation is CREATE and answer.ok:
            self._created(request, answer, step, trusted=True)
        elif request.operation is LIST and answer.ok:
            self._listed(request, answer, step)
        elif known is not None:
            known.steps.append(step)
            if answer.ok:
                self._answered(request, answer, known, step)

    def _created(self, request: Request, answer: Answer, step: int, *, trusted: bool) -> None:
        body = answer.json
        if not isinstance(body, dict) or not isinstance(body.get(ID), str):
            return  # the schema check reports an answer without an id
        sent = request.body if trusted and isinstance(request.body, dict) else {}
        known = Known(body[ID], request.team or Team.FIRST, owned=True, steps=[step])
        known.members = {
            name: Expected(value, Write.CREATE, step)
            for name, value in sent.items()
            if name in RESOURCE.members and name not in WRITE_ONLY
        }
        known.seen(Sighting(body, CREATE.label, step))
        self.registries[known.id] = known

    def _listed(self, request: Request, answer: Answer, step: int) -> None:
        page = answer.json
        if not isinstance(page, dict):
            return
        cursor = page.get(PAGINATION.next_cursor)
        if isinstance(cursor, str):
            self._cursors.add((request.team, cursor))
        items = page.get(PAGINATION.results)
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict) or not isinstance(item.get(ID), str):
                continue
            known = self.registries.get(item[ID])
            if known is None:
                found = Known(item[ID], request.team or Team.FIRST, owned=False, steps=[step])
                found.seen(Sighting(item, LIST.label, step))
                self.registries[found.id] = found
            elif known.team is request.team and known.deleted is None:
                known.steps.append(step)
                known.seen(Sighting(item, LIST.label, step))

    def _answered(self, request: Request, answer: Answer, known: Known, step: int) -> None:
        body = answer.json if isinstance(answer.json, dict) else {}
        operation = request.operation
        if operation is GET and body.get(ID) == known.id:
            known.seen(Sighting(body, GET.label, step))
        elif operation is TEST_CONNECTION:
            known.safe_calls.append("test-connection")
        elif operation is UPDATE and known.owned:
            sent = request.body if isinstance(request.body, dict) else {}
            for name, value in sent.items():
                if name in RESOURCE.members and name not in WRITE_ONLY:
                    known.members[name] = Expected(value, Write.UPDATE, step)
            known.by_operation.clear()
            known.seen(Sighting(body, UPDATE.label, step))
        elif operation is DELETE:
            known.deleted = step

    def _probed(self, request: Request, answer: Answer, known: Known) -> None:
        """The other team's request to this registry: a refused write is noted, so the next
        read shows whether it changed anything; one that went through leaves the registry
        the other team's to describe, and a delete that went through, gone."""
        if request.operation.method == "GET":
            return
        if not answer.ok:
            known.probes.append(f"{request.operation.label} with the other team's token")
        elif request.operation is DELETE:
            known.deleted = known.steps[-1] if known.steps else 0
        else:
            known.compromised = True
