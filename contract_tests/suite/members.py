"""What every run changes, member by member, whatever its budget: the awkward values a server
may store unlike they were sent, in every string member of a registry but the password, at
every operation that writes it; and the kind, to every other kind, with a URL its provider's
rules accept.

The awkward values are one table (`AWKWARD`): each value by each string member by each write
(create and update). The name carries the run's prefix, so a sweep still finds the registry:
the prefix leads, and the awkward part follows it (a long name is the prefix and enough
characters). The password stays a unique random secret: an awkward value there would "echo"
in every member that holds the same text.
"""

from __future__ import annotations

from typing import Any

from api_spec.registries import CREATE, CREATE_BODY, RULES, UPDATE, UPDATE_BODY

# Past common column sizes (a VARCHAR(64), (100), (128), (200)).
LONG_LENGTH = 220
AWKWARD: tuple[tuple[str, str], ...] = (
    ("empty", ""),
    ("blank", "   "),
    ("padded", "  padded  "),
    ("long", "x" * LONG_LENGTH),
    ("non-ASCII", "ünïcødé 名前 🚀"),
)
WRITES = (CREATE, UPDATE)


def string_members() -> list[str]:
    """The members a create and an update both take as free text: every string member but
    the write-only one (the password) and the enums."""
    return [
        name
        for name, member in UPDATE_BODY.members.items()
        if name in CREATE_BODY.members
        and "string" in member.types
        and member.enum is None
        and not member.write_only
    ]


def awkward(value: str, prefix: str, members: list[str] | None = None) -> dict[str, Any]:
    """Every string member holding `value`; the name, the prefix and then `value`."""
    chosen = string_members() if members is None else members
    body = dict.fromkeys(chosen, value)
    if "name" in body:
        body["name"] = prefix + value
    return body


def kinds_with_rules() -> list[tuple[Any, str]]:
    """Each kind with provider rules, and a host those rules accept."""
    kinds = CREATE_BODY.members[RULES.kind_member].enum or ()
    return [
        (kind, host)
        for kind in kinds
        if RULES.has_rules(kind) and (host := RULES.accepted_host(kind)) is not None
    ]


def table() -> list[tuple[str, str, str]]:
    """The awkward values table: (value, member, operation) for each cell sent in every run."""
    return [
        (label, member, write.label)
        for label, _ in AWKWARD
        for member in string_members()
        for write in WRITES
    ]
