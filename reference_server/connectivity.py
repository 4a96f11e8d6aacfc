"""test-connection without the network: what this server answers instead of logging in.

By default no registry can be reached (this server never opens a connection), so every test
fails, naming the host. With `--test-connection-stub` it answers as a stub on a staging
system does: success for any host it can read, except one under `.invalid`, a name that
cannot exist (RFC 6761 §6.4). Either way the answer reads the registry's current URL, and an
error message never spells its username or password.
"""

from __future__ import annotations

from typing import Any

from reference_server import providers
from reference_server.resource import Registry

CREDENTIALS = ("username", "password")
RESERVED = "invalid"  # the top-level domain that never resolves


def _cannot_exist(host: str) -> bool:
    return host == RESERVED or host.endswith("." + RESERVED)


def _safe(messages: list[str], registry: Registry) -> str:
    """The first message that spells no credential of the registry; "" if none is safe."""
    secrets = [registry.text(name) for name in CREDENTIALS if registry.text(name)]
    return next((m for m in messages if not any(s in m for s in secrets)), "")


def outcome(registry: Registry, *, stub: bool) -> dict[str, Any]:
    """The test-connection answer for `registry`: `success`, and `error` on a failure."""
    host = providers.host(registry.text(providers.URL))
    if stub and host and not _cannot_exist(host):
        return {"success": True}
    if not host:
        reasons = ["The registry's URL names no host"]
    elif stub:
        reasons = [f"Cannot resolve {host}: names under .{RESERVED} do not exist"]
    else:
        reasons = [f"Cannot reach {host}: this server never opens network connections"]
    # Fallbacks that name no host, for a credential the first message would spell.
    reasons += ["The registry cannot be reached", "Connection test failed"]
    error = _safe(reasons, registry)
    return {"success": False, "error": error} if error else {"success": False}
