"""A registry as this server keeps it, and as the API shows it.

The members come from the spec's schemas (`api_spec.registries`); this server assigns the
id (`ids`), the creation and modification times (`clock`), and the kind a create may leave out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from api_spec import SPEC
from api_spec.registries import CREATE_BODY, CREATED, ID, MODIFIED, RESOURCE
from api_spec.schema import MISSING
from reference_server import providers
from reference_server.clock import Clock

# What the API never shows again once sent (the password).
HIDDEN = frozenset(
    name
    for schema in (CREATE_BODY, RESOURCE)
    for name, member in schema.members.items()
    if member.write_only
)

# The order of a list: by dtCreated, ties broken by id (unique), a shorter id first, so that
# decimal ids go in numeric order ("9" before "10"); UUIDs, all of one length, alphabetically.
Key = tuple[datetime, int, str]


@dataclass(frozen=True)
class Registry:
    id: str
    fields: dict[str, Any]  # the body members kept, the password included
    created: datetime
    modified: datetime

    @property
    def key(self) -> Key:
        return (self.created, len(self.id), self.id)

    def text(self, member: str) -> str:
        """A member as text: "" when it is absent (every member kept is a string today)."""
        return self.fields[member] if isinstance(self.fields.get(member), str) else ""

    def shown(self, clock: Clock) -> dict[str, Any]:
        """The resource's members, in the schema's order, never a hidden one; the times
        written as `clock` writes them."""
        assigned = {
            ID: self.id,
            CREATED: clock.text(self.created),
            MODIFIED: clock.text(self.modified),
        }
        view: dict[str, Any] = {ID: self.id}
        for name in RESOURCE.members:
            if name in HIDDEN:
                continue
            value = assigned.get(name, self.fields.get(name, MISSING))
            if value is not MISSING:
                view[name] = value
        return view


def _first_free_kind() -> Any:
    """The kind a create that names none is stored with: the first one without rules."""
    free = [kind for kind in SPEC.kinds if not providers.constrained(kind)]
    if not free:
        raise KeyError(f"every kind in {SPEC.path.name} has provider rules")
    return free[0]


def completed(fields: dict[str, Any]) -> dict[str, Any]:
    """A create's members plus those the resource always shows and the create may omit."""
    missing = [
        name
        for name, member in RESOURCE.members.items()
        if member.required and name in CREATE_BODY.members and name not in fields
    ]
    return {**fields, **{name: _default(name) for name in missing}}


def _default(name: str) -> Any:
    if name == providers.KIND:
        return _first_free_kind()
    member = RESOURCE.members[name]
    if member.default is not MISSING:
        return member.default
    return member.enum[0] if member.enum else ""
