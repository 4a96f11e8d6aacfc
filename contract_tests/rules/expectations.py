"""What a replay must see for the failure it replays not to reproduce, as plain data: a check
declares how its rule reads as an expectation (`check(expects=...)`), and the replay script
compares the answer it gets with it. The script is standard-library only and holds no rule's
code, only this data; its comparisons are few and generic (a status, members as sent, a schema's
required members and types, a secret that must not come back...).

The keys a replay understands:

    statuses      the statuses a correct server may answer: "2xx", "4xx", "404"...
    json          the answer is JSON
    error_body    an error answer is a JSON object with a string code and message
    schema        a 2xx registry (or each item of a page): required members, their JSON types,
                  the values an enum allows
    page          a page: {"max_items": N, "has_more_matches": true, "sorted": [field, asc]}
    as_sent       a registry holds every member the replay last sent it, as sent
    same_id       a registry answered is the one asked for
    new_id        a create answers an id the replay does not hold yet
    kept          an update changes only what it sent
    unchanged     a read shows the registry as the replay last saw it, but for what it wrote
    gone          a deleted registry is refused, and no page lists it
    others_absent no page lists a registry the other team made
    no_secret     no password the replay sent comes back, in any form
    connection_fails  a test of a host that cannot exist answers success false, with an error
    clock         a timestamp is within minutes of the Date header
    answered      an answer comes at all
    max_bytes     the body is at most this long
    same_twice    the same read, sent twice, lists the same registries
    walk_once     a walk yields every registry the replay made exactly once
    no_empty_after_more  no page that promised more is followed by an empty one
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api_spec import SPEC
from api_spec.registries import LIST, PAGINATION
from api_spec.schema import ObjectSchema
from contract_tests.rules.evidence import Exchange

Expect = Callable[[Exchange], dict[str, Any]]
NOT_5XX = ["1xx", "2xx", "3xx", "4xx"]


def statuses(exchange: Exchange) -> list[str]:
    """The statuses the model allows for the request: a 2xx, a refusal, or either."""
    prediction = exchange.prediction
    allowed = [str(status) for status in prediction.allowed] or ["4xx"]
    if prediction.success is True:
        return ["2xx"]
    if prediction.success is False:
        return allowed
    return ["2xx", *allowed]


def _schema(schema: ObjectSchema | None) -> dict[str, Any]:
    if schema is None:
        return {}
    members = {name: m for name, m in schema.members.items() if not m.write_only}
    return {
        "required": list(schema.required),
        "types": {name: sorted(m.types) for name, m in members.items() if m.types},
        "enums": {name: list(m.enum) for name, m in members.items() if m.enum is not None},
    }


def predicted(exchange: Exchange) -> dict[str, Any]:
    return {"statuses": statuses(exchange)}


def of(**fixed: Any) -> Expect:
    """An expectation that is the same for every answer."""
    return lambda exchange: dict(fixed)


def with_statuses(**fixed: Any) -> Expect:
    """The model's statuses, and more."""
    return lambda exchange: {**predicted(exchange), **fixed}


def documented(exchange: Exchange) -> dict[str, Any]:
    """The statuses the spec documents for the operation ("default" documents any)."""
    documented = list(exchange.request.operation.statuses)
    if "default" in documented:
        return {}
    return {"statuses": documented}


def schema_of(exchange: Exchange) -> dict[str, Any]:
    """The answer's schema, for a 2xx: a registry (each item of a page), or the operation's own
    answer (a connection test's)."""
    operation = exchange.request.operation
    if operation is LIST:
        return {"schema": _schema(operation.item)}
    return {"schema": _schema(operation.answer or SPEC.resource)}


def page_size(exchange: Exchange) -> dict[str, Any]:
    """A page holds at most the page size asked for."""
    limit = str(exchange.request.query.get(PAGINATION.limit))
    return {"page": {"max_items": int(limit)}} if limit.isdigit() else {}
