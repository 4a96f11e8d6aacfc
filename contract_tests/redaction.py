"""Keep secrets out of everything the suite writes: the token and the passwords it sends."""

from __future__ import annotations

import json
import shlex
from typing import Any

REDACTED = "[redacted]"
TOKEN_PLACEHOLDER = "$API_TOKEN"
# Passwords shorter than this are too likely to occur by chance in unrelated text.
MIN_SECRET_LENGTH = 8


class Redactor:
    """Knows the run's token and every password sent so far, and scrubs them from text."""

    def __init__(self, token: str) -> None:
        self._token = token
        self._passwords: set[str] = set()

    def remember_password(self, password: object) -> None:
        if isinstance(password, str) and len(password) >= MIN_SECRET_LENGTH:
            self._passwords.add(password)

    def remember_body(self, body: object) -> None:
        if isinstance(body, dict):
            self.remember_password(body.get("password"))

    def text(self, value: str) -> str:
        if self._token:
            value = value.replace(self._token, TOKEN_PLACEHOLDER)
        # Longest first, so a password that contains another is replaced whole.
        for password in sorted(self._passwords, key=len, reverse=True):
            value = value.replace(password, REDACTED)
        return value

    def body(self, body: Any) -> Any:
        """A copy of a JSON body with its password member replaced."""
        if isinstance(body, dict) and "password" in body:
            return {**body, "password": REDACTED}
        return body


def curl_command(
    redactor: Redactor, method: str, url: str, headers: dict[str, str], body: bytes | None
) -> str:
    """A shell command reproducing a request, reading the token from `$API_TOKEN`."""
    parts = ["curl", "-X", method, shlex.quote(redactor.text(url))]
    for name, value in headers.items():
        if name.lower() == "authorization":
            # Double quotes so the shell expands the variable; a wrong token is kept as sent.
            shown = redactor.text(value)
            parts += ["-H", f'"Authorization: {shown}"']
        elif name.lower() in ("content-type", "accept"):
            parts += ["-H", shlex.quote(f"{name}: {value}")]
    if body:
        parts += ["--data-raw", shlex.quote(redactor.text(_redacted_payload(redactor, body)))]
    return " ".join(parts)


def _redacted_payload(redactor: Redactor, body: bytes) -> str:
    text = body.decode("utf-8", errors="replace")
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    return json.dumps(redactor.body(parsed), ensure_ascii=False)
