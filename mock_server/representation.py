"""A stored registry as the API shows it, bent by the schema and secret faults."""

from __future__ import annotations

import base64
from typing import Any

from api_spec.registries import CREATED, ID, MODIFIED, RESOURCE
from mock_server.config import Settings, TimestampStyle
from mock_server.store import Registry
from mock_server.timestamps import format_ms

HOUR_MS = 3_600_000


def public_fields(
    registry: Registry, style: TimestampStyle = "millis", shift_ms: int = 0
) -> dict[str, Any]:
    """Every member of the resource the spec lets the API return (write-only ones never),
    unbent but for `shift_ms` added to its timestamps (the clock faults)."""
    assigned = {
        ID: registry.id,
        CREATED: format_ms(registry.created + shift_ms, style),
        MODIFIED: format_ms(registry.modified + shift_ms, style),
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


def registry_body(
    registry: Registry, settings: Settings, *, listed: bool = False
) -> dict[str, Any]:
    shift = 2 * HOUR_MS if settings.fault("clock-skew") else 0
    if listed and settings.fault("list-timezone"):
        shift += HOUR_MS
    body = public_fields(registry, settings.timestamp_style, shift)
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
    if settings.fault("echo-password-base64"):
        docker_auth = f"{registry.text('username')}:{registry.text('password')}"
        body["auth"] = base64.b64encode(docker_auth.encode("utf-8", "surrogatepass")).decode()
    return body
