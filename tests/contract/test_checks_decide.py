"""Every check's function is the code that decides it: each is called here on an answer (or
what its test gathers) that breaks its rule, and returns the problem; on one that keeps it,
it does not. No server: the answers are built as the run would receive them."""

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

from api_spec import SPEC, Operation
from api_spec.registries import CREATE, DELETE, GET, LIST, RULES, TEST_CONNECTION, UPDATE
from contract_tests.rules import answers, isolation, pagination, state
from contract_tests.rules import requests as request_rules
from contract_tests.rules.answers import judge_builtin
from contract_tests.rules.exchange import Answer, Request
from contract_tests.rules.model import Expected, Known, Model, Sighting, Write
from contract_tests.rules.registry import CHECKS, Check, Kind
from contract_tests.rules.violations import HELD, Problem
from contract_tests.suite.schema import case
from contract_tests.wire.credentials import Team, missing, valid, wrong
from contract_tests.wire.pacing import Throttled
from contract_tests.wire.redaction import Secrets
from contract_tests.wire.session import BODY_CUT

FIRST = valid("first-team-token", Team.FIRST)
VALID_CREATE = {"name": "n", "namespace": "t", "url": "r.example", "username": "u", "password": "p"}
SECOND = valid("second-team-token", Team.SECOND)
STAMP = "2026-12-01T10:00:00.000Z"
DATE = "Tue, 01 Dec 2026 10:00:00 GMT"
AnyCheck = Check[..., Any]


def registry(registry_id: str = "r1", **members: Any) -> dict[str, Any]:
    body = {"id": registry_id, "name": "n", "namespace": "team", "url": "ghcr.io",
            "username": "u", "kind": "other", "dtCreated": STAMP, "dtModified": STAMP}  # fmt: skip
    return {**body, **members}


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


def owned(model: Model, registry_id: str = "r1", team: Team = Team.FIRST, **members: Any) -> Known:
    """A registry the run created, as the model holds it."""
    known = Known(registry_id, team, owned=True, steps=[0])
    known.members = {name: Expected(value, Write.CREATE, 0) for name, value in members.items()}
    known.seen(Sighting(registry(registry_id, **members), CREATE.label, 0))
    model.registries[registry_id] = known
    return known


def judged(check: AnyCheck, operation: Operation, status: int, got: Any, model: Model | None = None,
           *, sent: Any = NOT_SET, **kwargs: Any) -> Any:  # fmt: skip
    """The check's verdict on an answer (`got`) to a request (`sent`, its body) the model
    predicted."""
    model = model or Model()
    prediction = model.predict(request(operation, body=sent, **kwargs))
    return check(prediction, answer_to(prediction.request, status, got))


def builtin(check: AnyCheck, operation: Operation, status: int, body: Any, **kwargs: Any) -> Any:
    got = answer_to(request(operation, **kwargs), status, body)
    return judge_builtin(check.function, got)


def status_code_of_a_spec_without_default() -> Any:
    """`status_code_conformance` on an operation whose spec documents no `default` answer
    (this API's operations all have one, so any status is documented there)."""
    document = copy.deepcopy(dict(SPEC.document))
    del document["paths"][LIST.path]["get"]["responses"]["default"]
    schema = schemathesis.openapi.from_dict(document)
    target = schema[LIST.path]["GET"].Case()
    got = answer_to(Request(target, FIRST), 418, {"code": "TEAPOT", "message": "no"})
    return judge_builtin(answers.STATUS_CODE.function, got)


def echoed() -> Any:
    secrets = Secrets()
    secrets.remember_password("pw-0123456789abcdef")
    body = registry(password="pw-0123456789abcdef")
    return answers.password_not_echoed(answer_to(request(GET, "r1"), 200, body, secrets=secrets))


def cut() -> Any:
    got = answer_to(request(LIST), 200, {"items": []})
    setattr(got.response.request, BODY_CUT, 9 * 1024 * 1024)
    return answers.response_size_bounded(got)


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


