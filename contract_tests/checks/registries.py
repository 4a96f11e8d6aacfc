"""Checks on registry state: fields persist, timestamps move forward."""

from __future__ import annotations

from typing import Any

from contract_tests.checks.pagination import parse_time

FIELDS = ("name", "namespace", "url", "username", "kind")


def same_fields(expected: dict[str, Any], actual: object) -> str | None:
    """Every field we know must be equal in `actual`; the first difference, or None."""
    if not isinstance(actual, dict):
        return f"not a registry: {actual!r}"
    for name, value in expected.items():
        if actual.get(name) != value:
            return f"{name}={actual.get(name)!r}, expected {value!r}"
    return None


def dtmodified_monotonic(previous: str | None, registry: dict[str, Any]) -> str | None:
    modified = parse_time(registry.get("dtModified"))
    created = parse_time(registry.get("dtCreated"))
    if modified is None or created is None:
        return None  # a malformed timestamp is the schema check's finding
    if modified < created:
        return f"dtModified {registry['dtModified']} before dtCreated {registry['dtCreated']}"
    before = parse_time(previous)
    if before is not None and modified < before:
        return f"dtModified went back from {previous} to {registry['dtModified']}"
    return None
