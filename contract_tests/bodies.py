"""The bodies the suite sends itself, built from the spec's request schemas.

Every member of the create and update bodies, its type and enum come from `openapi.yaml`; a
body that names a kind with provider rules gets a URL those rules accept, so most of them are
accepted and the rules still see arbitrary URLs when the kind has none.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from api_spec import Member, ObjectSchema
from api_spec.registries import CREATE_BODY, RULES, UPDATE_BODY, WRITE_ONLY
from contract_tests.model import UNREACHABLE_DOMAIN

# Values servers get wrong, offered next to arbitrary text so small runs still try them.
AWKWARD = ["", "ünïcødé", "名前", "emoji-🚀", "a b/c?d=e&f", "x" * 200]
FIELD_TEXT = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
)


def member_values(member: Member) -> st.SearchStrategy[Any]:
    if member.write_only:
        return st.just("")  # a placeholder: the run puts a fresh password in its place
    if member.enum is not None:
        return st.sampled_from(member.enum)
    if "string" in member.types:
        return FIELD_TEXT
    if "integer" in member.types:
        return st.integers(-(2**31), 2**31)
    if "boolean" in member.types:
        return st.booleans()
    return st.none()


def with_provider(body: dict[str, Any]) -> dict[str, Any]:
    """A body whose kind has provider rules gets a URL on a host those rules accept."""
    kind = body.get(RULES.kind_member)
    host = RULES.accepted_host(kind) if isinstance(kind, str) else None
    return {**body, RULES.member: host} if host else body


def bodies(
    schema: ObjectSchema, *, all_optional: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    required = {
        n: member_values(m) for n, m in schema.members.items() if m.required and not all_optional
    }
    optional = {n: member_values(m) for n, m in schema.members.items() if n not in required}
    return st.fixed_dictionaries(required, optional=optional).map(with_provider)


def create_bodies() -> st.SearchStrategy[dict[str, Any]]:
    return bodies(CREATE_BODY)


def update_bodies() -> st.SearchStrategy[dict[str, Any]]:
    # An update that changes no member proves nothing about persistence.
    return bodies(UPDATE_BODY, all_optional=True).filter(
        lambda body: any(name not in WRITE_ONLY for name in body)
    )


def kinds_without_rules() -> list[Any]:
    """The kinds the provider rules say nothing about: a server must accept each of them."""
    member = CREATE_BODY.members.get(RULES.kind_member)
    return [kind for kind in (member.enum or ()) if not RULES.has_rules(kind)] if member else []


def plain_value(member: Member, label: str) -> Any:
    if member.write_only:
        return ""
    if member.enum:
        without_rules = [kind for kind in member.enum if not RULES.has_rules(kind)]
        return (without_rules or list(member.enum))[0]
    if "string" in member.types:
        return label
    if "integer" in member.types:
        return 1
    if "boolean" in member.types:
        return True
    return None


def plain_body(run_id: str, label: str) -> dict[str, Any]:
    """A create body with every member the spec names, on a host that cannot exist (RFC 6761),
    so a connection test of it can only fail."""
    body = {name: plain_value(member, label) for name, member in CREATE_BODY.members.items()}
    body[RULES.member] = f"https://contract-{run_id}{UNREACHABLE_DOMAIN}/{label}"
    return body
