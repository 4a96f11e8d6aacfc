"""The six operations of the API, each for the team the request speaks for."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from api_spec.registries import (
    CREATE,
    CREATE_BODY,
    DELETE,
    GET,
    ID,
    LIMIT,
    LIST,
    PAGINATION,
    TEST_CONNECTION,
    UPDATE,
    UPDATE_BODY,
)
from reference_server import connectivity, providers, validation
from reference_server.clock import Clock
from reference_server.codec import to_bytes
from reference_server.errors import BadRequest
from reference_server.ids import id_format
from reference_server.options import Options
from reference_server.resource import Registry, completed
from reference_server.teams import Team

# The docs leave the page size of a list without `limit` to the server.
PAGE_SIZE = 10


@dataclass(frozen=True)
class Request:
    team: Team
    params: Mapping[str, str]  # path parameters, percent-decoded
    query: Mapping[str, str]  # the first value of each query parameter
    body: bytes


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Answer]


def _page_size() -> int:
    """PAGE_SIZE, moved inside the spec's bounds should they ever leave it out."""
    low = LIMIT.minimum if LIMIT.minimum is not None else PAGE_SIZE
    high = LIMIT.maximum if LIMIT.maximum is not None else PAGE_SIZE
    return int(min(max(PAGE_SIZE, low), high))


def _check_rules(fields: Mapping[str, Any]) -> None:
    breach = providers.rule_breach(fields.get(providers.KIND), fields.get(providers.URL))
    if breach is not None:
        message = "The registry does not follow the provider's rules"
        raise BadRequest(message, {providers.URL: breach})


class Operations:
    def __init__(self, options: Options) -> None:
        self.options = options
        self.clock = Clock(options.whole_second_timestamps)  # how times are written
        self.id_format = id_format(options.sequential_ids)

    def handlers(self) -> dict[str, dict[str, Handler]]:
        """The handlers by path template and method, one path per path of the spec."""
        by_path: dict[str, dict[str, Handler]] = {}
        for operation, handler in (
            (LIST, self.list_page),
            (CREATE, self.create),
            (GET, self.get),
            (UPDATE, self.update),
            (DELETE, self.delete),
            (TEST_CONNECTION, self.test_connection),
        ):
            by_path.setdefault(operation.path, {})[operation.method] = handler
        return by_path

    def list_page(self, request: Request) -> Answer:
        store = request.team.store
        query = validation.list_query(request.query, store.cursor_key)
        size = _page_size() if query.limit is None else query.limit
        page = store.page(query.after, size, query.descending)
        body = {
            PAGINATION.results: [registry.shown(self.clock) for registry in page.items],
            PAGINATION.has_more: page.next_cursor is not None,
            PAGINATION.next_cursor: page.next_cursor,
        }
        return Answer(200, to_bytes(body) + b" " * self.options.pad_list_bytes)

    def create(self, request: Request) -> Answer:
        fields = validation.body_members(CREATE_BODY, request.body)
        if providers.KIND in fields:  # a create that names no kind gets one without rules
            _check_rules(fields)
        return self._shown(request.team.store.add(completed(fields)))

    def get(self, request: Request) -> Answer:
        return self._shown(request.team.store.get(self._id(request)))

    def update(self, request: Request) -> Answer:
        registry_id = self._id(request)
        request.team.store.get(registry_id)  # an unknown id is a 404, whatever the body
        changes = validation.body_members(UPDATE_BODY, request.body)

        def merge(registry: Registry) -> dict[str, Any]:
            merged = {**registry.fields, **changes}
            # The rules are checked when the kind changes, or the URL of a kind with rules.
            stored_kind = registry.fields.get(providers.KIND)
            if providers.KIND in changes or (
                providers.URL in changes and providers.constrained(stored_kind)
            ):
                _check_rules(merged)
            return merged

        return self._shown(request.team.store.update(registry_id, merge))

    def delete(self, request: Request) -> Answer:
        return self._shown(request.team.store.remove(self._id(request)))

    def test_connection(self, request: Request) -> Answer:
        registry = request.team.store.get(self._id(request))
        result = connectivity.outcome(registry, stub=self.options.test_connection_stub)
        return Answer(200, to_bytes(result))

    def _shown(self, registry: Registry) -> Answer:
        return Answer(200, to_bytes(registry.shown(self.clock)))

    def _id(self, request: Request) -> str:
        """The registry id of the path; with `--strict-ids`, 400 unless it is in the form
        this server writes its ids (a well-formed one it does not hold is still a 404)."""
        registry_id = request.params[ID]
        if self.options.strict_ids and not self.id_format.fits(registry_id):
            reason = f"expected {self.id_format.expected}"
            raise BadRequest("The id is not one this server could have issued", {ID: reason})
        return registry_id
