"""JSON on the wire: bodies read from requests, and answers written as UTF-8."""

from __future__ import annotations

import json
from typing import Any

from reference_server.errors import ParseError

CONTENT_TYPE = "application/json; charset=utf-8"


def _no_constants(name: str) -> Any:
    # json accepts NaN and Infinity by default; RFC 8259 does not.
    raise ValueError(f"{name} is not JSON")


def read_json(raw: bytes) -> Any:
    """The value a body holds; ParseError for bytes that are not UTF-8 JSON."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ParseError("The request body is not valid JSON") from None


def to_bytes(value: Any) -> bytes:
    """UTF-8 JSON, non-ASCII text as it is; escaped only when it holds a lone surrogate a
    client sent, which UTF-8 cannot carry."""
    try:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value).encode("ascii")
