"""This server's own reading of a request against the spec: the create and update bodies and
the list's query.

It takes only facts from the spec (each member's JSON types, enum and whether it is required;
the page size's bounds; the sort parameters' choices) and checks them here, in its own code,
so that a bug in another server's checks cannot make both agree. Every problem is collected,
so a 400 names each offending member in `details`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from api_spec.registries import CREATED, LIMIT, LIST, PAGINATION
from api_spec.schema import MISSING, ObjectSchema
from reference_server.codec import read_json
from reference_server.errors import BadRequest
from reference_server.resource import Key

Problems = dict[str, str]


def _is_integer(value: object) -> bool:
    # JSON Schema counts 2.0 as an integer: the value matters, not how it was written.
    if isinstance(value, float):
        return value.is_integer()
    return isinstance(value, int) and not isinstance(value, bool)


# Whether a parsed JSON value is of a JSON Schema type (bool is no number in JSON).
_OF_TYPE: Mapping[str, Callable[[object], bool]] = {
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "integer": _is_integer,
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "null": lambda value: value is None,
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
}


def _type_name(value: object) -> str:
    """The narrowest JSON type of `value`, for messages."""
    for name in ("null", "boolean", "integer", "number", "string", "array"):
        if _OF_TYPE[name](value):
            return name
    return "object"


def _same(left: object, right: object) -> bool:
    """Equal as JSON values: `true` is not `1`."""
    return type(left) is type(right) and left == right


def _objection(types: frozenset[str], enum: tuple[Any, ...] | None, value: object) -> str:
    """Why `value` cannot be this member's, or "" when it can."""
    if types and not any(_OF_TYPE[name](value) for name in types if name in _OF_TYPE):
        return f"expected {' or '.join(sorted(types))}, got {_type_name(value)}"
    if enum is not None and not any(_same(value, choice) for choice in enum):
        return f"expected one of {', '.join(map(str, enum))}"
    return ""


def body_members(schema: ObjectSchema, raw: bytes) -> dict[str, Any]:
    """The members of a valid body that `schema` names, in its order (others are dropped);
    a 400 naming every offending member otherwise."""
    body = read_json(raw)
    if not isinstance(body, dict):
        raise BadRequest("Invalid input", {"body": f"expected object, got {_type_name(body)}"})
    found: Problems = {}
    for name, member in schema.members.items():
        if name in body:
            why = _objection(member.types, member.enum, body[name])
        else:
            why = "missing" if member.required else ""
        if why:
            found[name] = why
    if found:
        raise BadRequest("Invalid input", found)
    return {name: body[name] for name in schema.members if name in body}


# --- the list's query -------------------------------------------------------------------------


@dataclass(frozen=True)
class ListQuery:
    limit: int | None  # None: the server's page size
    descending: bool
    after: Key | None


def _whole_number(text: str) -> int | None:
    """The integer a query string spells in ASCII digits, an optional minus first; else None."""
    digits = text[1:] if text.startswith("-") else text
    return int(text) if digits.isascii() and digits.isdigit() else None


def _bounds() -> str:
    low, high = LIMIT.minimum, LIMIT.maximum
    if low is not None and high is not None:
        return f"from {low:g} to {high:g}"
    return f"at least {low:g}" if low is not None else f"at most {high:g}"


def _limit(text: str | None, found: Problems) -> int | None:
    if text is None:
        return None
    value = _whole_number(text)
    low = float("-inf") if LIMIT.minimum is None else LIMIT.minimum
    high = float("inf") if LIMIT.maximum is None else LIMIT.maximum
    if value is None:
        found[PAGINATION.limit] = "expected a whole number"
    elif not low <= value <= high:
        found[PAGINATION.limit] = f"expected a whole number {_bounds()}"
    return value


def _choice(
    name: str | None, query: Mapping[str, str], allowed: tuple[str, ...], found: Problems
) -> object:
    """The value of an enumerated parameter, its default when absent; a bad one noted."""
    if name is None:
        return None
    if name not in query:
        default: object = LIST.query(name).default
        return None if default is MISSING else default
    if query[name] not in allowed:
        found[name] = f"expected one of {', '.join(allowed)}"
    return query[name]


def _after(
    query: Mapping[str, str], cursor_key: Callable[[str], Key | None], found: Problems
) -> Key | None:
    cursor = query.get(PAGINATION.cursor)
    if cursor is None:
        return None
    key = cursor_key(cursor)
    if key is None:
        found[PAGINATION.cursor] = "not a cursor this server issued to this team"
    return key


def list_query(query: Mapping[str, str], cursor_key: Callable[[str], Key | None]) -> ListQuery:
    """The list's parameters, each checked; `cursor_key` says what a cursor stands for
    (None: not one this team was given, the empty string included)."""
    found: Problems = {}
    limit = _limit(query.get(PAGINATION.limit), found)
    both_ways = (PAGINATION.ascending, PAGINATION.descending)
    direction = _choice(PAGINATION.sort_direction, query, both_ways, found)
    # This server sorts by creation time only, the one field the spec lets a client name.
    _choice(PAGINATION.sort_field, query, (CREATED,), found)
    after = _after(query, cursor_key, found)
    if found:
        raise BadRequest("Invalid input", found)
    return ListQuery(limit, direction == PAGINATION.descending, after)
