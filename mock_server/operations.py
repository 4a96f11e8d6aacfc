"""The six operations of the container-registries API, over the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from api_spec.registries import GET, RULES
from mock_server import gate, validation
from mock_server.body import read_json
from mock_server.config import Settings
from mock_server.connection import test_connection
from mock_server.creation_cache import CreationCache
from mock_server.errors import ApiError, bad_request, json_response
from mock_server.faults import TEAM_PARAMETER
from mock_server.listing import Listing
from mock_server.lookup import Lookup
from mock_server.replays import CreatedBodies, UpdateBodies
from mock_server.representation import registry_body
from mock_server.resource import plain_text_members
from mock_server.store import Registry, Store
from mock_server.stored_text import as_stored
from mock_server.timestamps import now_ms

# What the `huge-page` fault pads a page with: far more than any client should read whole.
HUGE_PADDING = 8 * 1024 * 1024


def team_of(request: Request) -> int:
    """The team the request acts for, as the gate found it from the token."""
    team: int = request.state.team
    return team


def named(request: Request) -> tuple[str, int]:
    """The registry id in the path, and the team asking."""
    return request.path_params["id"], team_of(request)


def _check_provider(kind: object, url: object) -> None:
    refusal = RULES.refusal(kind, url if isinstance(url, str) else "")
    if refusal is not None:
        raise bad_request(
            {RULES.member: refusal}, "The registry does not follow the provider's rules"
        )


def _check_odd_input(fields: Mapping[str, object], settings: Settings) -> None:
    """The server-error faults: crash on input a correct server takes in its stride."""
    if settings.fault("crash-on-unicode") and not str(fields.get("name", "")).isascii():
        raise RuntimeError("the name column is ASCII only")
    if settings.fault("empty-string-500") and "" in fields.values():
        raise RuntimeError("an empty string reached a NOT NULL column")


class Operations:
    def __init__(self, settings: Settings, store: Store) -> None:
        # The URL of every registry whose connection was tested: the hosts the live service
        # would have logged in to (`/_mock/tested`).
        self.tested: list[str] = []
        self.settings = settings
        self.store = store
        self.lookup = Lookup(settings, store)
        self.listing = Listing(settings, store)
        self.creation_cache = (
            CreationCache(store.all()) if settings.fault("test-connection-stale-url") else None
        )
        self.created_bodies = CreatedBodies() if settings.fault("create-deduplicates") else None
        self.update_bodies = UpdateBodies() if settings.fault("update-replay-409") else None

    def _body(self, registry: Registry) -> dict[str, Any]:
        return registry_body(registry, self.settings)

    def _answer(self, registry: Registry, *, echo_header: bool = False) -> Response:
        headers: dict[str, str] = {}
        if echo_header and self.settings.fault("echo-password-header"):
            headers["X-Debug-Password"] = quote(registry.text("password"), safe="")
        return self._json(self._body(registry), headers)

    def _json(self, body: Any, headers: dict[str, str] | None = None) -> Response:
        response = json_response(body, 200, headers)
        if self.settings.fault("success-text-plain"):
            response.headers["content-type"] = "text/plain; charset=utf-8"
        return response

    def _refresh_lists(self, team: int) -> None:
        """A create or update refreshes the team's cached list. Under
        `list-cache-misses-deletes` only these do: the registries a delete kept for the list
        (the stale cache) leave it now."""
        if self.settings.fault("list-cache-misses-deletes"):
            self.store.purge_deleted(team)

    def _location(self, registry: Registry) -> dict[str, str]:
        """`location-names-team`: where the new registry is, naming its team for an
        impersonating get; a correct create sends no Location."""
        if not self.settings.fault("location-names-team"):
            return {}
        path = GET.url_path(**{GET.path_parameters[0]: quote(registry.id, safe="")})
        query = f"{TEAM_PARAMETER}={registry.team}"
        return {"Location": f"{self.settings.base_path}{path}?{query}"}

    async def list(self, request: Request) -> Response:
        page = self.listing.page(request.query_params, team_of(request))
        response = self._json(page)
        if self.settings.fault("huge-page"):
            response.body = bytes(response.body) + b" " * HUGE_PADDING
            response.headers["content-length"] = str(len(response.body))
        return response

    def _new_registry(self, body: Any, team: int) -> Registry:
        """The registry a valid create `body` makes (not yet stored)."""
        fields = as_stored(validation.create_fields(body, self.settings), self.settings)
        if RULES.kind_member in body:
            _check_provider(fields.get(RULES.kind_member), fields.get(RULES.member))
        if self.settings.fault("refuse-valid") and len(str(fields.get("name", ""))) > 8:
            raise bad_request({"name": "must be at most 8 characters"})
        _check_odd_input(fields, self.settings)
        now = now_ms()
        return Registry(id=self.store.unused_id(), fields=fields, created=now, modified=now,
                        team=team)  # fmt: skip

    async def create(self, request: Request) -> Response:
        body = await read_json(request, self.settings)
        team = team_of(request)
        cache = self.created_bodies
        earlier = None if cache is None else cache.earlier(team, body)
        if earlier is not None:
            return self._answer(earlier, echo_header=True)
        registry = self._new_registry(body, team)
        if not self.settings.fault("lost-create"):
            registry = self.store.add(registry)
            self._refresh_lists(team)
        if self.creation_cache is not None:
            self.creation_cache.remember(registry)
        if cache is not None:
            cache.remember(team, body, registry)
        response = self._answer(registry, echo_header=True)
        response.headers.update(self._location(registry))
        return response

    def _touch(self, registry: Registry) -> Registry:
        """Store a new `dtModified` (the faults of reads that write)."""
        touched = replace(registry, modified=max(now_ms(), registry.modified + 1))
        self.store.put(touched)
        return touched

    async def get(self, request: Request) -> Response:
        registry_id, team = named(request)
        team = gate.impersonated(team, request.query_params, self.settings)
        registry = self.lookup.for_get(registry_id, team)
        if self.settings.fault("get-touches"):
            registry = self._touch(registry)
        if self.settings.fault("get-wrong-id"):
            registry = self.store.other_than(registry.id) or registry
        return self._answer(registry)

    def _changes(self, body: Any, registry: Registry) -> dict[str, Any]:
        """The members a valid update `body` of `registry` sets, as stored, checked against the
        provider rules and the odd-input faults."""
        changes = as_stored(validation.update_fields(body, self.settings), self.settings)
        if self.settings.fault("update-ignores-empty"):
            # A `value or old` merge: "" is falsy, so the old value wins.
            changes = {name: value or registry.fields.get(name, value) for name, value in
                       changes.items()}  # fmt: skip
        merged = {**registry.fields, **changes}
        stored_kind = registry.fields.get(RULES.kind_member)
        if RULES.kind_member in changes or (
            RULES.member in changes and RULES.has_rules(stored_kind)
        ):
            _check_provider(merged.get(RULES.kind_member), merged.get(RULES.member))
        _check_odd_input(changes, self.settings)
        unchanged = all(registry.fields.get(k) == v for k, v in changes.items())
        if self.settings.fault("update-refuses-unchanged") and unchanged:
            raise bad_request({"body": "changes nothing"}, "Nothing to update")
        if self.settings.fault("partial-update-clears"):
            changes = dict.fromkeys(plain_text_members(), "") | changes
        return changes

    def _times(self, registry: Registry) -> tuple[int, int]:
        """The (dtCreated, dtModified) an update of `registry` stores."""
        # Always later than before, even within one millisecond or after a future seed.
        modified = max(now_ms(), registry.modified + 1, registry.created)
        if self.settings.fault("dtmodified-regress"):
            modified = registry.created - 1000
        if self.settings.fault("dtmodified-frozen"):
            modified = registry.modified
        created = modified if self.settings.fault("update-moves-dtcreated") else registry.created
        return created, modified

    def _refuse_replay(self, registry: Registry, body: Any) -> None:
        """`update-replay-409`: a body equal to the registry's previous update's is taken for a
        replayed request."""
        guard = self.update_bodies
        if guard is None:
            return
        if guard.repeats(registry.id, body):
            raise ApiError(409, "CONFLICT", "This update repeats the previous one")
        guard.remember(registry.id, body)

    async def update(self, request: Request) -> Response:
        if self.settings.fault("update-applied-then-refused"):
            await self._write_then_refuse(request)
        self.lookup.for_update(*named(request))  # an unknown id is a 404 whatever the body
        body = await read_json(request, self.settings)
        # Fetched again after the body arrived, so a concurrent update is merged, not lost.
        registry = self.lookup.for_update(*named(request))
        changes = self._changes(body, registry)
        self._refuse_replay(registry, body)
        created, modified = self._times(registry)
        updated = replace(
            registry, fields={**registry.fields, **changes}, created=created, modified=modified
        )
        if not self.settings.fault("lost-update"):
            self.store.restore(updated.id)  # a deleted one found under `update-revives-deleted`
            self.store.put(updated)
            self._refresh_lists(updated.team)
        return self._answer(updated, echo_header=True)

    async def _write_then_refuse(self, request: Request) -> None:
        """`update-applied-then-refused`: another team's registry is changed, then the update
        is refused as if the registry were not found."""
        registry = self.lookup.of_another_team(*named(request))
        if registry is None:
            return
        changes = self._changes(await read_json(request, self.settings), registry)
        self.store.put(replace(registry, fields={**registry.fields, **changes}))
        raise self.lookup.missing(registry.id)

    async def delete(self, request: Request) -> Response:
        registry = self.lookup.for_delete(*named(request))
        if self.settings.fault("list-shows-deleted") or self.settings.fault(
            "list-cache-misses-deletes"
        ):
            # Kept for the list: a soft delete it does not filter, or a cache not invalidated.
            self.store.put(replace(registry, deleted=True))
        elif not self.settings.fault("delete-noop"):
            self.store.remove(registry.id, keep_tombstone=self.lookup.keeps_tombstones)
        return self._answer(registry)

    async def test_connection(self, request: Request) -> Response:
        settings = self.settings
        if settings.fault("test-connection-after-delete") and self.lookup.deleted(*named(request)):
            # The row was found, deleted or not; the credentials it points to were not.
            return self._json({"success": False, "error": "the registry's credentials are gone"})
        registry = self.lookup.find(*named(request), across="test-connection-across-teams")
        self.tested.append(registry.text(RULES.member))
        if settings.fault("test-connection-shape"):
            return self._json({"ok": True})
        if settings.fault("test-connection-touches"):
            self._touch(registry)
        url, username, password = (registry.text(m) for m in (RULES.member, "username", "password"))
        if settings.fault("test-connection-always-succeeds"):
            return self._json({"success": True})
        if self.creation_cache is not None:
            outcome = self.creation_cache.outcome(registry)
        else:
            outcome = await test_connection(url, username, password, settings)
        body: dict[str, Any] = {"success": outcome.success}
        if outcome.error is not None:
            body["error"] = outcome.error
            if settings.fault("test-connection-leaks"):
                body["error"] += f" (tried {username}:{password}@{url})"
        return self._json(body)
