"""What openapi.yaml says a registry is, as the mock needs it.

The operations, the request bodies, the members of the resource and the provider rules all
come from `api_spec.SPEC`; nothing here restates them. The mock only knows what the members
the server assigns mean (the id and the two timestamps), since it has to produce them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api_spec import SPEC, Member, ObjectSchema, Operation, Pagination, ProviderRules
from api_spec.schema import MISSING

# The six operations, by operationId; the mock serves each at the spec's path.
LIST = SPEC.operation("listContainerRegistries")
CREATE = SPEC.operation("createContainerRegistry")
GET = SPEC.operation("getContainerRegistry")
UPDATE = SPEC.operation("updateContainerRegistry")
DELETE = SPEC.operation("deleteContainerRegistry")
TEST_CONNECTION = SPEC.operation("testContainerRegistryConnection")
OPERATIONS: tuple[Operation, ...] = (LIST, CREATE, GET, UPDATE, DELETE, TEST_CONNECTION)


def _body(operation: Operation) -> ObjectSchema:
    if operation.body is None:
        raise KeyError(f"{operation.label} has no request body in {SPEC.path.name}")
    return operation.body


def _pagination(operation: Operation) -> Pagination:
    if operation.pagination is None:
        raise KeyError(f"{operation.label} has no x-pagination in {SPEC.path.name}")
    return operation.pagination


def _rules() -> ProviderRules:
    if SPEC.provider_rules is None:
        raise KeyError(f"{SPEC.path.name} has no x-provider-rules")
    return SPEC.provider_rules


RESOURCE: ObjectSchema = SPEC.resource
CREATE_BODY = _body(CREATE)
UPDATE_BODY = _body(UPDATE)
PAGINATION = _pagination(LIST)
LIMIT = LIST.query(PAGINATION.limit)
RULES = _rules()

# The members the server assigns: the mock knows what each means.
ID, CREATED, MODIFIED = "id", "dtCreated", "dtModified"
SERVER_ASSIGNED = frozenset({ID, CREATED, MODIFIED})


def _zero(member: Member) -> Any:
    """What a member left out of a create holds: its default, an enum's first value, or empty."""
    if member.default is not MISSING:
        return member.default
    if member.enum:
        return member.enum[0]
    if member.nullable:
        return None
    for json_type, empty in (("string", ""), ("integer", 0), ("number", 0), ("boolean", False)):
        if json_type in member.types:
            return empty
    return None


def filled(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The members of a create body, with those the resource requires but the body left out
    filled in (the kind of a registry created without one is the enum's first value)."""
    stored = CREATE_BODY.known(fields)
    for name, member in CREATE_BODY.members.items():
        shown = RESOURCE.members.get(name)
        if name not in stored and (member.required or (shown is not None and shown.required)):
            stored[name] = _zero(shown or member)
    return stored


def plain_text_members() -> tuple[str, ...]:
    """Members of an update that hold free text (no enum, not write-only)."""
    return tuple(
        name
        for name, member in UPDATE_BODY.members.items()
        if "string" in member.types and member.enum is None and not member.write_only
    )
