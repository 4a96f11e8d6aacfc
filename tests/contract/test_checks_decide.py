"""Every check's function is the code that decides it: each is given evidence that breaks its
rule (an exchange, a pair of answers, two reads of the list, a walk, the run) and fails it; on
evidence that keeps it, it holds; on evidence it cannot judge, it says why. No server: the
answers are built as the run would receive them."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis.core import NOT_SET
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import status_code_conformance

from api_spec import SPEC, Operation
from api_spec.registries import CREATE, DELETE, GET, LIST, RULES, TEST_CONNECTION, UPDATE
from contract_tests.engine.engine import verdict_of
from contract_tests.engine.schema import case
from contract_tests.rules import answers, isolation, pagination, state
from contract_tests.rules import requests as request_rules
from contract_tests.rules.answers import judge_builtin
from contract_tests.rules.evidence import Exchange, Pages, Pair, RunSeen, WalkSeen
from contract_tests.rules.exchange import Answer, Request
from contract_tests.rules.model import Expected, Known, Model, Sighting, Write
from contract_tests.rules.registry import CHECKS, Check, Shape
from contract_tests.rules.violations import HELD, NotJudged, Problem
from contract_tests.wire.credentials import Team, missing, valid, wrong
from contract_tests.wire.delivery import Delivery
from contract_tests.wire.pacing import Throttled
from contract_tests.wire.redaction import Secrets

FIRST = valid("first-team-token", Team.FIRST)
VALID_CREATE = {"name": "n", "namespace": "t", "url": "r.example", "username": "u", "password": "p"}
SECOND = valid("second-team-token", Team.SECOND)
STAMP = "2026-12-01T10:00:00.000Z"
LATER = "2026-12-01T11:00:00.000Z"
DATE = "Tue, 01 Dec 2026 10:00:00 GMT"
AnyCheck = Check[Any]


def registry(registry_id: str = "r1", **members: Any) -> dict[str, Any]:
    body = {"id": registry_id, "name": "n", "namespace": "team", "url": "ghcr.io",
            "username": "u", "kind": "other", "dtCreated": STAMP, "dtModified": STAMP}  # fmt: skip
    return {**body, **members}


def page(*items: dict[str, Any], more: str | None = None) -> dict[str, Any]:
    return {"items": list(items), "hasMore": more is not None, "nextPage": more}


def answer_to(
    request: Request,
    status: int,
    body: Any = None,
    *,
    headers: dict[str, list[str]] | None = None,
    secrets: Secrets | None = None,
) -> Answer:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = requests.Request("GET", "http://127.0.0.1/v1").prepare()
    heads = {"content-type": ["application/json"], "date": [DATE], **(headers or {})}
    response = Response(status, heads, content, sent, 0.01, True)
    return Answer(request, response, secrets or Secrets(), "http://127.0.0.1/v1")


def request(
    operation: Operation, registry_id: str | None = None, body: Any = NOT_SET, **kwargs: Any
) -> Request:
    query = kwargs.pop("query", None)
    credentials = kwargs.pop("credentials", FIRST)
    return Request(
        case(operation, registry_id=registry_id, query=query, body=body), credentials, **kwargs
    )


def exchange(
    operation: Operation,
    status: int | None,
    got: Any = None,
    model: Model | None = None,
    *,
    sent: Any = NOT_SET,
    delivery: Delivery | None = None,
    headers: dict[str, list[str]] | None = None,
    secrets: Secrets | None = None,
    **kwargs: Any,
) -> Exchange:
    """An exchange the model predicted: a request (`sent`, its body) and what came back
    (`got`; no answer when `status` is None)."""
    model = model or Model()
    prediction = model.predict(request(operation, body=sent, **kwargs))
    answer = None
    if status is not None:
        answer = answer_to(prediction.request, status, got, headers=headers, secrets=secrets)
    return Exchange(prediction, answer, delivery or Delivery(), 1, "" if answer else "timed out")


def owned(model: Model, registry_id: str = "r1", team: Team = Team.FIRST, **members: Any) -> Known:
    """A registry the run created, as the model holds it."""
    known = Known(registry_id, team, owned=True, steps=[0])
    known.members = {name: Expected(value, Write.CREATE, 0) for name, value in members.items()}
    created = Sighting(registry(registry_id, **members), CREATE.label, 0)
    known.seen(created)
    known.last_write, known.written_at = created, 0.0
    model.registries[registry_id] = known
    return known


def judged(check: AnyCheck, *args: Any, **kwargs: Any) -> Any:
    return verdict_of(check, exchange(*args, **kwargs))


def paired(check: AnyCheck, known: Known, after: dict[str, Any] | None, operation: Operation,
           status: int = 200, between: tuple[str, ...] = ()) -> Any:  # fmt: skip
    later = exchange(operation, status, after, registry_id=known.id)
    seen = Sighting(after, operation.label, 2) if after is not None else None
    assert known.last is not None
    return verdict_of(check, Pair(known, known.last, seen, later, between))


def two_reads(check: AnyCheck, first: Any, second: Any, **queries: Any) -> Any:
    before = exchange(LIST, 200, first, query=queries.get("before", {"limit": 1}))
    after = exchange(LIST, 200, second, query=queries.get("after", {"limit": 2}))
    return verdict_of(check, Pages(before, after))


def walked(check: AnyCheck, *pages: dict[str, Any], **facts: Any) -> Any:
    exchanges = [exchange(LIST, 200, body) for body in pages]
    walk = WalkSeen(Team.FIRST, {}, exchanges, **{"ended": True, **facts})
    return verdict_of(check, walk)


def builtin(check: AnyCheck, operation: Operation, status: int, body: Any, **kwargs: Any) -> Any:
    return verdict_of(check, exchange(operation, status, body, **kwargs))


def status_code_of_a_spec_without_default() -> Any:
    """`status_code_conformance` on an operation whose spec documents no `default` answer
    (this API's operations all have one, so any status is documented there)."""
    document = copy.deepcopy(dict(SPEC.document))
    del document["paths"][LIST.path]["get"]["responses"]["default"]
    schema = schemathesis.openapi.from_dict(document)
    target = schema[LIST.path]["GET"].Case()
    got = answer_to(Request(target, FIRST), 418, {"code": "TEAPOT", "message": "no"})
    return judge_builtin(status_code_conformance, got)


def echoed() -> Any:
    secrets = Secrets()
    secrets.remember_password("pw-0123456789abcdef")
    body = registry(password="pw-0123456789abcdef")
    return judged(answers.password_not_echoed, GET, 200, body, registry_id="r1", secrets=secrets)


def with_model(build: Callable[[Model], Any]) -> Any:
    return build(Model())


def _lost_create(model: Model) -> Any:
    owned(model, name="sent")
    return judged(state.create_persists, GET, 200, registry(name="other"), model, registry_id="r1")


def _lost_update(model: Model) -> Any:
    known = owned(model)
    known.members["namespace"] = Expected("new", Write.UPDATE, 1)
    return judged(
        state.update_persists, GET, 200, registry(namespace="old"), model, registry_id="r1"
    )


def _partial(model: Model) -> Any:
    owned(model, name="n")
    got = registry(namespace="changed", username="")
    check = state.update_changes_only_what_was_sent
    return judged(check, UPDATE, 200, got, model, registry_id="r1", sent={"namespace": "changed"})


def _frozen(model: Model) -> Any:
    """An update three seconds after the create, by the run's clock, that changed a member
    and kept the create's dtModified."""
    owned(model, namespace="team")
    got = registry(namespace="moved")
    check = state.update_changes_only_what_was_sent
    return judged(check, UPDATE, 200, got, model, registry_id="r1", sent={"namespace": "moved"},
                  delivery=Delivery(sent_at=3.0))  # fmt: skip


def _refused_update(model: Model) -> Any:
    owned(model)
    return judged(request_rules.update_accepted, UPDATE, 400, {"code": "B", "message": "m"}, model,
                  registry_id="r1", sent={"namespace": "team"})  # fmt: skip


def _moved(model: Model) -> Any:
    return paired(state.one_representation, owned(model), registry(dtCreated=LATER), DELETE)


def _touched(model: Model) -> Any:
    known = owned(model)
    known.seen(Sighting(registry(), GET.label, 1))
    return paired(state.safe_methods_safe, known, registry(dtModified=LATER), GET)


def _listed_then_missing(model: Model) -> Any:
    known = Known("r1", Team.FIRST, owned=False)
    known.seen(Sighting(registry(), LIST.label, 1))
    model.registries["r1"] = known
    return paired(state.list_matches_get, known, None, GET, 404)


def _wrong_id(model: Model) -> Any:
    owned(model)
    owned(model, "r2")
    return judged(state.get_returns_requested_id, GET, 200, registry("r2"), model, registry_id="r1")


def _deduplicated(model: Model) -> Any:
    owned(model, "r1")
    check = state.create_makes_a_new_registry
    return judged(check, CREATE, 200, registry("r1"), model, sent=VALID_CREATE)


def _skewed(model: Model) -> Any:
    late = "2026-12-01T12:00:00.000Z"
    return judged(state.timestamps_agree_with_server_clock, CREATE, 200,
                  registry(dtCreated=late, dtModified=late), model, sent=VALID_CREATE)  # fmt: skip


def _other_delete(model: Model) -> Any:
    owned(model)
    return judged(
        state.delete_returns_registry, DELETE, 200, registry("r9"), model, registry_id="r1"
    )


def _revived(model: Model) -> Any:
    owned(model).deleted = 3
    return judged(state.delete_removes, UPDATE, 200, registry(), model, registry_id="r1",
                  sent={"namespace": "again"})  # fmt: skip


def _reachable(model: Model) -> Any:
    owned(model, url="https://nowhere.invalid/x")
    return judged(state.test_connection_fails_for_unreachable_host, TEST_CONNECTION, 200,
                  {"success": True}, model, registry_id="r1")  # fmt: skip


def _made_up(model: Model) -> Any:
    """A near miss (another case) that a server resolved to the registry it is near."""
    return judged(
        request_rules.unknown_id_refused, GET, 200, registry("r1"), model, registry_id="R1"
    )


def _refused_valid(model: Model) -> Any:
    return judged(request_rules.valid_input_accepted, CREATE, 400, {"code": "B", "message": "m"},
                  model, sent=VALID_CREATE)  # fmt: skip


def _leaked_list(model: Model) -> Any:
    owned(model, "theirs", Team.SECOND)
    return judged(isolation.teams_lists_disjoint, LIST, 200, page(registry("theirs")), model)


def _leaked_get(model: Model) -> Any:
    owned(model)
    return judged(isolation.other_team_cannot_read, GET, 200, registry(), model, registry_id="r1",
                  credentials=SECOND)  # fmt: skip


def _leaked_delete(model: Model) -> Any:
    owned(model)
    return judged(isolation.other_team_cannot_write, DELETE, 200, registry(), model,
                  registry_id="r1", credentials=SECOND)  # fmt: skip


def _applied_after_refusal(model: Model) -> Any:
    known = owned(model)
    known.probes.append("PUT with the other team's token")
    return paired(isolation.refused_write_changes_nothing, known, registry(name="theirs"), GET)


def _walk(*ids: str) -> dict[str, Any]:
    return page(*(registry(i) for i in ids))


FAILING: dict[AnyCheck, Callable[[], Any]] = {
    answers.SERVER_ERROR: lambda: builtin(
        answers.SERVER_ERROR, LIST, 500, {"code": "X", "message": "m"}
    ),
    answers.STATUS_CODE: status_code_of_a_spec_without_default,
    answers.CONTENT_TYPE: lambda: builtin(
        answers.CONTENT_TYPE, LIST, 200, b"{}", headers={"content-type": ["text/plain"]}
    ),
    answers.RESPONSE_SCHEMA: lambda: builtin(
        answers.RESPONSE_SCHEMA, GET, 200, {"id": 1}, registry_id="r1"
    ),
    answers.error_shape: lambda: judged(
        answers.error_shape, GET, 404, {"message": "m"}, registry_id="r1"
    ),
    answers.password_not_echoed: echoed,
    answers.response_size_bounded: lambda: judged(
        answers.response_size_bounded, LIST, 200, page(), delivery=Delivery(cut=9 * 1024 * 1024)
    ),
    request_rules.invalid_input_refused: lambda: judged(
        request_rules.invalid_input_refused, CREATE, 200, registry(), raw=b'{"name": '
    ),
    request_rules.valid_input_accepted: lambda: with_model(_refused_valid),
    request_rules.update_accepted: lambda: with_model(_refused_update),
    request_rules.unknown_id_refused: lambda: with_model(_made_up),
    request_rules.auth_required: lambda: judged(
        request_rules.auth_required, LIST, 200, page(), credentials=missing()
    ),
    request_rules.wrong_token_refused: lambda: judged(
        request_rules.wrong_token_refused,
        LIST,
        403,
        {"code": "F", "message": "m"},
        credentials=wrong("nobody's-token", "Bearer nobody's-token"),
    ),
    request_rules.limit_out_of_range_refused: lambda: judged(
        request_rules.limit_out_of_range_refused, LIST, 200, page(), query={"limit": "12abc"}
    ),
    request_rules.cursor_near_miss_refused: lambda: judged(
        request_rules.cursor_near_miss_refused,
        LIST,
        200,
        page(),
        query={"limit": 1, "after": "CURSOR"},
        near_miss="case",
    ),
    request_rules.answers_every_request: lambda: judged(
        request_rules.answers_every_request, LIST, None
    ),
    request_rules.throttling_recovers: lambda: verdict_of(
        request_rules.throttling_recovers,
        RunSeen(Throttled("GET", "/v1/container-registries", 6, 5.0), frozenset()),
    ),
    pagination.page_size_within_limit: lambda: judged(
        pagination.page_size_within_limit, LIST, 200, _walk("a", "b"), query={"limit": 1}
    ),
    pagination.hasmore_matches_nextpage: lambda: judged(
        pagination.hasmore_matches_nextpage, LIST, 200, {**page(), "hasMore": True}
    ),
    pagination.sorted_as_requested: lambda: judged(
        pagination.sorted_as_requested,
        LIST,
        200,
        page(registry("a", dtCreated=LATER), registry("b")),
        query={"order": "asc"},
    ),
    pagination.first_page_prefix: lambda: two_reads(
        pagination.first_page_prefix, _walk("a"), _walk("b", "a")
    ),
    pagination.same_page_again: lambda: two_reads(
        pagination.same_page_again, _walk("a"), _walk("b"), after={"limit": 1}
    ),
    pagination.no_empty_page_after_hasmore: lambda: walked(
        pagination.no_empty_page_after_hasmore, {**_walk("a"), "hasMore": True}, page()
    ),
    pagination.walk_yields_each_once: lambda: walked(
        pagination.walk_yields_each_once, _walk("a", "a")
    ),
    pagination.walk_survives_writes: lambda: walked(
        pagination.walk_survives_writes,
        _walk("a"),
        wrote_during=True,
        throughout={"a": Known("a", Team.FIRST, True), "b": Known("b", Team.FIRST, True)},
        listed_before={"a", "b"},
    ),
    state.create_persists: lambda: with_model(_lost_create),
    state.update_persists: lambda: with_model(_lost_update),
    state.update_changes_only_what_was_sent: lambda: with_model(_partial),
    state.one_representation: lambda: with_model(_moved),
    state.safe_methods_safe: lambda: with_model(_touched),
    state.list_matches_get: lambda: with_model(_listed_then_missing),
    state.get_returns_requested_id: lambda: with_model(_wrong_id),
    state.create_makes_a_new_registry: lambda: with_model(_deduplicated),
    state.timestamps_agree_with_server_clock: lambda: with_model(_skewed),
    state.delete_returns_registry: lambda: with_model(_other_delete),
    state.delete_removes: lambda: with_model(_revived),
    state.test_connection_fails_for_unreachable_host: lambda: with_model(_reachable),
    isolation.teams_lists_disjoint: lambda: with_model(_leaked_list),
    isolation.other_team_cannot_read: lambda: with_model(_leaked_get),
    isolation.other_team_cannot_write: lambda: with_model(_leaked_delete),
    isolation.refused_write_changes_nothing: lambda: with_model(_applied_after_refusal),
}


def test_every_check_has_a_failing_example_here() -> None:
    assert set(FAILING) == set(CHECKS), {c.name for c in set(CHECKS) ^ set(FAILING)}


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.name)
def test_the_checks_function_decides_it(check: AnyCheck) -> None:
    verdict = FAILING[check]()
    assert isinstance(verdict, Problem), (check, verdict)
    assert verdict.cause


