"""Before any test: one authenticated list request per token, so a configuration mistake is one
line and exit 2 instead of a wall of failures.

With a second team's token it also checks that the token is accepted, is not the first one, and
does not see the very registries the first one sees (then both belong to one team, and no
isolation can be judged).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import requests

from api_spec.registries import ID, LIMIT, PAGINATION
from contract_tests.wire.errors import RunError
from contract_tests.wire.policy import COLLECTION

SAME_TEAM = (
    "the two tokens belong to the same team (both list the same registries, and each reads "
    "the other's): SECOND_API_TOKEN must be another team's"
)


def _get(url: str, token: str, timeout: float, limit: int) -> requests.Response:
    return requests.get(
        url + COLLECTION,
        params={PAGINATION.limit: limit},
        headers={"Authorization": f"Bearer {token}"},
        timeout=timeout,
        allow_redirects=False,
    )


def _page(response: requests.Response) -> dict[str, Any] | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    ok = response.status_code == 200 and isinstance(body, dict) and PAGINATION.results in body
    return body if ok else None


def preflight(base_url: str, token: str, timeout: float, second_token: str | None = None) -> None:
    """RunError, saying what to fix, unless the base URL answers the list with each token."""
    first = _checked(base_url, token, timeout, "API_TOKEN")
    if second_token is None:
        return
    if second_token == token:
        raise RunError("SECOND_API_TOKEN is API_TOKEN: give the token of another team")
    second = _checked(base_url, second_token, timeout, "SECOND_API_TOKEN")
    if first is None or second is None or not _same_registries(first, second):
        return
    # The same list from both: one team, or a list that leaks across teams (the checks' to
    # find). A server that keeps teams apart refuses the second token a first-team registry.
    registry = sorted(_ids(first))[0]
    try:
        answer = requests.get(
            f"{base_url}{COLLECTION}/{quote(registry, safe='')}",
            headers={"Authorization": f"Bearer {second_token}"},
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.RequestException as error:
        raise RunError(f"cannot reach {base_url}: {type(error).__name__}") from None
    if answer.status_code not in (403, 404):
        raise RunError(SAME_TEAM)


def _checked(base: str, token: str, timeout: float, variable: str) -> dict[str, Any] | None:
    """The first page the token gets (None when throttled), or RunError saying what to fix."""
    try:
        answer = _get(base, token, timeout, int(LIMIT.minimum or 1))
    except requests.RequestException as error:
        raise RunError(f"cannot reach {base}: {type(error).__name__}; check --base-url") from None
    if answer.status_code in (401, 403):
        raise RunError(f"the token was refused by {base} ({answer.status_code}); check {variable}")
    if answer.status_code == 429:
        return None  # an API that throttles is there; whether it recovers is the suite's to judge
    page = _page(answer)
    if answer.status_code == 404 or (answer.status_code < 500 and page is None):
        raise RunError(f"no container-registries API at {base}: {_suggestion(base, token, answer)}")
    return page


def _ids(page: dict[str, Any]) -> set[str]:
    items = page.get(PAGINATION.results)
    return (
        {str(i.get(ID)) for i in items if isinstance(i, dict)} if isinstance(items, list) else set()
    )


def _same_registries(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Both tokens' first pages show the same registries (and some): one team, or a list that
    leaks across teams. Two empty teams say nothing."""
    ids = _ids(first)
    return bool(ids) and ids == _ids(second)


def _suggestion(base: str, token: str, answer: requests.Response) -> str:
    said = f"GET {COLLECTION} answered {answer.status_code}"
    if base.rstrip("/").endswith("/v1"):
        return said
    with_v1 = base.rstrip("/") + "/v1"
    try:
        found = _page(_get(with_v1, token, 10.0, int(LIMIT.minimum or 1))) is not None
    except requests.RequestException:
        return said
    return f"{said}; {with_v1} answers it: pass --base-url {with_v1}" if found else said
