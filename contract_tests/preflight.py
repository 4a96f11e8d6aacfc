"""Before any test: one authenticated list request, so a configuration mistake is one line
and exit 2 instead of a wall of failures."""

from __future__ import annotations

import json

import requests

from api_spec.registries import LIMIT, PAGINATION
from contract_tests.api import COLLECTION
from contract_tests.settings import Settings
from contract_tests.violations import RunError


def _get(url: str, settings: Settings) -> requests.Response:
    return requests.get(
        url + COLLECTION,
        params={PAGINATION.limit: int(LIMIT.minimum or 1)},
        headers={"Authorization": f"Bearer {settings.token}"},
        timeout=settings.timeout,
        allow_redirects=False,
    )


def _is_page(response: requests.Response) -> bool:
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return response.status_code == 200 and isinstance(body, dict) and PAGINATION.results in body


def preflight(settings: Settings) -> None:
    """RunError, saying what to fix, unless the base URL answers the list with the token."""
    base = settings.base_url
    try:
        answer = _get(base, settings)
    except requests.RequestException as error:
        raise RunError(f"cannot reach {base}: {type(error).__name__}; check --base-url") from None
    if answer.status_code in (401, 403):
        raise RunError(f"the token was refused by {base} ({answer.status_code}); check API_TOKEN")
    if answer.status_code == 429:
        return  # an API that throttles is there; whether it recovers is the suite's to judge
    if answer.status_code == 404 or (answer.status_code < 500 and not _is_page(answer)):
        raise RunError(
            f"no container-registries API at {base}: {_suggestion(base, settings, answer)}"
        )


def _suggestion(base: str, settings: Settings, answer: requests.Response) -> str:
    said = f"GET {COLLECTION} answered {answer.status_code}"
    if base.rstrip("/").endswith("/v1"):
        return said
    try:
        with_v1 = _get(base.rstrip("/") + "/v1", settings)
    except requests.RequestException:
        return said
    if _is_page(with_v1):
        return f"{said}; {base.rstrip('/')}/v1 answers it: pass --base-url {base.rstrip('/')}/v1"
    return said
