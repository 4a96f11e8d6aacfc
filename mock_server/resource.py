"""How the mock fills in a registry: the members it assigns itself, and what a member a create
left out holds. The API's parts are named in `api_spec.registries`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api_spec import Member
from api_spec.registries import CREATE_BODY, CREATED, ID, MODIFIED, RESOURCE, UPDATE_BODY
from api_spec.schema import MISSING

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
