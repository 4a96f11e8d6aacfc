"""The bodies the suite sends itself, built from the spec's request schemas, and the marks that
make a registry the run's own: a name with the run's prefix and a fresh password.

Every member of the create and update bodies, its type and enum come from `openapi.yaml`; a
body that names a kind with provider rules gets a URL those rules accept. Names, passwords and
made-up ids are drawn from the run's seed, so a seeded run repeats its requests.
"""

from __future__ import annotations

import random
from typing import Any

from api_spec import Member
from api_spec.registries import CREATE_BODY, RULES, WRITE_ONLY
from contract_tests.rules.compare import UNREACHABLE_DOMAIN
from contract_tests.wire.policy import MISSING_ID_PREFIX


class Marker:
    """Marks what the run sends as its own, from the seed."""

    def __init__(self, name_prefix: str, seed: int) -> None:
        self.name_prefix = name_prefix
        self.random = random.Random(seed)
        self._names = 0

    def name(self, label: str = "") -> str:
        """A name that marks a registry as this run's test data (a sweep finds it by it)."""
        self._names += 1
        return f"{self.name_prefix}{self._names}" + (f"-{label}" if label else "")

    def hex(self, digits: int) -> str:
        return "".join(self.random.choice("0123456789abcdef") for _ in range(digits))

    def password(self) -> str:
        """A distinctive password: finding it in an answer cannot be a coincidence, and hex
        only, so no JSON escaping can hide an echo."""
        return "pw-" + self.hex(16)

    def missing_id(self) -> str:
        """An id made up to be missing (the server assigns real ids)."""
        return MISSING_ID_PREFIX + self.hex(12)

    def owned(self, body: Any) -> Any:
        """A body to send, marked as this run's: the name prefix, a fresh password."""
        if not isinstance(body, dict):
            return body
        marked = dict(body)
        if "name" in marked:  # renames keep the prefix too, so a sweep by name still finds it
            marked["name"] = self.name(str(marked.get("name", "")))
        for member in WRITE_ONLY:
            if isinstance(marked.get(member), str):
                marked[member] = self.password()
        return marked


def with_provider(body: dict[str, Any]) -> dict[str, Any]:
    """A body whose kind has provider rules gets a URL on a host those rules accept."""
    kind = body.get(RULES.kind_member)
    host = RULES.accepted_host(kind) if isinstance(kind, str) else None
    return {**body, RULES.member: host} if host else body


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