def _refused_update(model: Model) -> Any:
    owned(model)
    return judged(request_rules.update_accepted, UPDATE, 400, {"code": "B", "message": "m"}, model,
                  registry_id="r1", sent={"namespace": "team"})  # fmt: skip


def _moved(model: Model) -> Any:
    owned(model)
    later = "2026-12-01T11:00:00.000Z"
    return judged(state.one_representation, DELETE, 200, registry(dtCreated=later), model,
                  registry_id="r1")  # fmt: skip


def _touched(model: Model) -> Any:
    known = owned(model)
    known.seen(Sighting(registry(), GET.label, 1))
    later = "2026-12-01T11:00:00.000Z"
    return judged(
        state.safe_methods_safe, GET, 200, registry(dtModified=later), model, registry_id="r1"
    )


def _wrong_id(model: Model) -> Any:
    owned(model)
    owned(model, "r2")
    return judged(state.get_returns_requested_id, GET, 200, registry("r2"), model, registry_id="r1")


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
    return judged(
        request_rules.unknown_id_refused, GET, 200, registry("R1"), model, registry_id="R1"
    )


def _refused_valid(model: Model) -> Any:
    return judged(request_rules.valid_input_accepted, CREATE, 400, {"code": "B", "message": "m"},
                  model, sent=VALID_CREATE)  # fmt: skip


def _leaked_list(model: Model) -> Any:
    owned(model, "theirs", Team.SECOND)
    return judged(isolation.teams_lists_disjoint, LIST, 200, {"items": [registry("theirs")],
                  "hasMore": False, "nextPage": None}, model)  # fmt: skip


def _leaked_get(model: Model) -> Any:
    owned(model)
    return judged(isolation.other_team_cannot_read, GET, 200, registry(), model, registry_id="r1",
                  credentials=SECOND)  # fmt: skip


def _leaked_delete(model: Model) -> Any:
    owned(model)
    return judged(isolation.other_team_cannot_write, DELETE, 200, registry(), model,
                  registry_id="r1", credentials=SECOND)  # fmt: skip


