"""Comparing representations of a registry: member by member, timestamps as instants (never
as strings: `2026-11-27T10:00:00.000Z` and `2026-11-27T10:00:00+00:00` are one moment)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from api_spec.extensions import host_of
from api_spec.registries import PAGINATION, RESOURCE

# Hosts under this domain cannot exist (RFC 6761), so no connection test to one can succeed.
UNREACHABLE_DOMAIN = ".invalid"
ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "(absent)"})()
_STAMPS = frozenset(name for name, m in RESOURCE.members.items() if m.format == "date-time")


def listed(page: object) -> list[dict[str, Any]]:
    """The objects a list page carries: nothing when the page or its results are malformed,
    which the schema check reports, so rules about the items never trip over it."""
    items = page.get(PAGINATION.results) if isinstance(page, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def instant(value: object) -> datetime | None:
    """The moment an ISO 8601 timestamp names, or None for anything else.

    A stamp without an offset is read as UTC: the schema check reports the missing offset,
    and comparisons must not raise over it.
    """
    if not isinstance(value, str):
        return None
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def same(name: str, before: Any, after: Any) -> bool:
    if name in _STAMPS:
        a, b = instant(before), instant(after)
        if a is not None and b is not None:
            return a == b
    return bool(before == after)


def differences(
    before: Mapping[str, Any], after: Mapping[str, Any], members: Iterable[str] | None = None
) -> list[str]:
    """`member: before -> after` for each member that differs (timestamps as instants)."""
    names = list(members) if members is not None else list(dict.fromkeys([*before, *after]))
    found = []
    for name in names:
        a, b = before.get(name, ABSENT), after.get(name, ABSENT)
        if not same(name, a, b):
            found.append(f"{name}: {a!r} -> {b!r}")
    return found


def server_clock(date: str | None) -> datetime | None:
    """The moment a `Date` header names, or None."""
    if not date:
        return None
    try:
        return parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError):
        return None


def unreachable(url: object) -> bool:
    """Whether a registry URL's host cannot exist (it is under `.invalid`)."""
    return isinstance(url, str) and host_of(url).endswith(UNREACHABLE_DOMAIN)


def brief(body: Mapping[str, Any], count: int = 4) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in list(body.items())[:count])
