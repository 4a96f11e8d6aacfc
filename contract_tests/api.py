"""The suite's own requests (outside schemathesis), and the operation labels the reports use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests

from contract_tests.checks.responses import json_body
from contract_tests.context import RunContext
from contract_tests.policy import COLLECTION
from contract_tests.session import GuardedSession

LIST = "GET /container-registries"
CREATE = "POST /container-registries"
GET = "GET /container-registries/{id}"
UPDATE = "PUT /container-registries/{id}"
DELETE = "DELETE /container-registries/{id}"
TEST_CONNECTION = "GET /container-registries/{id}/test-connection"
TIMEOUT = 30


def send(
    run: RunContext, session: GuardedSession, operation: str, registry_id: str = "", **kwargs: Any
) -> requests.Response:
    method, template = operation.split(" ", 1)
    path = template.replace("{id}", registry_id) if registry_id else template
    return session.request(method, run.url(path), timeout=TIMEOUT, **kwargs)


@dataclass
class Walk:
    pages: list[dict[str, Any]] = field(default_factory=list)
    responses: list[requests.Response] = field(default_factory=list)
    ended: bool = False

    @property
    def ids(self) -> list[str]:
        return [str(item.get("id")) for page in self.pages for item in page.get("items") or []]

    @property
    def items(self) -> list[dict[str, Any]]:
        return [item for page in self.pages for item in page.get("items") or []]


def walk(run: RunContext, session: GuardedSession, params: dict[str, Any], max_pages: int) -> Walk:
    """Follow `nextPage` from the first page; stop at a non-200, the end, or `max_pages`."""
    result = Walk()
    query = dict(params)
    for _ in range(max_pages):
        response = session.get(run.url(COLLECTION), params=query, timeout=TIMEOUT)
        result.responses.append(response)
        page = json_body(response)
        if response.status_code != 200 or not isinstance(page, dict):
            result.ended = True
            return result
        result.pages.append(page)
        next_page = page.get("nextPage")
        if page.get("hasMore") is not True or not isinstance(next_page, str):
            result.ended = True
            return result
        query = {**params, "after": next_page}
    return result