FAILING: dict[AnyCheck, Callable[[], Any]] = {
    answers.SERVER_ERROR: lambda: builtin(
        answers.SERVER_ERROR, LIST, 500, {"code": "X", "message": "m"}
    ),
    answers.STATUS_CODE: status_code_of_a_spec_without_default,
    answers.CONTENT_TYPE: lambda: judge_builtin(
        answers.CONTENT_TYPE.function,
        answer_to(request(LIST), 200, b"{}", headers={"content-type": ["text/plain"]}),
    ),
    answers.RESPONSE_SCHEMA: lambda: builtin(
        answers.RESPONSE_SCHEMA, GET, 200, {"id": 1}, registry_id="r1"
    ),
    answers.error_shape: lambda: answers.error_shape(
        answer_to(request(GET, "r1"), 404, {"message": "m"})
    ),
    answers.password_not_echoed: echoed,
    answers.response_size_bounded: cut,
    request_rules.invalid_input_refused: lambda: judged(
        request_rules.invalid_input_refused, CREATE, 200, registry(), raw=b'{"name": '
    ),
    request_rules.valid_input_accepted: lambda: with_model(_refused_valid),
    request_rules.update_accepted: lambda: with_model(_refused_update),
    request_rules.unknown_id_refused: lambda: with_model(_made_up),
    request_rules.auth_required: lambda: judged(
        request_rules.auth_required, LIST, 200, {"items": []}, credentials=missing()
    ),
    request_rules.wrong_token_refused: lambda: judged(
        request_rules.wrong_token_refused,
        LIST,
        403,
        {"code": "F", "message": "m"},
        credentials=wrong("nobody's-token", "Bearer nobody's-token"),
    ),
    request_rules.limit_out_of_range_refused: lambda: judged(
        request_rules.limit_out_of_range_refused, LIST, 200, {"items": []}, query={"limit": "12abc"}
    ),
    request_rules.answers_every_request: lambda: request_rules.answers_every_request(
        request(LIST), requests.ReadTimeout("read timed out")
    ),
    request_rules.throttling_recovers: lambda: request_rules.throttling_recovers(
        Throttled("GET", "/v1/container-registries", 6, 5.0)
    ),
    pagination.page_size_within_limit: lambda: pagination.page_size_within_limit(
        {"items": [{}, {}]}, 1
    ),
    pagination.hasmore_matches_nextpage: lambda: pagination.hasmore_matches_nextpage(
        {"items": [], "hasMore": True, "nextPage": None}
    ),
    pagination.no_empty_page_after_hasmore: lambda: pagination.no_empty_page_after_hasmore(
        [{"items": [{}]}, {"items": []}]
    ),
    pagination.walk_yields_each_once: lambda: pagination.walk_yields_each_once(
        ["a", "a"], {"a"}, True
    ),
    pagination.walk_survives_writes: lambda: pagination.walk_survives_writes(["a"], {"a", "b"}),
    pagination.sorted_as_requested: lambda: pagination.sorted_as_requested(
        [{"dtCreated": "2026-12-02T00:00:00Z"}, {"dtCreated": "2026-12-01T00:00:00Z"}],
        "dtCreated",
        True,
    ),
    pagination.first_page_prefix: lambda: pagination.first_page_prefix(["a"], ["b", "a"]),
    state.create_persists: lambda: with_model(_lost_create),
    state.update_persists: lambda: with_model(_lost_update),
    state.update_changes_only_what_was_sent: lambda: with_model(_partial),
    state.one_representation: lambda: with_model(_moved),
    state.safe_methods_safe: lambda: with_model(_touched),
    state.list_matches_get: lambda: state.list_matches_get(registry(), 404, None),
    state.get_returns_requested_id: lambda: with_model(_wrong_id),
    state.timestamps_agree_with_server_clock: lambda: with_model(_skewed),
    state.delete_returns_registry: lambda: with_model(_other_delete),
    state.delete_removes: lambda: with_model(_revived),
    state.test_connection_fails_for_unreachable_host: lambda: with_model(_reachable),
    isolation.teams_lists_disjoint: lambda: with_model(_leaked_list),
    isolation.other_team_cannot_read: lambda: with_model(_leaked_get),
    isolation.other_team_cannot_write: lambda: with_model(_leaked_delete),
}


def test_every_check_has_a_failing_example_here() -> None:
    assert set(FAILING) == set(CHECKS), {c.name for c in set(CHECKS) ^ set(FAILING)}


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.name)
def test_the_checks_function_decides_it(check: AnyCheck) -> None:
    verdict = FAILING[check]()
    assert isinstance(verdict, Problem), (check, verdict)
    assert verdict.cause


def test_the_same_answers_kept_right_hold() -> None:
    """A sample of the above with the rule kept: the functions say HELD, not a problem."""
    model = Model()
    owned(model, name="sent")
    assert (
        judged(state.create_persists, GET, 200, registry(name="sent"), model, registry_id="r1")
        is HELD
    )
    assert judged(request_rules.unknown_id_refused, GET, 404, {"code": "N", "message": "m"},
                  registry_id="made-up") is HELD  # fmt: skip
    assert judged(request_rules.auth_required, LIST, 401, {"code": "U", "message": "m"},
                  credentials=missing()) is HELD  # fmt: skip
    assert pagination.page_size_within_limit({"items": [{}]}, 1) is None
    assert (
        answers.error_shape(answer_to(request(GET, "r1"), 404, {"code": "N", "message": "m"}))
        is HELD
    )


def test_a_checks_kind_says_how_the_run_applies_it() -> None:
    by_kind = {kind: [c for c in CHECKS if c.kind is kind] for kind in Kind}
    assert all(by_kind[kind] for kind in Kind), by_kind
    assert (
        answers.SERVER_ERROR.source == "schemathesis"
        and state.create_persists.source == "contract_tests"
    )
    assert RULES.member  # the provider rules the predictions read are in the spec