def test_a_frozen_dtmodified_fails_the_update_check() -> None:
    assert isinstance(with_model(_frozen), Problem)


def test_the_same_evidence_kept_right_holds() -> None:
    """A sample of the above with the rule kept: the functions say HELD, not a problem."""
    model = Model()
    owned(model, name="sent")
    assert (
        judged(state.create_persists, GET, 200, registry(name="sent"), model, registry_id="r1")
        is HELD
    )
    assert judged(request_rules.unknown_id_refused, GET, 404, {"code": "N", "message": "m"},
                  registry_id="made-up") is HELD  # fmt: skip
    # A sequence's id the run did not get from the server, answered as itself: a registry.
    assert (
        judged(request_rules.unknown_id_refused, GET, 200, registry("7"), registry_id="7") is HELD
    )
    assert judged(request_rules.auth_required, LIST, 401, {"code": "U", "message": "m"},
                  credentials=missing()) is HELD  # fmt: skip
    assert (
        judged(pagination.page_size_within_limit, LIST, 200, _walk("a"), query={"limit": 1}) is HELD
    )
    assert (
        judged(answers.error_shape, GET, 404, {"code": "N", "message": "m"}, registry_id="r1")
        is HELD
    )


def test_what_a_check_cannot_judge_is_not_judged_and_says_why() -> None:
    """A 5xx, no answer, nothing the check judges: never a pass."""
    owned_model = Model()
    owned(owned_model)
    cases = [
        judged(request_rules.valid_input_accepted, CREATE, 503, {"code": "X", "message": "m"},
               sent=VALID_CREATE),
        judged(state.delete_returns_registry, DELETE, None, None, owned_model, registry_id="r1"),
        judged(state.delete_removes, LIST, 200, page(registry("r1")), owned_model),
        judged(answers.error_shape, LIST, 200, page()),
    ]  # fmt: skip
    for verdict in cases:
        assert isinstance(verdict, NotJudged) and verdict.reason, verdict


def test_an_unknown_id_refused_with_401_by_a_good_token_fails() -> None:
    verdict = judged(request_rules.unknown_id_refused, GET, 401, {"code": "U", "message": "m"},
                     registry_id="made-up")  # fmt: skip
    assert isinstance(verdict, Problem) and "401" in verdict.cause


def test_a_checks_shape_says_what_it_judges() -> None:
    by_shape = {shape: [c for c in CHECKS if c.shape is shape] for shape in Shape}
    assert all(by_shape[shape] for shape in Shape), by_shape
    assert (
        answers.SERVER_ERROR.source == "schemathesis"
        and state.create_persists.source == "contract_tests"
    )
    assert RULES.member  # the provider rules the predictions read are in the spec
