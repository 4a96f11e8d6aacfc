"""The API as the suite knows it: the spec's operations (read by `api_spec`) and the
schemathesis schema every request of the run is built from.

Nothing here restates the spec: labels, paths, the page members, the limit's bounds, the
write-only members and the provider rules all come from `api_spec.SPEC`.
"""

from __future__ import annotations

import copy
from typing import Any

import schemathesis
from schemathesis import Case
from schemathesis.config import SchemathesisConfig
from schemathesis.core import NOT_SET

from api_spec import SPEC, ObjectSchema, Operation, Pagination, ProviderRules


def _required(value: Any, what: str) -> Any:
    if value is None:
        raise KeyError(f"{SPEC.path.name} has no {what}")
    return value


LIST = SPEC.operation("listContainerRegistries")
CREATE = SPEC.operation("createContainerRegistry")
GET = SPEC.operation("getContainerRegistry")
UPDATE = SPEC.operation("updateContainerRegistry")
DELETE = SPEC.operation("deleteContainerRegistry")
TEST_CONNECTION = SPEC.operation("testContainerRegistryConnection")
OPERATIONS: tuple[Operation, ...] = (LIST, CREATE, GET, UPDATE, DELETE, TEST_CONNECTION)
ALL_LABELS = tuple(operation.label for operation in OPERATIONS)
BY_ID = tuple(op.label for op in OPERATIONS if op.path_parameters)

COLLECTION = LIST.path
PAGINATION: Pagination = _required(LIST.pagination, "x-pagination on the list")
LIMIT = LIST.query(PAGINATION.limit)
RESOURCE: ObjectSchema = SPEC.resource
RULES: ProviderRules = _required(SPEC.provider_rules, "x-provider-rules")
CREATE_BODY: ObjectSchema = _required(CREATE.body, "create body")
UPDATE_BODY: ObjectSchema = _required(UPDATE.body, "update body")
WRITE_ONLY = tuple(dict.fromkeys(CREATE_BODY.write_only + UPDATE_BODY.write_only))
# The path parameter naming a registry is also the member of the resource that holds it.
ID = GET.path_parameters[0]
# The sort field's default names the creation time; the other date-time member is the last
# modification's.
CREATED: str = _required(
    LIST.query(PAGINATION.sort_field).default if PAGINATION.sort_field else None, "sort field"
)
MODIFIED: str = next(
    name
    for name, member in RESOURCE.members.items()
    if member.format == "date-time" and name != CREATED
)

# An explicit configuration, so a schemathesis.toml in the working directory changes nothing.
# The links-driven state machine sends valid requests only (fuzzing sends both kinds). Values
# are not drawn from earlier answers: those carry the server's own ids and times, and a run
# must repeat its requests for the same --seed (the suite replaces ids with its own anyway).
# Fuzzing sends every by-id request to an id made up to be missing, which the server refuses
# before it reads anything else: the coverage phase's variations of those requests would all
# meet the same 404, so it runs only where the input reaches the server (list, create).
_SEEDED_ONLY = {"extra-data-sources": {"responses": False}}
CONFIG = SchemathesisConfig.from_dict(
    {
        "phases": {
            "examples": _SEEDED_ONLY,
            "coverage": _SEEDED_ONLY,
            "fuzzing": _SEEDED_ONLY,
            "stateful": {"generation": {"mode": "positive"}},
        },
        "operations": [
            {"include-operation-id": op.operation_id, "phases": {"coverage": {"enabled": False}}}
            for op in OPERATIONS
            if op.path_parameters
        ],
    }
)
# Built from the document api_spec already parsed: the spec is read once.
SCHEMA = schemathesis.openapi.from_dict(copy.deepcopy(dict(SPEC.document)), config=CONFIG)


def case(
    operation: Operation,
    *,
    registry_id: str | None = None,
    query: dict[str, Any] | None = None,
    body: Any = NOT_SET,
) -> Case[Any]:
    """A request of the suite's own, as a schemathesis case of `operation`."""
    target = SCHEMA[operation.path][operation.method]
    path = {ID: registry_id} if registry_id is not None else None
    return target.Case(path_parameters=path, query=query, body=body)


def label(case: Case[Any]) -> str:
    return str(case.operation.label)


def operation_for(method: str, url: str) -> str:
    """The label of the operation a request went to ("all" when none matches)."""
    from urllib.parse import urlsplit

    segments = urlsplit(url).path.rstrip("/").split("/")
    for operation in OPERATIONS:
        template = operation.path.strip("/").split("/")
        if operation.method == method.upper() and len(segments) >= len(template):
            tail = segments[len(segments) - len(template) :]
            if all(t.startswith("{") or t == s for t, s in zip(template, tail, strict=True)):
                return operation.label
    return "all"
