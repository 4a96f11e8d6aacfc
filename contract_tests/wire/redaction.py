"""The run's secrets, every form they can take on the wire, and scrubbing them from text.

The tokens (each team's, and the near misses of them the run sends on purpose) and every
password the run sends are known here. A token is replaced by the shell expression that
names it (`$API_TOKEN`), so a reproduction line still runs. A secret can come back plain,
percent-encoded, as hex, or inside base64 (a Docker `auth` member is base64 of
`username:password`); `forms` lists what each looks like so the echo check can find it and
the reports can hide it, whatever carries it.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any
from urllib.parse import quote

REDACTED = "[redacted]"
# Passwords shorter than this are too likely to occur by chance in unrelated text.
MIN_SECRET_LENGTH = 8
# A form shorter than this (a base64 core of a short secret) proves nothing.
MIN_FORM_LENGTH = 8


def _base64_cores(secret: bytes) -> list[str]:
    """What `secret` looks like inside any base64 text, whatever precedes it.

    base64 encodes 3 bytes as 4 characters, so a secret inside a longer value is encoded
    differently at each of the 3 offsets; of each encoding only the characters that depend on
    the secret's bytes alone are kept.
    """
    cores = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + secret).decode("ascii")
        start = 4 if offset else 0
        end = 4 * ((offset + len(secret)) // 3)
        core = encoded[start:end]
        if len(core) >= MIN_FORM_LENGTH:
            cores += [core, core.replace("+", "-").replace("/", "_")]
    return cores


def forms(secret: str) -> list[str]:
    """The texts that carry `secret`: plain, percent-encoded, hex, inside base64."""
    raw = secret.encode("utf-8", "surrogatepass")
    found = [secret, quote(secret, safe=""), raw.hex(), *_base64_cores(raw)]
    return list(dict.fromkeys(form for form in found if len(form) >= MIN_FORM_LENGTH))


class Secrets:
    """Knows the run's tokens and every password sent so far."""

    def __init__(self) -> None:
        self._tokens: dict[str, str] = {}  # token -> the expression that replaces it
        self._passwords: dict[str, list[str]] = {}  # password -> its forms
        self._order: list[tuple[str, str]] | None = None  # (secret, replacement), longest first

    def add_token(self, token: str, placeholder: str) -> None:
        """Replace `token` by `placeholder` wherever it is written.

        A token too short to be a real key (a test's) would turn unrelated text to noise; the
        Authorization header of a reproduction never carries it whatever its length.
        """
        if len(token) >= MIN_SECRET_LENGTH:
            self._tokens.setdefault(token, placeholder)
            self._order = None

    @property
    def passwords(self) -> list[str]:
        return list(self._passwords)

    def remember_password(self, password: object) -> None:
        long_enough = isinstance(password, str) and len(password) >= MIN_SECRET_LENGTH
        if long_enough and password not in self._passwords:
            assert isinstance(password, str)
            self._passwords[password] = forms(password)
            self._order = None

    def remember_body(self, body: object, members: tuple[str, ...]) -> None:
        """Remember the write-only `members` (the password) of a JSON body sent."""
        if isinstance(body, dict):
            for member in members:
                self.remember_password(body.get(member))

    def echoed_form(self, text: str) -> str | None:
        """How a password the run sent appears in `text` ("plain", "base64"...), or None."""
        for forms_of in self._passwords.values():
            for index, form in enumerate(forms_of):
                if form in text:
                    return _form_name(forms_of[0], form, index)
        return None

    def text(self, value: str) -> str:
        """`value` with each token as the expression naming it and every form of every
        password redacted."""
        for secret, replacement in self._replacements():
            if secret in value:
                value = value.replace(secret, replacement)
        return value

    def _replacements(self) -> list[tuple[str, str]]:
        if self._order is None:
            every = dict.fromkeys(
                (form for forms_of in self._passwords.values() for form in forms_of), REDACTED
            )
            every.update(self._tokens)
            # Longest first, so a secret that contains another is replaced whole.
            self._order = sorted(every.items(), key=lambda item: len(item[0]), reverse=True)
        return self._order

    def body(self, body: Any, members: tuple[str, ...]) -> Any:
        """A copy of a JSON body with its write-only members replaced."""
        if isinstance(body, dict) and any(m in body for m in members):
            return {k: (REDACTED if k in members else v) for k, v in body.items()}
        return body


def _form_name(secret: str, form: str, index: int) -> str:
    if form == secret:
        return "plain"
    if form == quote(secret, safe=""):
        return "percent-encoded"
    if form == secret.encode("utf-8", "surrogatepass").hex():
        return "hex-encoded"
    return "base64-encoded" if index else "plain"


def decoded_json_text(content: bytes) -> str:
    """The JSON body's text with escapes undone (`\\u0070w` reads `pw`), or '' if not JSON."""
    try:
        return json.dumps(json.loads(content), ensure_ascii=False)
    except (ValueError, UnicodeDecodeError, RecursionError, binascii.Error):
        return ""
