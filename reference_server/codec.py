"""JSON on the wire: bodies read from requests, and answers written as UTF-8.

A body is UTF-8 JSON text (RFC 8259), read strictly: no byte-order mark, no NaN or Infinity,
no raw control characters in strings, and arrays and objects nested at most MAX_DEPTH deep
(§9 lets a parser limit the depth; a registry's body needs one level). A name given twice
keeps its last value, as §4 allows.
"""

from __future__ import annotations

import json
from typing import Any

from reference_server.errors import ParseError

CONTENT_TYPE = "application/json; charset=utf-8"
MAX_DEPTH = 32


def _no_constants(name: str) -> Any:
    # json accepts NaN and Infinity by default; RFC 8259 does not.
    raise ValueError(f"{name} is not JSON")


def _inside(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value.values())
    return value if isinstance(value, list) else []


def _nests_deeper(value: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` deep in `value`, level by level (no
    recursion, however deep)."""
    level = [value]
    for _ in range(limit):
        if not level:
            return False
        level = [inner for outer in level for inner in _inside(outer)]
    return any(isinstance(item, dict | list) for item in level)


def read_json(raw: bytes) -> Any:
    """The value a body holds; ParseError for bytes that are not UTF-8 JSON, or nest too deep."""
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ParseError("The request body is not valid JSON") from None
    if _nests_deeper(value, MAX_DEPTH):
        raise ParseError(f"The request body nests arrays and objects over {MAX_DEPTH} deep")
    return value


def to_bytes(value: Any) -> bytes:
    """UTF-8 JSON, non-ASCII text as it is; escaped only when it holds a lone surrogate a
    client sent, which UTF-8 cannot carry."""
    try:
        return json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value).encode("ascii")
