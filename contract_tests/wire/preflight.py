"""Before any test: one authenticated list request per token, so a configuration mistake is one
line and exit 2 instead of a wall of failures.

With a second team's token it also checks that the token is accepted and is not the first one.
Two tokens are called one team only when the evidence allows nothing else: if both lists show
the same registries, each token reads a few of them; one that reads a registry the other
cannot proves two teams whose lists leak (the isolation checks judge that), and the run goes
on. Only when both lists are the same and both tokens read every registry asked for can one
not tell one team from a server that serves every team everything: the one line says both.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import requests

from api_spec.registries import ID, PAGINATION
from contract_tests.wire.errors import RunError
from contract_tests.wire.policy import COLLECTION

SAME_OR_LEAKING = (
    "the two tokens list the same registries and each reads every one of them: either they "
    "belong to one team (SECOND_API_TOKEN must be another team's), or the server serves every "
    "team's registries to every token (no isolation at all)"
)
# Registries both lists show that each token is asked for, at most.
SAMPLE = 3


def _get(url: str, token: str, timeout: float, params: dict[str, Any] | None = None) -> Any:
    return requests.get(
        url,
        params=params,
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
    if first is None or second is None or not _ids(first) or _ids(first) != _ids(second):
        return  # different lists (or none to compare): not one team
    for registry in sorted(_ids(first))[:SAMPLE]:
        reads = [_reads(base_url, registry, each, timeout) for each in (token, second_token)]
        if None in reads or reads[0] != reads[1]:
            return  # one token is refused what the other reads (or no telling): two teams
    raise RunError(SAME_OR_LEAKING)


def _reads(base: str, registry: str, token: str, timeout: float) -> bool | None:
    """Whether the token reads the registry; None when the answer tells nothing."""
    try:
        answer = _get(f"{base}{COLLECTION}/{quote(registry, safe='')}", token, timeout)
    except requests.RequestException as error:
        raise RunError(f"cannot reach {base}: {type(error).__name__}") from None
    if answer.status_code in (403, 404):
        return False
    return True if answer.status_code == 200 else None


def _checked(base: str, token: str, timeout: float, variable: str) -> dict[str, Any] | None:
    """The first page the token gets (None when throttled), or RunError saying what to fix."""
    try:
        # The server's own page size: whatever bounds the spec of this version sets.
        answer = _get(base + COLLECTION, token, timeout)
    except requests.RequestException as error:
        raise RunError(f"cannot reach {base}: {type(error).__name__}; check --base-url") from None
    if answer.status_code in (401, 403):
        raise RunError(f"the token was refused by {base} ({answer.status_code}); check {variable}")
    if answer.status_code == 429 or answer.status_code >= 500:
        return None  # an API that throttles or is busy is there: the suite judges the rest
    page = _page(answer)
    if answer.status_code == 404 or page is None:
        raise RunError(f"no container-registries API at {base}: {_suggestion(base, token, answer)}")
    return page


def _ids(page: dict[str, Any]) -> set[str]:
    items = page.get(PAGINATION.results)
    return (
        {str(i.get(ID)) for i in items if isinstance(i, dict)} if isinstance(items, list) else set()
    )


def _suggestion(base: str, token: str, answer: requests.Response) -> str:
    said = f"GET {COLLECTION} answered {answer.status_code}"
    if base.rstrip("/").endswith("/v1"):
        return said
    with_v1 = base.rstrip("/") + "/v1"
    try:
        found = _page(_get(with_v1 + COLLECTION, token, 10.0, {PAGINATION.limit: 1})) is not None
    except requests.RequestException:
        return said
    return f"{said}; {with_v1} answers it: pass --base-url {with_v1}" if found else said
