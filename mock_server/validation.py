"""What a request must look like, as openapi.yaml says: the bodies of create and update, and
the list's query.

Every problem is collected, so one 400 names all the offending members in `details`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from api_spec.registries import CREATE_BODY, LIMIT, LIST, PAGINATION, UPDATE_BODY
from api_spec.schema import ObjectSchema
from mock_server import cursors, enum_matching
from mock_server.config import Settings
from mock_server.errors import INVALID_INPUT, ApiError, bad_request
from mock_server.resource import filled

_INTEGER = re.compile(r"-?[0-9]+")
# What JavaScript's parseInt reads of a text: blanks, a sign, digits; the rest it ignores.
_LEADING_INTEGER = re.compile(r"\s*([+-]?[0-9]+)")
# The blanks JavaScript's Number() drops around a number (WhiteSpace and LineTerminator).
_JS_BLANKS = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    map(chr, range(0x2000, 0x200B))
)


def _invalid(problems: Mapping[str, str], body: object, settings: Settings) -> ApiError:
    """The 400 for a body with `problems`; under `echo-invalid-body` its message quotes the
    body received, password and all (a validation library's default message)."""
    if settings.fault("echo-invalid-body"):
        return bad_request(problems, f"{INVALID_INPUT}: {json.dumps(body)}")
    return bad_request(problems)


def _as_read(body: object, schema: ObjectSchema, settings: Settings) -> object:
    """The body as the server reads it before checking it: as sent, with each enum member's
    value as its matcher takes it. Under `non-object-body-500` that reading assumes an object
    and crashes on an array, a string, a number or null (`.get` on a list)."""
    if isinstance(body, dict):
        return enum_matching.body_matched(body, schema, settings)
    if settings.fault("non-object-body-500"):
        raise AttributeError(f"'{type(body).__name__}' object has no attribute 'get'")
    return body


def create_fields(body: object, settings: Settings) -> dict[str, Any]:
    """The members of a valid create body (unknown ones dropped, left-out ones filled in)."""
    body = _as_read(body, CREATE_BODY, settings)
    problems = CREATE_BODY.problems(body, enforce_required=not settings.fault("accept-invalid"))
    if problems:
        raise _invalid(problems, body, settings)
    assert isinstance(body, dict)  # problems() names a body that is not an object
    return filled(body)


def update_fields(body: object, settings: Settings) -> dict[str, Any]:
    """The members a valid update body sets; the others keep their value."""
    body = _as_read(body, UPDATE_BODY, settings)
    problems = UPDATE_BODY.problems(body)
    if problems:
        raise _invalid(problems, body, settings)
    assert isinstance(body, dict)
    return UPDATE_BODY.known(body)


@dataclass(frozen=True)
class ListQuery:
    after: cursors.Cursor | None
    limit: int
    descending: bool
    offset: int | None = None  # the `cursor-offset` fault's cursors carry a position
    by_modified: bool = False  # sorted by dtModified (`default-sort-modified`)


def _limit(text: str | None, settings: Settings, problems: dict[str, str]) -> int:
    if text is None:
        return settings.default_limit
    try:
        return int(LIMIT.parse(_limit_as_read(text, settings)))
    except ValueError as error:
        if settings.fault("limit-unchecked") and _INTEGER.fullmatch(text):
            return int(text)
        problems[LIMIT.name] = str(error)
        return 0


def _limit_as_read(text: str, settings: Settings) -> str:
    """`limit` as the server reads it: whole, or under `limit-parses-prefix` only its leading
    integer, as parseInt reads `12abc` as 12 (the bounds still apply to what is read), or
    under `limit-whitespace` without the blanks around it, as Number() reads ` 5 ` as 5."""
    if settings.fault("limit-whitespace"):
        return text.strip(_JS_BLANKS)
    leading = _LEADING_INTEGER.match(text) if settings.fault("limit-parses-prefix") else None
    return str(int(leading.group(1))) if leading else text


def _parsed(
    name: str | None, params: Mapping[str, str], problems: dict[str, str], settings: Settings
) -> Any:
    """A query parameter's value (its default when absent), or None with the problem noted."""
    if name is None:
        return None
    parameter = LIST.query(name)
    text = enum_matching.matched(
        params.get(name), parameter.enum, enum_matching.folds(name, settings)
    )
    try:
        return parameter.parse(text)
    except ValueError as error:
        problems[name] = str(error)
        return None


def _descending(params: Mapping[str, str], problems: dict[str, str], settings: Settings) -> bool:
    direction = _parsed(PAGINATION.sort_direction, params, problems, settings)
    if settings.fault("wrong-order"):
        return False
    if PAGINATION.sort_direction not in params and settings.fault("default-order-asc"):
        return False
    return bool(direction == PAGINATION.descending)


def _after(
    text: str | None, problems: dict[str, str], settings: Settings
) -> cursors.Cursor | int | None:
    """The cursor `after` names: one of ours, or (only where they are issued, under
    `cursor-offset`) a position."""
    if not text:  # an empty cursor means the first page, as an absent one does
        return None
    offsets = settings.fault("cursor-offset")
    for decode in (cursors.decode, cursors.decode_offset) if offsets else (cursors.decode,):
        try:
            return decode(text)
        except ValueError:
            continue
    problems[PAGINATION.cursor] = "is not a cursor this server issued"
    return None


def list_query(params: Mapping[str, str], settings: Settings) -> ListQuery:
    problems: dict[str, str] = {}
    limit = _limit(params.get(PAGINATION.limit), settings, problems)
    descending = _descending(params, problems, settings)
    # One field to sort by; it must be named right.
    _parsed(PAGINATION.sort_field, params, problems, settings)
    after = _after(params.get(PAGINATION.cursor), problems, settings)
    if problems:
        raise bad_request(problems)
    if settings.fault("cursor-ignored"):
        after = None
    if isinstance(after, int):
        return ListQuery(None, limit, descending, offset=after)
    offset = 0 if settings.fault("cursor-offset") else None
    # A server that sorts by its last-modified column unless told otherwise.
    by_modified = settings.fault("default-sort-modified") and PAGINATION.sort_field not in params
    return ListQuery(after, limit, descending, offset=offset, by_modified=by_modified)
