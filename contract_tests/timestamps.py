"""Timestamps compared as instants, never as strings: `2026-11-27T10:00:00.000Z` and
`2026-11-27T10:00:00+00:00` are the same moment."""

from __future__ import annotations

from datetime import UTC, datetime


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
