"""Which requests a run may send: the safety rules of a run against a real account.

- Read-only unless writes are allowed: then GET only, not even an unsupported-method probe.
- A request that changes a registry, or makes the server log in to one (test-connection), goes
  only to a registry the same team's token created in this run, or to an id made up to be
  missing. The one exception is a deliberate probe of isolation: one team's token sent to a
  registry the run created with the other team's, which a correct server refuses.
- A connection test goes only to a registry whose URL, as the run last set it, names a host
  under `.invalid` (RFC 6761: it cannot exist), so the service never logs in to a real host
  (docker.io, to satisfy a provider's rules) with the run's test credentials.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from api_spec.extensions import host_of
from api_spec.registries import LIST, RULES
from contract_tests.wire.credentials import Credentials, Team
from contract_tests.wire.errors import UnsafeRequest

# Why a check that needs writes did not run, as the reports say it.
READ_ONLY = "needs --allow-writes (read-only run)"
# Ids the suite makes up to provoke a 404 start with this; the server assigns real ids itself.
MISSING_ID_PREFIX = "contract-missing-"
COLLECTION = LIST.path
# The only hosts a connection test may name: none can exist (RFC 6761).
UNREACHABLE_DOMAIN = ".invalid"


@dataclass
class WritePolicy:
    """Read-only unless writes are allowed; registry-changing requests only for owned ids."""

    allow_writes: bool
    base_path: str
    owned: dict[Team, set[str]] = field(default_factory=lambda: {team: set() for team in Team})
    urls: dict[str, str] = field(default_factory=dict)  # each owned registry's URL, as set

    def authorize(self, method: str, url: str, credentials: Credentials) -> None:
        method = method.upper()
        if method != "GET" and not self.allow_writes:
            raise UnsafeRequest(f"read-only run: refused to send {method} (use --allow-writes)")
        registry_id, action = self.target(url)
        # test-connection is a GET, but it makes the server log in to the registry with the
        # credentials it holds: only for registries this run created.
        touches_registry = method != "GET" or action is not None
        if registry_id is None or not touches_registry:
            return
        if not self.may_touch(registry_id, credentials):
            raise UnsafeRequest(
                f"refused {method} on registry {registry_id!r}: this run did not create it"
            )
        if action is not None and not self.connectable(registry_id):
            raise UnsafeRequest(
                f"refused to test the connection of {registry_id!r}: its URL "
                f"{self.urls.get(registry_id)!r} could name a real host"
            )

    def may_touch(self, registry_id: str, credentials: Credentials | None = None) -> bool:
        """Whether a registry-changing request with `credentials` may go to `registry_id`
        (None: with any of the run's credentials)."""
        if registry_id.startswith(MISSING_ID_PREFIX):
            return True
        if credentials is None:
            return any(registry_id in ids for ids in self.owned.values())
        team = credentials.team or Team.FIRST  # no or a wrong token: the run's own ids only
        if registry_id in self.owned[team]:
            return True
        return credentials.probe and any(
            registry_id in ids for other, ids in self.owned.items() if other is not team
        )

    def own(self, team: Team, registry_id: str) -> None:
        self.owned[team].add(registry_id)

    def pointed(self, registry_id: str, body: object) -> None:
        """Note the URL a create or an update sent for a registry of the run."""
        if isinstance(body, dict) and isinstance(body.get(RULES.member), str):
            self.urls[registry_id] = body[RULES.member]

    def connectable(self, registry_id: str) -> bool:
        """Whether a connection test of `registry_id` can reach no real host: an id made up to
        be missing, or a registry whose URL names a host under `.invalid`."""
        if registry_id.startswith(MISSING_ID_PREFIX):
            return True
        url = self.urls.get(registry_id)
        return url is not None and host_of(url).endswith(UNREACHABLE_DOMAIN)

    def owner(self, registry_id: str) -> Team | None:
        """The team whose token created `registry_id` in this run, if one did."""
        return next((team for team, ids in self.owned.items() if registry_id in ids), None)

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
