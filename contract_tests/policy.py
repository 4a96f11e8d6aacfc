"""Which requests a run may send: the safety rules of a run against a real account."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from contract_tests.api import COLLECTION
from contract_tests.violations import UnsafeRequest

# Why a check that needs writes did not run, as the reports say it.
READ_ONLY = "needs --allow-writes (read-only run)"
WRITE_METHODS = frozenset({"POST", "PUT", "DELETE"})
# Ids the suite makes up to provoke a 404 start with this; the server assigns real ids itself.
MISSING_ID_PREFIX = "contract-missing-"


@dataclass
class WritePolicy:
    """Read-only unless writes are allowed; registry-changing requests only for owned ids."""

    allow_writes: bool
    base_path: str
    owned: set[str] = field(default_factory=set)

    def authorize(self, method: str, url: str) -> None:
        method = method.upper()
        if method != "GET" and not self.allow_writes:
            # Read-only means GET only: not even an unsupported-method probe goes out.
            raise UnsafeRequest(f"read-only run: refused to send {method} (use --allow-writes)")
        registry_id, action = self.target(url)
        # test-connection is a GET, but it makes the server log in to the registry with the
        # credentials it holds: only for registries this run created.
        touches_registry = method != "GET" or action is not None
        if registry_id is not None and touches_registry and not self.may_touch(registry_id):
            raise UnsafeRequest(
                f"refused {method} on registry {registry_id!r}: this run did not create it"
            )

    def may_touch(self, registry_id: str) -> bool:
        return registry_id in self.owned or registry_id.startswith(MISSING_ID_PREFIX)

    def target(self, url: str) -> tuple[str | None, str | None]:
        """(id, sub-action) of a registry URL, or (None, None) for anything else."""
        path = urlsplit(url).path
        if self.base_path and path.startswith(self.base_path):
            path = path[len(self.base_path) :]
        if not path.startswith(COLLECTION + "/"):
            return None, None
        rest = path[len(COLLECTION) + 1 :].split("/")
        action = rest[1] if len(rest) > 1 else None
        return unquote(rest[0]), action

    def is_collection(self, url: str) -> bool:
        path = urlsplit(url).path
        return path.rstrip("/") == (self.base_path + COLLECTION)
