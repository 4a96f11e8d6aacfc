"""The suite's own requests, as schemathesis cases through the run's session, each answer
observed (`contract_tests.observer`); and the walk of a list across its pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from schemathesis.core import NOT_SET
from schemathesis.core.transport import Response

from api_spec import Operation
from api_spec.registries import ID, LIST, PAGINATION
from contract_tests import api
from contract_tests.checks.requests import valid_input_accepted
from contract_tests.context import RunContext
from contract_tests.observer import json_or_none

__all__ = ["Walk", "created_id", "json_or_none", "next_cursor", "send", "walk"]
from contract_tests.session import GuardedSession


def send(
    run: RunContext,
    operation: Operation,
    *,
    registry_id: str | None = None,
    query: dict[str, Any] | None = None,
    body: Any = NOT_SET,
    session: GuardedSession | None = None,
    valid: bool = False,
    raw: bytes | None = None,
) -> Response:
    """Send one request and observe its answer.

    `valid`: the request is schema-valid, so it must be accepted (`valid_input_accepted`).
    `raw`: send these bytes as the JSON body instead of `body` (a malformed one).
    """
    case = api.case(operation, registry_id=registry_id, query=query, body=body)
    extra: dict[str, Any] = {}
    if raw is not None:
        extra = {"data": raw, "headers": {"Content-Type": "application/json"}}
    response = case.call(base_url=run.settings.base_url, session=session or run.session(), **extra)
    run.observer.answer(case, response, also=(valid_input_accepted,) if valid else ())
    return response


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
    ended: bool = False

    @property
    def items(self) -> list[dict[str, Any]]:
        found = []
        for page in self.pages:
            items = page.get(PAGINATION.results)
            found += (
                [item for item in items if isinstance(item, dict)]
                if isinstance(items, list)
                else []
            )
        return found

    @property
    def ids(self) -> list[str]:
        return [str(item.get(ID)) for item in self.items]


def next_cursor(page: dict[str, Any]) -> str | None:
    cursor = page.get(PAGINATION.next_cursor)
    if page.get(PAGINATION.has_more) is True and isinstance(cursor, str) and cursor:
        return cursor
    return None


def walk(
    run: RunContext,
    query: dict[str, Any],
    max_pages: int,
    between: Any = None,
) -> Walk:
    """Follow the cursor from the first page; stop at a non-200, the end, or `max_pages`.

    `between(walk)` runs after each page but the last, for writes between the pages.
    """
    result = Walk()
    params = dict(query)
    for _ in range(max_pages):
        response = send(run, LIST, query=params, valid=True)
        result.answers.append(response)
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
