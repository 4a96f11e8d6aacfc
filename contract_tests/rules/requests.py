"""How the server must treat a kind of request, as the model predicts it: a schema-valid one
accepted (save the refusals the docs allow), an invalid one refused, an id the run did not get
from the server refused or answered as itself, a request without a valid token refused with
401; and every request answered, and throttling that ends."""

from __future__ import annotations

import json
import re

from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.specs.openapi.checks import negative_data_rejection

from api_spec.registries import ID, LIST, OPERATIONS, PAGINATION, UPDATE
from contract_tests.rules.answers import judge_builtin
from contract_tests.rules.conditions import ANSWERED, NOT_A_SERVER_ERROR
from contract_tests.rules.evidence import Exchange, RunSeen
from contract_tests.rules.exchange import Answer, Asked, Request
from contract_tests.rules.expectations import of, with_statuses
from contract_tests.rules.model import UNKNOWN_ID_REFUSALS
from contract_tests.rules.registry import ALL_OPERATIONS, Shape, check
from contract_tests.rules.violations import HELD, NotJudged, Problem, Verdict

# The operations a request can break the schema of: those with a body or query parameters.
VIOLABLE = tuple(
    op.label
    for op in OPERATIONS
    if op.body is not None or any(p.location == "query" for p in op.parameters.values())
)
BY_ID = tuple(op.label for op in OPERATIONS if op.path_parameters)
# A UUID as RFC 9562 writes one: its hex digits are "case insensitive on input" (§4), so a
# server whose ids are UUIDs may take one in another case as itself.
_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def only_unknown_query_parameters(request: Request) -> bool:
    """True for a fuzzed request whose only fault is a query parameter the spec does not name.

    HTTP APIs ignore unknown query parameters as a rule and the docs do not say this one
    refuses them, so accepting `?x-unknown=42` is no violation: refusing it is not required.
    """
    meta = request.case.meta
    data = meta.phase.data if meta is not None else None
    return (
        isinstance(data, CoveragePhaseData)
        and data.scenario == CoverageScenario.OBJECT_UNEXPECTED_PROPERTIES
        and data.parameter_location == ParameterLocation.QUERY
    )


@check(
    rule="a request that violates the schema (fuzzed, or a body that is not JSON) gets a 4xx "
    "(400 for a body that is not JSON)",
    operations=VIOLABLE,
    asked=(Asked.NEGATIVE, Asked.MALFORMED, Asked.INVALID),
    requires=(NOT_A_SERVER_ERROR,),
    proven_by=("accept-invalid", "enum-case-insensitive", "kind-fullwidth"),
)
def invalid_input_refused(exchange: Exchange) -> Verdict:
    answer = exchange.answer
    assert answer is not None
    if exchange.asked is Asked.NEGATIVE:
        if only_unknown_query_parameters(exchange.request):
            return NotJudged("its only fault is a query parameter the spec does not name")
        # Schemathesis knows which parts of a generated case break the schema, and whether the
        # serialised request still does: its own check decides.
        return judge_builtin(negative_data_rejection, answer)
    why = exchange.prediction.why
    if exchange.asked is Asked.MALFORMED and answer.status != 400:
        return Problem(f"{answer.status} for a body that is not JSON", answer.text, why)
    if exchange.asked is Asked.INVALID and answer.ok:
        return Problem(f"{answer.status} for a request that breaks the schema", answer.text, why)
    return HELD


def refused_as_predicted(exchange: Exchange) -> Verdict:
    """A refusal of a request the model expects accepted (or refused only with a status the
    docs allow), as a problem; HELD for a 2xx it expects or allows."""
    prediction, answer = exchange.prediction, exchange.answer
    assert answer is not None
    if answer.ok:
        return HELD
    status = answer.status
    if prediction.success is None and (not prediction.allowed or status in prediction.allowed):
        return NotJudged(f"{status} is a refusal the docs allow here")
    known = prediction.registry
    if status == 404 and known is not None and known.owned:
        return NotJudged("the registry the run holds was lost: the persistence checks' to judge")
    return Problem(f"{status} for a request the docs allow", answer.text, prediction.why)


@check(
    rule="a schema-valid request gets a 2xx, save the refusals the docs allow: 400 from the "
    "provider's rules for a body naming a kind that has rules, 400 for a cursor the server "
    "did not issue to the team; an id the server issued is never refused while its registry "
    "exists",
    operations=tuple(label for label in ALL_OPERATIONS if label != UPDATE.label),
    asked=(Asked.ALLOWED,),
    requires=(NOT_A_SERVER_ERROR,),
    proven_by=("refuse-valid",),
)
def valid_input_accepted(exchange: Exchange) -> Verdict:
    return refused_as_predicted(exchange)


@check(
    rule="every update the docs allow is answered 2xx, one that sends the values already "
    "stored included, and one that repeats the last (the provider's rules may refuse one that "
    "names a kind with rules, or moves a registry of such a kind)",
    operations=(UPDATE.label,),
    asked=(Asked.ALLOWED,),
    requires=(NOT_A_SERVER_ERROR,),
    needs_writes=True,
    proven_by=("update-refuses-unchanged", "update-replay-409"),
)
def update_accepted(exchange: Exchange) -> Verdict:
    return refused_as_predicted(exchange)


def _one_value(asked: str, got: str) -> bool:
    """Whether two ids are one value by the standard their form follows (a UUID's case)."""
    return bool(_UUID.fullmatch(asked)) and asked.lower() == got.lower()


