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
from mock_server import cursors
from mock_server.config import Settings
from mock_server.errors import INVALID_INPUT, ApiError, bad_request
from mock_server.resource import filled

_INTEGER = re.compile(r"-?[0-9]+")
# What JavaScript's parseInt reads of a text: blanks, a sign, digits; the rest it ignores.
_LEADING_INTEGER = re.compile(r"\s*([+-]?[0-9]+)")


def parse_json(raw: bytes, settings: Settings) -> Any:
    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(raw.decode("utf-8"), parse_constant=refuse_constant)
    except (ValueError, RecursionError) as error:
        if settings.fault("parse-error-500"):
            raise RuntimeError("the body parser crashed") from error
        raise ApiError(400, "PARSE_ERROR", "The request body is not valid JSON") from None


def _invalid(problems: Mapping[str, str], body: object, settings: Settings) -> ApiError:
    """The 400 for a body with `problems`; under `echo-invalid-body` its message quotes the
    body received, password and all (a validation library's default message)."""
    if settings.fault("echo-invalid-body"):
        return bad_request(problems, f"{INVALID_INPUT}: {json.dumps(body)}")
    return bad_request(problems)


def create_fields(body: object, settings: Settings) -> dict[str, Any]:
    """The members of a valid create body (unknown ones dropped, left-out ones filled in)."""
    problems = CREATE_BODY.problems(body, enforce_required=not settings.fault("accept-invalid"))
    if problems:
        raise _invalid(problems, body, settings)
    assert isinstance(body, dict)  # problems() names a body that is not an object
    return filled(body)


def update_fields(body: object, settings: Settings) -> dict[str, Any]:
    """The members a valid update body sets; the others keep their value."""
    problems = UPDATE_BODY.problems(body)
    if problems:
        raise _invalid(problems, body, settings)
    assert isinstance(body, dict)
    return UPDATE_BODY.known(body)


@dataclass(frozen=True)
class ListQuery:
    after: cursors.Key | None
    limit: int
    descending: bool
    offset: int | None = None  # the `cursor-offset` fault's cursors carry a position


def _limit(text: str | None, settings: Settings, problems: dict[str, str]) -> int:
    if text is None:
        return settings.default_limit
    try:
        return int(LIMIT.parse(_as_read(text, settings)))
    except ValueError as error:
        if settings.fault("limit-unchecked") and _INTEGER.fullmatch(text):
            return int(text)
        problems[LIMIT.name] = str(error)
        return 0


def _as_read(text: str, settings: Settings) -> str:
    """`limit` as the server reads it: whole, or under `limit-parses-prefix` only its leading
    integer, as parseInt reads `12abc` as 12 (the bounds still apply to what is read)."""
    leading = _LEADING_INTEGER.match(text) if settings.fault("limit-parses-prefix") else None
    return str(int(leading.group(1))) if leading else text


def _parsed(name: str | None, params: Mapping[str, str], problems: dict[str, str]) -> Any:
    """A query parameter's value (its default when absent), or None with the problem noted."""
    if name is None:
        return None
    try:
        return LIST.query(name).parse(params.get(name))
    except ValueError as error:
        problems[name] = str(error)
        return None


def _descending(params: Mapping[str, str], problems: dict[str, str], settings: Settings) -> bool:
    direction = _parsed(PAGINATION.sort_direction, params, problems)
    if settings.fault("wrong-order"):
        return False
    if PAGINATION.sort_direction not in params and settings.fault("default-order-asc"):
        return False
    return bool(direction == PAGINATION.descending)


def _after(text: str | None, problems: dict[str, str]) -> cursors.Key | int | None:
    if not text:  # an empty cursor means the first page, as an absent one does
        return None
    for decode in (cursors.decode, cursors.decode_offset):
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
    _parsed(PAGINATION.sort_field, params, problems)  # one field to sort by; it must be named right
    after = _after(params.get(PAGINATION.cursor), problems)
    if problems:
        raise bad_request(problems)
    if settings.fault("cursor-ignored"):
        after = None
    if isinstance(after, int):
        return ListQuery(None, limit, descending, offset=after)
    offset = 0 if settings.fault("cursor-offset") else None
    return ListQuery(after, limit, descending, offset=offset)
