"""An answer as a finding quotes it: the status line, the headers a reader needs, and the body
cut to a readable length. The caller redacts first: cutting before redaction could leave half
a secret that no longer matches it."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

# Findings quote what came back; past this many characters the rest is left out.
MAX_RECEIVED = 300
# The headers a reader of a failure needs, besides the status and the body.
TELLING_HEADERS = ("content-type", "retry-after", "location")


def shorten(text: str, limit: int = MAX_RECEIVED) -> str:
    """Line breaks become spaces; other spaces stay, since they can be what is wrong (a
    trimmed value)."""
    text = text.replace("\r", " ").replace("\n", " ").strip()
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def quoted(status: int, header: Callable[[str], str | None], body: str) -> str:
    """`body` is redacted already; it is cut here."""
    headers = [f"{name}: {header(name)}" for name in TELLING_HEADERS if header(name)]
    return "; ".join([f"HTTP {status_line(status)}", *headers, shorten(body) or "(no body)"])
