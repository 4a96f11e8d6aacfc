"""The container-registries API's parts, named once: its six operations by role, the request
bodies, the page walk, the provider rules, and the members a server assigns. The mock, the
reference server and the suite import them from here instead of each looking them up.

Everything is read off the spec (`SPEC`); a fact it lacks is an error at import, naming it.
"""

from __future__ import annotations

from typing import TypeVar

from api_spec.schema import ObjectSchema
from api_spec.spec import SPEC, Operation

T = TypeVar("T")


def _required(value: T | None, what: str) -> T:
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

RESOURCE: ObjectSchema = SPEC.resource
CREATE_BODY = _required(CREATE.body, f"request body on {CREATE.label}")
UPDATE_BODY = _required(UPDATE.body, f"request body on {UPDATE.label}")
PAGINATION = _required(LIST.pagination, f"x-pagination on {LIST.label}")
LIMIT = LIST.query(PAGINATION.limit)
RULES = _required(SPEC.provider_rules, "x-provider-rules")
# The members a client sends and never sees again (the password).
WRITE_ONLY = tuple(dict.fromkeys(CREATE_BODY.write_only + UPDATE_BODY.write_only))
# The members a client sets and sees again. A member of the registry that no request body
# defines (its id, its times) is an unknown member in a request: a server may ignore it.
ECHOED = tuple(
    name
    for name in RESOURCE.members
    if (name in CREATE_BODY.members or name in UPDATE_BODY.members) and name not in WRITE_ONLY
)

# The members the server assigns. The path parameter naming a registry is also the member
# holding its id; the sort field's default names the creation time; the resource's other
# date-time member is the last modification's.
ID = GET.path_parameters[0]
CREATED: str = _required(
    LIST.query(PAGINATION.sort_field).default if PAGINATION.sort_field else None,
    "default sort field",
)
MODIFIED: str = next(
    name
    for name, member in RESOURCE.members.items()
    if member.format == "date-time" and name != CREATED
)
