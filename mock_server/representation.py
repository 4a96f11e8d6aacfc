"""A stored registry as the API shows it, bent by the schema and secret faults."""

from __future__ import annotations

from typing import Any

from mock_server.config import Settings, TimestampStyle
from mock_server.resource import CREATED, ID, MODIFIED, RESOURCE
from mock_server.store import Registry
from mock_server.timestamps import format_ms


def public_fields(registry: Registry, style: TimestampStyle = "millis") -> dict[str, Any]:
    """Every member of the resource the spec lets the API return (write-only ones never), unbent."""
    assigned = {
        ID: registry.id,
        CREATED: format_ms(registry.created, style),
        MODIFIED: format_ms(registry.modified, style),
    }
    body: dict[str, Any] = {}
    for name, member in RESOURCE.members.items():
        if member.write_only:
            continue
        if name in assigned:
            body[name] = assigned[name]
        elif name in registry.fields:
            body[name] = registry.fields[name]
    return body


def registry_body(registry: Registry, settings: Settings) -> dict[str, Any]:
    body = public_fields(registry, settings.timestamp_style)
    if settings.fault("missing-field"):
        del body["namespace"]
    if settings.fault("id-as-number"):
        body[ID] = registry.serial
    if settings.fault("kind-out-of-enum"):
        body["kind"] = "Other"
    if settings.fault("timestamp-not-datetime"):
        body[CREATED] = registry.created
    if settings.fault("null-required"):
        body["username"] = None
    if settings.fault("echo-password"):
        body["password"] = registry.text("password")
    return body
