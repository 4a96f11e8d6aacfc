"""A stored registry as the API shows it, bent by the schema and secret faults."""

from __future__ import annotations

from typing import Any

from mock_server.config import Settings, TimestampStyle
from mock_server.store import Registry
from mock_server.timestamps import format_ms


def public_fields(registry: Registry, style: TimestampStyle = "millis") -> dict[str, Any]:
    """Every member of a registry the API returns (all but the password), unbent."""
    return {
        "id": registry.id,
        "name": registry.name,
        "namespace": registry.namespace,
        "url": registry.url,
        "username": registry.username,
        "kind": registry.kind,
        "dtCreated": format_ms(registry.created, style),
        "dtModified": format_ms(registry.modified, style),
    }


def registry_body(registry: Registry, settings: Settings) -> dict[str, Any]:
    body = public_fields(registry, settings.timestamp_style)
    if settings.fault("missing-field"):
        del body["namespace"]
    if settings.fault("id-as-number"):
        body["id"] = registry.serial
    if settings.fault("kind-out-of-enum"):
        body["kind"] = "Other"
    if settings.fault("timestamp-not-datetime"):
        body["dtCreated"] = registry.created
    if settings.fault("null-required"):
        body["username"] = None
    if settings.fault("echo-password"):
        body["password"] = registry.password
    return body
