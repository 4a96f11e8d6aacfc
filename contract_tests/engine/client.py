"""The suite's requests: each a schemathesis case sent through the run's request layer, its
answer predicted by the model before it goes and judged by the engine when it comes; and the
walk of a list across its pages.

Two answers are not taken at their word:

- a read that may show an older state (the engine says so) is sent again, after the wait the
  engine names, until it no longer does or the consistency window has passed;
- a create answered by a gateway's 502, 503 or 504 may have made its registry all the same,
  so before it is sent again the team's newest registries are read for the unique name it
  sent: a registry found is the run's (the model learns it, the ledger keeps it, the cleanup
  deletes it), and none found lets the create be sent again, a few times at most.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from schemathesis import Case
from schemathesis.core import NOT_SET
from schemathesis.core.transport import Response

from api_spec import Operation
from api_spec.registries import CREATE, CREATED, GET, ID, LIMIT, LIST, PAGINATION
from contract_tests.engine.engine import Engine
from contract_tests.engine.schema import case as schema_case
from contract_tests.rules.compare import listed
from contract_tests.rules.evidence import Exchange, WalkSeen
from contract_tests.rules.exchange import Request
from contract_tests.rules.violations import Violation
from contract_tests.wire.client import Wire
from contract_tests.wire.credentials import Credentials, Kind, Team
from contract_tests.wire.delivery import IDEMPOTENT, TRANSIENT
from contract_tests.wire.errors import StoppedAnswering
from contract_tests.wire.pacing import MAX_TRANSIENT_RETRIES, backoff_seconds, retry_after_seconds
from contract_tests.wire.session import EXACT, MAX_SILENT, NO_ANSWER

# How many pages of a team's newest registries are read for a create a gateway answered.
SEARCH_PAGES = 3
LARGEST = int(LIMIT.maximum or 100)


@dataclass
class Walked:
    """A walk as the walker made it: the pages, their answers, and the walk as judged."""

    pages: list[dict[str, Any]] = field(default_factory=list)
    answers: list[Response] = field(default_factory=list)
    ended: bool = False
    seen: WalkSeen | None = None

    @property
    def items(self) -> list[dict[str, Any]]:
        return [item for page in self.pages for item in listed(page)]

    @property
    def ids(self) -> list[str]:
        return [str(item.get(ID)) for item in self.items]


class Client:
    def __init__(self, wire: Wire, engine: Engine) -> None:
        self.wire = wire
        self.engine = engine

    # --- one request ---------------------------------------------------------------------

    def send(
        self,
        case: Case[Any],
        credentials: Credentials | None = None,
        raw: bytes | None = None,
        *,
        generated: bool = True,
        **written: Any,
    ) -> Response:
        """Send `case` (or `raw` as its JSON body) with `credentials` (the first team's by
        default) and have it judged. `generated`: schemathesis made the case (and says whether
        it breaks the schema); `written`: how the request is written otherwise than the case
        writes it, and what that means (`Request`'s `near_miss`, `alternatives`, `target`,
        `encoded`, `equivalent`, `leeway`). No answer is a finding, and the test ends there."""
        chosen = credentials or self.wire.teams[Team.FIRST]
        request = Request(case, chosen, raw, generated, **written)
        exchange = self.exchange(request)
        if exchange.answer is None:
            self._unanswered()
        assert exchange.answer is not None
        return exchange.answer.response

    def request(
        self,
        operation: Operation,
        *,
        registry_id: str | None = None,
        query: dict[str, Any] | None = None,
        body: Any = NOT_SET,
        credentials: Credentials | None = None,
        raw: bytes | None = None,
        **written: Any,
    ) -> Response:
        """One request of the suite's own to `operation` (see `send` for `written`)."""
        case = schema_case(operation, registry_id=registry_id, query=query, body=body)
        return self.send(case, credentials, raw, generated=False, **written)

    def exchange(self, request: Request, attempt: int = 0) -> Exchange:
        """Send a request and have it judged: again while the engine says its answer may be an
        older state; a create a gateway answered, looked for before it is sent again."""
        episode = None
        while True:
            exchange = self._transmit(request)
            if self._unretried(exchange):
                return self._recover(exchange, attempt)
            episode = self.engine.judge(exchange, episode)
            if episode is None:
                return exchange
            for earlier in episode.first:
                self.exchange(earlier)
            time.sleep(episode.wait)

    def _transmit(self, request: Request) -> Exchange:
        prediction = self.engine.predict(request)
        session = self.wire.session(request.credentials)
        extra: dict[str, Any] = {}
        if request.raw is not None:
            extra = {"data": request.raw, "headers": {"Content-Type": "application/json"}}
        try:
            if request.target or request.encoded is not None:
                response = self._as_written(request)
            else:
                response = request.case.call(base_url=self.wire.base_url, session=session, **extra)
        except NO_ANSWER as error:
            first = (str(error).splitlines() or [""])[0][:200]
            return self.engine.exchange(prediction, None, session.last, type(error).__name__
                                        + (f": {first}" if first else ""))  # fmt: skip
        return self.engine.exchange(prediction, response, session.last)

    def _as_written(self, request: Request) -> Response:
        """Send a request as written, not as its case would write it: the path and query exactly
        (`target`), a JSON body as its bytes (`encoded`)."""
        case = request.case
        target = request.target or case.formatted_path
        url = self.wire.base_url + target
        kwargs: dict[str, Any] = {EXACT: bool(request.target)}
        if not request.target and case.query:
            kwargs["params"] = case.query
        if request.encoded is not None:
            kwargs["data"] = request.encoded
            kwargs["headers"] = {"Content-Type": "application/json"}
        session = self.wire.session(request.credentials)
        answered = session.request(case.method.upper(), url, **kwargs)
        return Response.from_requests(answered, verify=True)

    def _unanswered(self) -> None:
        """End the test after a request that got no answer (its finding is booked), or the
        run, once the server has stopped answering."""
        guards = self.wire.guards
        if guards.silent >= MAX_SILENT:
            raise StoppedAnswering(guards.stopped_answering) from None
        book = self.engine.book
        if book.latest:
            raise Violation(book.latest[-1:]) from None
        raise requests.ConnectionError("no answer")

    # --- a create a gateway answered ---------------------------------------------------

    @staticmethod
    def _unretried(exchange: Exchange) -> bool:
        """A gateway's 502, 503 or 504 to a request the request layer does not send again
        itself: one that is not idempotent (a create, or a method the API does not take)."""
        method = exchange.request.case.method.upper()
        return exchange.status in TRANSIENT and method not in IDEMPOTENT

    def _recover(self, exchange: Exchange, attempt: int) -> Exchange:
        """Look for the registry a create answered by a gateway may have made; adopt it if
        found (then read it: the caller gets the registry as created), else send it again. A
        request a correct server refuses (a create it cannot take, a method the API does not
        have) made nothing, and is sent again at once."""
        request = exchange.request
        status = exchange.status
        body = request.body
        if request.operation is CREATE:
            self.wire.guards.unsure_creates += 1  # whatever is found now, the cleanup sweeps too
        named = isinstance(body, dict) and isinstance(body.get("name"), str) and not request.raw
        creating = request.operation is CREATE and request.case.method.upper() == "POST"
        made = creating and exchange.prediction.success is not False and named
        found = self._look_for(str(body["name"]), request.credentials) if made else None
        if found is not None:
            team, item = found
            reason = f"a gateway's {status} to a create that made its registry (found by name)"
            self.engine.supersede(exchange, reason)
            self.engine.model.adopt(request, item, exchange.step)
            guards = self.wire.guards
            guards.policy.own(team, str(item[ID]))
            guards.ledger.created(str(item[ID]), team, str(item.get(CREATED, "")))
            read = schema_case(GET, registry_id=str(item[ID]))
            return self.exchange(Request(read, self.wire.teams[team], generated=False))
        if attempt >= MAX_TRANSIENT_RETRIES:
            self.engine.judge(exchange)  # a 5xx that persists: the checks judge it
            return exchange
        how = "none has its name" if made else "a correct server makes nothing of it"
        reason = f"a gateway's {status} to a request that made nothing ({how}): sent again"
        self.engine.supersede(exchange, reason)
        answer = exchange.answer
        header = answer.header("retry-after") if answer is not None else None
        time.sleep(retry_after_seconds(header) if header else backoff_seconds(attempt + 1))
        return self.exchange(request, attempt + 1)

    def _look_for(self, name: str, credentials: Credentials) -> tuple[Team, dict[str, Any]] | None:
        """The registry named `name` among each team's newest (the asking team's first)."""
        teams = [credentials.team] if credentials.kind is Kind.VALID else list(self.wire.teams)
        query: dict[str, Any] = {PAGINATION.limit: LARGEST}
        if PAGINATION.sort_direction:
            query[PAGINATION.sort_direction] = PAGINATION.descending
        for team in teams:
            if team is None or team not in self.wire.teams:
                continue
            walked = self.walk(query, SEARCH_PAGES, credentials=self.wire.teams[team])
            for item in walked.items:
                if item.get("name") == name and isinstance(item.get(ID), str):
                    return team, item
        return None

    # --- a walk --------------------------------------------------------------------------

    def walk(
        self,
        query: dict[str, Any],
        max_pages: int = 1000,
        between: Callable[[Walked], None] | None = None,
        credentials: Credentials | None = None,
    ) -> Walked:
        """Follow the cursor from the first page; stop at a page that is not a 200, the end,
        or `max_pages`; the walk is judged then. `between(walk)` runs after each page but the
        last, for writes between the pages. A walk that may show an older state is walked
        again (with no writes between)."""
        episode = None
        walked = self._walk_once(query, max_pages, between, credentials)
        while walked.seen is not None:
            episode = self.engine.judge_walk(walked.seen, episode)
            if episode is None:
                break
            if episode.confirm:
                for registry in episode.confirm:  # still there, or deleted by someone else?
                    self.request(GET, registry_id=registry, credentials=credentials)
                continue
            time.sleep(episode.wait)
            walked = self._walk_once(query, max_pages, None, credentials)
        return walked

    def _walk_once(
        self,
        query: dict[str, Any],
        max_pages: int,
        between: Callable[[Walked], None] | None,
        credentials: Credentials | None,
    ) -> Walked:
        walks = self.engine.walks
        result = Walked()
        params = dict(query)
        for _ in range(max_pages):
            walks.driving = True
            try:
                response = self.request(LIST, query=params, credentials=credentials)
            finally:
                walks.driving = False
            result.answers.append(response)
            result.seen = walks.current or result.seen
            page = _json(response)
            if response.status_code != 200 or not isinstance(page, dict):
                break
            result.pages.append(page)
            cursor = _next(page)
            if cursor is None:
                result.ended = True
                return result
            if between is not None:
                between(result)
            params = {**query, PAGINATION.cursor: cursor}
        if result.seen is not None and not result.seen.ended:
            result.seen = self.engine.abandon(result.seen)
        return result


def _json(response: Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def _next(page: dict[str, Any]) -> str | None:
    cursor = page.get(PAGINATION.next_cursor)
    if page.get(PAGINATION.has_more) is True and isinstance(cursor, str) and cursor:
        return cursor
    return None


def created_id(response: Response) -> str | None:
    body = _json(response)
    if 200 <= response.status_code < 300 and isinstance(body, dict):
        value = body.get(ID)
        return value if isinstance(value, str) else None
    return None
