"""What a request must look like: bodies of create and update, the list's query.

Every problem is collected, so one 400 names all the offending fields in `details`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, cast

from mock_server import cursors
from mock_server.config import MAX_LIMIT, Settings
from mock_server.errors import ApiError, bad_request

TEXT_FIELDS = ("name", "namespace", "password", "url", "username")
KINDS = ("other", "dockerhub", "gcr", "ghcr", "digitalocean", "azure")
_INTEGER = re.compile(r"-?[0-9]+")


class Changes(TypedDict, total=False):
    """The fields an update sets."""

    name: str
    namespace: str
    password: str
    url: str
    username: str
    kind: str


class NewRegistry(TypedDict):
    name: str
    namespace: str
    password: str
    url: str
    username: str
    kind: str


def parse_json(raw: bytes, settings: Settings) -> Any:
    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(raw.decode("utf-8"), parse_constant=refuse_constant)
    except (ValueError, RecursionError) as error:
        if settings.fault("parse-error-500"):
            raise RuntimeError("the body parser crashed") from error
        raise ApiError(400, "PARSE_ERROR", "The request body is not valid JSON") from None


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    return names.get(type(value), "a number")


def _object(body: object) -> Mapping[str, Any]:
    if not isinstance(body, dict):
        raise bad_request({"body": f"must be a JSON object, not {_json_type(body)}"})
    return body


def _field_problems(body: Mapping[str, Any], required: bool) -> dict[str, str]:
    problems: dict[str, str] = {}
    for field in TEXT_FIELDS:
        if field not in body:
            if required:
                problems[field] = "is required"
        elif not isinstance(body[field], str):
            problems[field] = f"must be a string, not {_json_type(body[field])}"
    if "kind" in body and body["kind"] not in KINDS:
        problems["kind"] = f"must be one of {', '.join(KINDS)}"
    return problems


def create_fields(body: object, settings: Settings) -> NewRegistry:
    """The fields of a valid create body (unknown members dropped), kind defaulting to other."""
    fields = _object(body)
    problems = _field_problems(fields, required=not settings.fault("accept-invalid"))
    if problems:
        raise bad_request(problems)
    text = {field: fields.get(field, "") for field in TEXT_FIELDS}
    return NewRegistry(
        name=text["name"],
        namespace=text["namespace"],
        password=text["password"],
        url=text["url"],
        username=text["username"],
        kind=fields.get("kind", "other"),
    )


def update_fields(body: object) -> Changes:
    """The fields a valid update body sets; the others keep their value."""
    fields = _object(body)
    problems = _field_problems(fields, required=False)
    if problems:
        raise bad_request(problems)
    # Checked above: each of these members present is a string.
    return cast(Changes, {f: fields[f] for f in (*TEXT_FIELDS, "kind") if f in fields})


@dataclass(frozen=True)
class ListQuery:
    after: cursors.Key | None
    limit: int
    descending: bool


def _limit(text: str | None, settings: Settings, problems: dict[str, str]) -> int:
    if text is None:
        return settings.default_limit
    if not _INTEGER.fullmatch(text):
        problems["limit"] = "must be an integer"
        return 0
    limit = int(text)
    if not 1 <= limit <= MAX_LIMIT and not settings.fault("limit-unchecked"):
        problems["limit"] = f"must be between 1 and {MAX_LIMIT}"
    return limit


def _descending(order: str | None, problems: dict[str, str], settings: Settings) -> bool:
    if order not in (None, "asc", "desc"):
        problems["order"] = "must be asc or desc"
    if settings.fault("wrong-order"):
        return False
    if order is None:
        return not settings.fault("default-order-asc")
    return order == "desc"


def _after(text: str | None, problems: dict[str, str]) -> cursors.Key | None:
    if not text:  # an empty `after` means the first page, as an absent one does
        return None
    try:
        return cursors.decode(text)
    except ValueError:
        problems["after"] = "is not a cursor this server issued"
        return None


def list_query(params: Mapping[str, str], settings: Settings) -> ListQuery:
    problems: dict[str, str] = {}
    limit = _limit(params.get("limit"), settings, problems)
    descending = _descending(params.get("order"), problems, settings)
    if params.get("orderBy", "dtCreated") != "dtCreated":
        problems["orderBy"] = "must be dtCreated"
    after = _after(params.get("after"), problems)
    if problems:
        raise bad_request(problems)
    return ListQuery(None if settings.fault("cursor-ignored") else after, limit, descending)
