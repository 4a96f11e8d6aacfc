"""The six operations of the container-registries API, over the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from api_spec.registries import LIMIT, PAGINATION, RULES
from mock_server import cursors, validation
from mock_server.body import read_json
from mock_server.config import Settings
from mock_server.connection import test_connection
from mock_server.creation_cache import CreationCache
from mock_server.errors import bad_request, json_response
from mock_server.lookup import Lookup
from mock_server.representation import registry_body
from mock_server.resource import plain_text_members
from mock_server.store import Registry, Store, Window
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
        self.settings = settings
        self.store = store
        self.lookup = Lookup(settings, store)
        self.creation_cache = (
            CreationCache(store.all()) if settings.fault("test-connection-stale-url") else None
        )

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

    def _window(self, query: validation.ListQuery, team: int) -> tuple[Window, int | None]:
        """The team's registries of the page asked for, and (for an offset cursor) where it
        began. Under `list-leaks-teams` every team's (a query without its team condition)."""
        settings = self.settings
        scope = None if settings.fault("list-leaks-teams") else team
        size = query.limit + settings.fault("page-overflow")
        if query.offset is not None:
            return self.store.at_offset(scope, query.offset, query.descending, size), query.offset
        shift = 0
        if query.after is not None:
            shift = 1 if settings.fault("cursor-skip") else -settings.fault("cursor-repeat")
        window = self.store.window(
            scope, query.after, query.descending, size, shift=shift,
            seeded_only=settings.fault("list-stale"),
        )  # fmt: skip
        return window, None

    async def list(self, request: Request) -> Response:
        query = validation.list_query(request.query_params, self.settings)
        settings = self.settings
        if settings.fault("max-limit-500") and query.limit == LIMIT.maximum:
            raise RuntimeError("off-by-one in the page buffer")
        window, offset = self._window(query, team_of(request))
        items = window.items
        has_more = window.remaining > 0
        if settings.fault("empty-last-page") and items and len(items) == query.limit:
            has_more = True

        def cursor_after(last: Registry) -> str:
            if offset is not None:
                return cursors.encode_offset(offset + len(items))
            return cursors.encode(last.key)

        next_page = cursor_after(items[-1]) if has_more and items else None
        if not has_more and settings.fault("hasmore-without-next"):
            has_more, next_page = True, None
        if not has_more and items and settings.fault("nextpage-on-last"):
            next_page = cursor_after(items[-1])
        body = {
            PAGINATION.results: [registry_body(r, settings, listed=True) for r in items],
            PAGINATION.has_more: has_more,
            PAGINATION.next_cursor: next_page,
        }
        response = self._json(body)
        if settings.fault("huge-page"):
            response.body = bytes(response.body) + b" " * HUGE_PADDING
            response.headers["content-length"] = str(len(response.body))
        return response

    async def create(self, request: Request) -> Response:
        body = await read_json(request, self.settings)
        fields = as_stored(validation.create_fields(body, self.settings), self.settings)
        if RULES.kind_member in body:
            _check_provider(fields.get(RULES.kind_member), fields.get(RULES.member))
        if self.settings.fault("refuse-valid") and len(str(fields.get("name", ""))) > 8:
            raise bad_request({"name": "must be at most 8 characters"})
        _check_odd_input(fields, self.settings)
        now = now_ms()
        registry = Registry(
            id=self.store.unused_id(), fields=fields, created=now, modified=now,
            team=team_of(request),
        )  # fmt: skip
        if not self.settings.fault("lost-create"):
            registry = self.store.add(registry)
        if self.creation_cache is not None:
            self.creation_cache.remember(registry)
        return self._answer(registry, echo_header=True)

    def _touch(self, registry: Registry) -> Registry:
        """Store a new `dtModified` (the faults of reads that write)."""
        touched = replace(registry, modified=max(now_ms(), registry.modified + 1))
        self.store.put(touched)
        return touched

    async def get(self, request: Request) -> Response:
        registry = self.lookup.for_get(*named(request))
        if self.settings.fault("get-touches"):
            registry = self._touch(registry)
        if self.settings.fault("get-wrong-id"):
            registry = self.store.other_than(registry.id) or registry
        return self._answer(registry)

    async def update(self, request: Request) -> Response:
        self.lookup.for_update(*named(request))  # an unknown id is a 404 whatever the body
        body = await read_json(request, self.settings)
        changes = as_stored(validation.update_fields(body, self.settings), self.settings)
        # Fetched again after the body arrived, so a concurrent update is merged, not lost.
        registry = self.lookup.for_update(*named(request))
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
        # Always later than before, even within one millisecond or after a future seed.
        modified = max(now_ms(), registry.modified + 1, registry.created)
        if self.settings.fault("dtmodified-regress"):
            modified = registry.created - 1000
        created = modified if self.settings.fault("update-moves-dtcreated") else registry.created
        updated = replace(
            registry, fields={**registry.fields, **changes}, created=created, modified=modified
        )
        if not self.settings.fault("lost-update"):
            self.store.restore(updated.id)  # a deleted one found under `update-revives-deleted`
            self.store.put(updated)
        return self._answer(updated, echo_header=True)

    async def delete(self, request: Request) -> Response:
        registry = self.lookup.find(*named(request), across="delete-across-teams")
        if self.settings.fault("list-shows-deleted"):
            self.store.put(replace(registry, deleted=True))
        elif not self.settings.fault("delete-noop"):
            self.store.remove(registry.id, keep_tombstone=self.lookup.keeps_tombstones)
        return self._answer(registry)

    async def test_connection(self, request: Request) -> Response:
        settings = self.settings
        if settings.fault("test-connection-after-delete") and self.lookup.deleted(*named(request)):
            # The row was found, deleted or not; the credentials it points to were not.
            return self._json({"success": False, "error": "the registry's credentials are gone"})
        registry = self.lookup.find(*named(request))
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
