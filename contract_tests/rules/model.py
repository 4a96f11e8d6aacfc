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
- when the run last wrote to it, so a read soon after can be told apart from a lagging one;
- for a deleted registry, the step of its delete: a tombstone, so every later request that
  names it, by id or by listing, is predicted to find it gone.

Registries the run only found in a list are held too (a read-only run's), with less known of
them: someone else may change or delete them while the run goes on.

The model never knows which ids a server has issued: an id the run did not get from the
server may name a registry all the same (ids from a sequence), so its answer is judged by what
comes back, and a registry that comes back with exactly that id is learned.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from api_spec.registries import (
    CREATE,
    DELETE,
    ECHOED,
    GET,
    ID,
    LIST,
    PAGINATION,
    RULES,
    TEST_CONNECTION,
    UPDATE,
)
from contract_tests.rules.compare import listed, unreachable
from contract_tests.rules.exchange import Answer, Asked, Request
from contract_tests.wire.credentials import Kind, Team

# The refusals the docs allow for an id the server never issued: 404; 400 for an id outside
# the server's format; 403. Never 401 once the token is known to be good.
UNKNOWN_ID_REFUSALS = (400, 403, 404)


class Write(Enum):
    CREATE = "create"
    UPDATE = "update"


@dataclass(frozen=True)
class Expected:
    """A member's value as the run set it, and the write that set it. `alternatives`: other
    values a server may have stored instead (a body that named the member twice)."""

    value: Any
    write: Write
    step: int
    alternatives: tuple[Any, ...] = ()

    def allows(self, value: Any) -> bool:
        return bool(value == self.value) or value in self.alternatives


@dataclass(frozen=True)
class Sighting:
    representation: Mapping[str, Any]
    operation: str
    step: int
    at: float = 0.0  # time.monotonic() when the answer came
    source: Request | None = None  # the request whose answer showed it (to read it again)


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
    born: int = 0  # the step it was created (owned) or first seen (found)
    written_at: float | None = None  # time.monotonic() of the run's last write to it
    last_write: Sighting | None = None  # what the run's last write to it answered

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

    @property
    def describable(self) -> bool:
        """Live, and still the run's to describe: no write of the other team went through, and
        none came between (isolation's to judge)."""
        return self.deleted is None and not self.compromised and not self.probes

    def seen(self, sighting: Sighting) -> None:
        self.last = self.by_operation[sighting.operation] = sighting
        self.safe_calls.clear()
        self.probes.clear()


@dataclass(frozen=True)
class Prediction:
    """What the model says a request must get, from the state it holds, before the answer.

    `success`: True, a 2xx; False, a refusal (for `asked`'s reason); None, either, a refusal
    only with one of `allowed` (any 4xx when empty). `why` says it in words, for the reports.
    """

    request: Request
    success: bool | None
    why: str
    asked: Asked = Asked.ALLOWED
    allowed: tuple[int, ...] = ()
    registry: Known | None = None  # the model's record of the registry the path names
    # For a list: the records of the registries its pages may show, by id (the team's live
    # ones, the run's deleted ones, and the other team's, which it must never show).
    known: Mapping[str, Known] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        """The request is one the server must or may refuse for a reason of its own kind."""
        return self.asked is not Asked.ALLOWED


def provider_bound(body: Any, stored_kind: Any = None, *, kind_unknown: bool = False) -> bool:
    """Whether the provider's rules apply to this body, so the docs let the server refuse it:
    it names a kind that has rules, or changes the URL of a registry whose kind has rules.
    `kind_unknown`: an update of a registry whose stored kind is not known, which may have."""
    if not isinstance(body, dict):
        return False
    if RULES.kind_member in body:
        return RULES.has_rules(body[RULES.kind_member])
    return RULES.member in body and (kind_unknown or RULES.has_rules(stored_kind))


def _query_problem(request: Request) -> Asked | None:
    """Why the request's query breaks the spec, if it does (unknown parameters are ignored,
    as HTTP APIs ignore them)."""
    for name, parameter in request.operation.parameters.items():
        if parameter.location != "query" or name not in request.query:
            continue
        value = request.query[name]
        try:
            parameter.parse(value if isinstance(value, str) else str(value))
        except ValueError:
            return Asked.LIMIT if name == PAGINATION.limit else Asked.INVALID
    return None


def _body_problem(request: Request) -> bool:
    schema = request.operation.body
    return schema is not None and bool(schema.problems(request.body))


def sent_members(body: Any) -> dict[str, Any]:
    """The members a create or update sent that the API shows again (a registry's member that
    no request body defines, such as its creation time, is not one: a server ignores it)."""
    if not isinstance(body, dict):
        return {}
    return {k: v for k, v in body.items() if k in ECHOED}


def _with_leeway(prediction: Prediction) -> Prediction:
    """A request a server may refuse though the docs allow it (a variant a standard calls the
    same as the plain request, a value a server may reasonably refuse): a 2xx, or a 4xx."""
    request = prediction.request
    reason = request.equivalent and f"the same as the plain request by {request.equivalent}"
    reason = reason or request.leeway
    if not reason or prediction.success is not True:
        return prediction
    why = f"2xx, or a 4xx: {reason}"
    return replace(prediction, success=None, why=why, allowed=())


class Model:
    def __init__(self) -> None:
        self.registries: dict[str, Known] = {}
        self._cursors: set[tuple[Team | None, str]] = set()  # cursors the server issued
        # Each team's writes that went through, in order: (step, time.monotonic()).
        self.writes: dict[Team, list[tuple[int, float]]] = {team: [] for team in Team}

    def tracked(self, registry_id: str) -> Known | None:
        return self.registries.get(registry_id)

    def held_by(self, team: Team) -> list[Known]:
        """The live registries the run created with `team`'s token."""
        return [
            known
            for known in self.registries.values()
            if known.team is team and known.owned and known.deleted is None
        ]

    def issued(self, team: Team | None, cursor: str) -> bool:
        return (team, cursor) in self._cursors

    def last_write(self, team: Team | None, before: int | None = None) -> tuple[int, float] | None:
        """The team's latest write that went through (before step `before`, if given):
        (step, when), or None."""
        writes = self.writes.get(team) if team is not None else None
        for step, when in reversed(writes or []):
            if before is None or step < before:
                return step, when
        return None

    def wrote_between(self, team: Team | None, first: int, last: int) -> bool:
        """Whether the team wrote between two steps (exclusive)."""
        return team is not None and any(first < step < last for step, _ in self.writes[team])

    def alive_throughout(self, team: Team | None, first: int, last: int) -> dict[str, Known]:
        """The team's registries that existed from before step `first` to after step `last`,
        as far as the run knows: created (or first seen) before, and not deleted until after."""
        return {
            known.id: known
            for known in self.registries.values()
            if known.team is team
            and known.born < first
            and (known.deleted is None or known.deleted > last)
            and not known.compromised
        }

    # --- before the answer ---------------------------------------------------------------

    def predict(self, request: Request) -> Prediction:
        credentials = request.credentials
        if credentials.kind is Kind.NONE:
            return Prediction(request, False, "401: it carries no token", Asked.NO_TOKEN, (401,))
        if credentials.kind is Kind.WRONG:
            why = "401: its token belongs to no team"
            return Prediction(request, False, why, Asked.WRONG_TOKEN, (401,))
        if request.negative:
            return Prediction(request, False, "a 4xx: it breaks the schema", Asked.NEGATIVE)
        if request.raw is not None:
            why = "400: its body is not JSON"
            return Prediction(request, False, why, Asked.MALFORMED, (400,))
        prediction = (
            self._by_id(request, request.registry)
            if request.registry is not None
            else self._collection(request)
        )
        return _with_leeway(prediction)

    def _by_id(self, request: Request, registry_id: str) -> Prediction:
        known = self.registries.get(registry_id)
        if known is None:
            why = (
                f"404, 400 or 403 for {registry_id!r}, an id the run did not get from the "
                "server; or the registry with exactly that id"
            )
            return Prediction(request, None, why, Asked.UNKNOWN_ID, UNKNOWN_ID_REFUSALS)
        if known.team is not request.team:
            why = f"403 or 404: {registry_id!r} is a registry of the other team"
            return Prediction(request, False, why, Asked.OTHER_TEAM, (403, 404), known)
        if known.deleted is not None:
            why = f"a 4xx: the run deleted {registry_id!r} (step {known.deleted + 1})"
            return Prediction(request, False, why, Asked.DELETED, registry=known)
        refused = _query_problem(request) or (Asked.INVALID if _body_problem(request) else None)
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
        refused = _query_problem(request) or (Asked.INVALID if _body_problem(request) else None)
        if refused is not None:
            allowed = (400,) if refused is Asked.LIMIT else ()
            return Prediction(request, False, f"a 4xx: {refused.value}", refused, allowed)
        known = self.registries  # read while the answer is judged, before `settle` moves on
        if request.operation is CREATE and provider_bound(request.body):
            why = "2xx, or 400 from the provider's rules"
            return Prediction(request, None, why, allowed=(400,), known=known)
        if request.operation is LIST:
            cursor = request.query.get(PAGINATION.cursor)
            given = PAGINATION.cursor in request.query
            if given and request.near_miss:
                why = f"400: a near miss of a cursor the server issued ({request.near_miss})"
                return Prediction(request, False, why, Asked.NEAR_CURSOR, known=known)
            if given and not self.issued(request.team, str(cursor)):
                why = "2xx, or 400 for a cursor the server did not issue to this team"
                return Prediction(request, None, why, allowed=(400,), known=known)
            return Prediction(request, True, "2xx: a page of the team's registries", known=known)
        return Prediction(request, True, "2xx: a schema-valid request", known=known)

    # --- after the answer ----------------------------------------------------------------

    def settle(self, prediction: Prediction, answer: Answer, step: int) -> None:
        """Move the state on by what the answer says (it has been judged already)."""
        request = prediction.request
        if request.credentials.kind is not Kind.VALID or prediction.asked is Asked.NEGATIVE:
            if request.operation is CREATE and answer.ok:
                self._created(request, answer.json, step, trusted=False)
            return
        known = prediction.registry
        if prediction.asked is Asked.OTHER_TEAM and known is not None:
            self._probed(request, answer, known, step)
        elif request.operation is CREATE and answer.ok:
            self._created(request, answer.json, step, trusted=True)
        elif request.operation is LIST and answer.ok:
            self._listed(request, answer, step)
        elif prediction.asked is Asked.UNKNOWN_ID and answer.ok:
            self._learned(request, answer, step)
        elif known is not None:
            known.steps.append(step)
            if answer.ok:
                self._answered(request, answer, known, step)
            elif answer.status == 404 and not known.owned and request.operation is GET:
                known.deleted = step  # someone else deleted a registry the run only found

    def adopt(self, request: Request, found: Mapping[str, Any], step: int) -> None:
        """A create whose answer was lost (a gateway's 5xx) made `found`, which a list showed
        under the name it sent: the run created it, with the members it sent."""
        self._created(request, found, step, trusted=True)

    def _wrote(self, team: Team | None, step: int) -> float:
        now = time.monotonic()
        if team is not None:
            self.writes[team].append((step, now))
        return now

    def _created(self, request: Request, body: Any, step: int, *, trusted: bool) -> None:
        if not isinstance(body, dict) or not isinstance(body.get(ID), str):
            return  # the schema check reports an answer without an id
        team = request.team or Team.FIRST
        known = Known(body[ID], team, owned=True, steps=[step], born=step)
        sent = sent_members(request.body) if trusted else {}
        known.members = {
            name: Expected(value, Write.CREATE, step, request.alternatives.get(name, ()))
            for name, value in sent.items()
        }
        known.written_at = self._wrote(team, step)
        known.last_write = Sighting(body, CREATE.label, step, known.written_at)
        known.seen(known.last_write)
        self.registries[known.id] = known

    def _learned(self, request: Request, answer: Answer, step: int) -> None:
        """A registry answered for an id the run made up or varied: the server did issue it."""
        body = answer.json
        registry_id = request.registry
        if not isinstance(body, dict) or registry_id is None or body.get(ID) != registry_id:
            return  # another registry answered: `unknown_id_refused` reports it
        found = Known(registry_id, request.team or Team.FIRST, owned=False, steps=[step])
        found.born = step
        found.seen(Sighting(body, request.label, step, time.monotonic(), request))
        self.registries[registry_id] = found

    def _listed(self, request: Request, answer: Answer, step: int) -> None:
        page = answer.json
        if not isinstance(page, dict):
            return
        cursor = page.get(PAGINATION.next_cursor)
        if isinstance(cursor, str):
            self._cursors.add((request.team, cursor))
        now = time.monotonic()
        for item in listed(page):
            if not isinstance(item.get(ID), str):
                continue
            known = self.registries.get(item[ID])
            if known is None:
                team = request.team or Team.FIRST
                found = Known(item[ID], team, owned=False, steps=[step], born=step)
                found.seen(Sighting(item, LIST.label, step, now, request))
                self.registries[found.id] = found
            elif known.team is request.team and known.deleted is None:
                known.steps.append(step)
                known.seen(Sighting(item, LIST.label, step, now, request))

    def _answered(self, request: Request, answer: Answer, known: Known, step: int) -> None:
        body = answer.json if isinstance(answer.json, dict) else {}
        operation = request.operation
        if operation is GET and body.get(ID) == known.id:
            known.seen(Sighting(body, GET.label, step, time.monotonic(), request))
        elif operation is TEST_CONNECTION:
            known.safe_calls.append("test-connection")
        elif operation is UPDATE and known.owned:
            for name, value in sent_members(request.body).items():
                alternatives = request.alternatives.get(name, ())
                known.members[name] = Expected(value, Write.UPDATE, step, alternatives)
            known.by_operation.clear()
            known.written_at = self._wrote(known.team, step)
            known.last_write = Sighting(body, UPDATE.label, step, known.written_at)
            known.seen(known.last_write)
        elif operation is DELETE:
            known.deleted = step
            known.written_at = self._wrote(known.team, step)

    def deleted_by_retry(self, request: Request, step: int) -> None:
        """A delete retried after a gateway's 5xx found its registry gone: the first attempt,
        whose answer the gateway lost, deleted it."""
        known = self.registries.get(request.registry or "")
        if known is not None and known.deleted is None:
            known.steps.append(step)
            known.deleted = step
            known.written_at = self._wrote(known.team, step)

    def _probed(self, request: Request, answer: Answer, known: Known, step: int) -> None:
        """The other team's request to this registry: a refused write is noted, so the next
        read shows whether it changed anything; one that went through leaves the registry
        the other team's to describe, and a delete that went through, gone."""
        if request.operation.method == "GET":
            return
        known.steps.append(step)  # its story, for a replay: the other team's write in it
        if not answer.ok:
            known.probes.append(f"{request.operation.label} with the other team's token")
        elif request.operation is DELETE:
            known.deleted = step
        else:
            known.compromised = True