@check(
    rule="an id the run did not get from the server (made up, or a near miss of a real one) "
    "is refused with 404, 400 (an id outside the server's format) or 403, never 401 with a "
    "token the server accepts; or it answers the registry with exactly that id (ids from a "
    "sequence are real), never another one",
    operations=BY_ID,
    asked=(Asked.UNKNOWN_ID,),
    requires=(NOT_A_SERVER_ERROR,),
    proven_by=("id-case-insensitive", "id-prefix-match", "unknown-id-401", "id-trailing-space"),
    expects=with_statuses(same_id=True),
)
def unknown_id_refused(exchange: Exchange) -> Verdict:
    answer = exchange.answer
    asked = exchange.request.registry or ""
    assert answer is not None
    if answer.ok:
        body = exchange.json
        got = body.get(ID) if isinstance(body, dict) else None
        if got == asked or (isinstance(got, str) and _one_value(asked, got)):
            return HELD  # a registry all the same: the model learns it
        cause = "an id answered with another registry"
        received = f"asked for {asked!r}, got {ID}={got!r}"
        return Problem(cause, received, exchange.prediction.why, asked)
    if answer.status in UNKNOWN_ID_REFUSALS:
        return HELD
    cause = f"{answer.status} for an id the server may not hold"
    if answer.status == 401:
        cause = "401 for an unknown id, with a token the server accepts"
    return Problem(cause, answer.text, exchange.prediction.why, asked)


def refused_with_401(answer: Answer) -> Problem | None:
    """Why the answer is not a 401 with a JSON error body, if it is not."""
    if answer.status != 401:
        return Problem(f"{answer.status} instead of 401", answer.text)
    try:
        body = json.loads(answer.response.content)
    except ValueError:
        return Problem("a 401 without a JSON error body", answer.text)
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        return Problem("a 401 without a JSON error body", answer.text)
    return None


@check(
    rule="every operation answers 401 with an error body to a request without a token",
    asked=(Asked.NO_TOKEN,),
    requires=(ANSWERED,),
    proven_by=("no-auth", "auth-wrong-status"),
    expects=with_statuses(error_body=True),
)
def auth_required(exchange: Exchange) -> Verdict:
    assert exchange.answer is not None
    return refused_with_401(exchange.answer) or HELD


@check(
    rule="every operation answers 401 with an error body to a request with a wrong token: "
    "made up, or a near miss of the real one (another case, spaces, cut short, extended, a "
    "character changed...)",
    asked=(Asked.WRONG_TOKEN,),
    requires=(ANSWERED,),
    proven_by=("any-token", "token-prefix-match", "token-case-insensitive"),
    expects=with_statuses(error_body=True),
)
def wrong_token_refused(exchange: Exchange) -> Verdict:
    assert exchange.answer is not None
    return refused_with_401(exchange.answer) or HELD


@check(
    rule="400 for a page size below or above the spec's bounds, or not a whole number (`12abc`, "
    "`1.5`, ` 5 `); the body is judged as every error's is",
    operations=(LIST.label,),
    asked=(Asked.LIMIT,),
    requires=(NOT_A_SERVER_ERROR,),
    proven_by=("limit-unchecked", "limit-parses-prefix", "limit-whitespace"),
)
def limit_out_of_range_refused(exchange: Exchange) -> Verdict:
    answer = exchange.answer
    assert answer is not None
    if answer.status != 400:
        limit = exchange.request.query.get(PAGINATION.limit)
        cause = f"{answer.status} for the page size {limit!r}"
        return Problem(cause, answer.text, exchange.prediction.why)
    return HELD


@check(
    rule="a near miss of a cursor the server issued (another case, spaces around it, cut "
    "short, extended, a look-alike, a trailing NUL) is refused, never taken as a cursor",
    operations=(LIST.label,),
    asked=(Asked.NEAR_CURSOR,),
    requires=(NOT_A_SERVER_ERROR,),
    proven_by=("cursor-case-insensitive",),
)
def cursor_near_miss_refused(exchange: Exchange) -> Verdict:
    answer = exchange.answer
    assert answer is not None
    if answer.ok:
        cause = "a near miss of a cursor was taken as a cursor"
        return Problem(cause, answer.text, exchange.prediction.why)
    return HELD


@check(
    rule="every request gets an answer within --timeout; several in a row without one end "
    "the run (exit 2)",
    asked=frozenset(Asked),
    proven_by=("hang-on-malformed-json",),
    expects=of(answered=True),
)
def answers_every_request(exchange: Exchange) -> Verdict:
    if exchange.answer is not None:
        return HELD
    return Problem("no answer", exchange.error)


@check(
    rule="a 429 is waited out (Retry-After, in seconds or as a date) and retried; only a "
    "server that never stops throttling fails",
    shape=Shape.RUN,
    asked=frozenset(Asked),
    proven_by=("throttle-forever",),
)
def throttling_recovers(seen: RunSeen) -> Verdict:
    throttled = seen.throttled_out
    if throttled is None:
        return HELD if seen.recovered else NotJudged("the server never answered 429")
    return Problem(
        "the server never stopped throttling",
        f"429 on all {throttled.attempts} attempts over {throttled.waited:.1f} s "
        f"({throttled.method} {throttled.path})",
        f"429 to stop within {throttled.attempts - 1} retries honouring Retry-After",
    )
