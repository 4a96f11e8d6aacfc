"""The suite's requests: each a schemathesis case sent through the run's request layer, its
answer predicted by the model before it goes and judged by the observer when it comes; and the
walk of a list across its pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from schemathesis import Case
from schemathesis.core import NOT_SET
from schemathesis.core.transport import Response

from api_spec import Operation
from api_spec.registries import ID, LIST, PAGINATION
from contract_tests.record.observer import Observer, json_or_none
from contract_tests.rules.exchange import Request
from contract_tests.rules.model import Prediction
from contract_tests.rules.violations import Violation
from contract_tests.suite import schema
from contract_tests.wire.cleanup import next_cursor
from contract_tests.wire.client import Wire
from contract_tests.wire.credentials import Credentials, Team
from contract_tests.wire.errors import StoppedAnswering
from contract_tests.wire.session import MAX_SILENT, NO_ANSWER


class Client:
    def __init__(self, wire: Wire, observer: Observer) -> None:
        self.wire = wire
        self.observer = observer

    def send(
        self,
        case: Case[Any],
        credentials: Credentials | None = None,
        raw: bytes | None = None,
        *,
        generated: bool = True,
    ) -> Response:
        """Send `case` (or `raw` as its JSON body) with `credentials` (the first team's by
        default) and judge the answer. `generated`: schemathesis made the case (and says
        whether it breaks the schema). No answer is a finding, and the test ends there."""
        chosen = credentials or self.wire.teams[Team.FIRST]
        prediction = self.observer.predict(Request(case, chosen, raw, generated))
        extra: dict[str, Any] = {}
        if raw is not None:
            extra = {"data": raw, "headers": {"Content-Type": "application/json"}}
        session = self.wire.session(chosen)
        try:
            response = case.call(base_url=self.wire.base_url, session=session, **extra)
        except NO_ANSWER as error:
            self.unanswered(prediction, error)
            raise
        self.observer.judge(prediction, response)
        return response

    def unanswered(self, prediction: Prediction, error: requests.RequestException) -> None:
        """Book a request that got no answer, then end the test (or the run, once the server
        has stopped answering)."""
        finding = self.observer.unanswered(prediction, error)
        guards = self.wire.guards
        if guards.silent >= MAX_SILENT:
            raise StoppedAnswering(guards.stopped_answering) from None
        if finding is not None:
            raise Violation([finding]) from None

    def request(
        self,
        operation: Operation,
        *,
        registry_id: str | None = None,
        query: dict[str, Any] | None = None,
        body: Any = NOT_SET,
        credentials: Credentials | None = None,
        raw: bytes | None = None,
    ) -> Response:
        """One request of the suite's own to `operation`."""
        case = schema.case(operation, registry_id=registry_id, query=query, body=body)
        return self.send(case, credentials, raw, generated=False)

    def walk(
        self,
        query: dict[str, Any],
        max_pages: int,
        between: Callable[[Walk], None] | None = None,
        credentials: Credentials | None = None,
    ) -> Walk:
        """Follow the cursor from the first page; stop at a non-200, the end, or `max_pages`.

        `between(walk)` runs after each page but the last, for writes between the pages.
        """
        result = Walk()
        params = dict(query)
        for _ in range(max_pages):
            response = self.request(LIST, query=params, credentials=credentials)
            result.answers.append(response)
            assert self.observer.last is not None  # the page just judged
            result.exchanges.append(self.observer.last)
            page = json_or_none(response)
            if response.status_code != 200 or not isinstance(page, dict):
                result.ended = True
                return result
            result.pages.append(page)
            cursor = next_cursor(page)
            if cursor is None:
                result.ended = True
                return result
            if between is not None:
                between(result)
            params = {**query, PAGINATION.cursor: cursor}
        return result


def created_id(response: Response) -> str | None:
    body = json_or_none(response)
    if 200 <= response.status_code < 300 and isinstance(body, dict):
        value = body.get(ID)
        return value if isinstance(value, str) else None
    return None


@dataclass
class Walk:
    pages: list[dict[str, Any]] = field(default_factory=list)
    answers: list[Response] = field(default_factory=list)
    exchanges: list[tuple[Request, int]] = field(default_factory=list)  # each page's request
    ended: bool = False

    @property
    def items(self) -> list[dict[str, Any]]:
        found = []
        for page in self.pages:
            items = page.get(PAGINATION.results)
            if isinstance(items, list):
                found += [item for item in items if isinstance(item, dict)]
        return found

    @property
    def ids(self) -> list[str]:
        return [str(item.get(ID)) for item in self.items]
