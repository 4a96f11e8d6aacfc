"""Checks on any single response: status class, error body shape, secrets."""

from __future__ import annotations

from typing import Any

import requests

NOT_A_SERVER_ERROR = "a status below 500"
ERROR_SHAPE = "a JSON error body with a string `code` and a string `message`"
PASSWORD_NOT_ECHOED = "the password sent never appears in the response body or headers"


def not_a_server_error(response: requests.Response) -> str | None:
    if response.status_code >= 500:
        return f"{response.status_code}: {_snippet(response)}"
    return None


def error_shape(response: requests.Response) -> str | None:
    if response.status_code < 400:
        return None
    content_type = response.headers.get("Content-Type", "")
    if "json" not in content_type:
        return f"{response.status_code} with Content-Type {content_type!r}: {_snippet(response)}"
    body = json_body(response)
    if not isinstance(body, dict):
        return f"{response.status_code} with a body that is not a JSON object: {_snippet(response)}"
    wrong = [key for key in ("code", "message") if not isinstance(body.get(key), str)]
    if wrong:
        return (
            f"{response.status_code} body without string {', '.join(wrong)}: {_snippet(response)}"
        )
    return None


def password_not_echoed(response: requests.Response, password: object) -> str | None:
    if not isinstance(password, str) or len(password) < 4:
        return None
    if password in response.text:
        # The reports redact the password itself, so the snippet shows where it was echoed.
        return f"the password sent appears in the response body: {_snippet(response)}"
    for name, value in response.headers.items():
        if password in value:
            return f"the password sent appears in the {name!r} response header"
    return None


def status_in(response: requests.Response, allowed: set[int], what: str) -> str | None:
    if response.status_code in allowed:
        return None
    return f"{response.status_code} (expected {what}): {_snippet(response)}"


def json_body(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _snippet(response: requests.Response) -> str:
    # Whole, not cut: a secret cut in half would slip past redaction. Verdicts shorten it after.
    return response.text
