"""How the server must treat a kind of request, as the model predicts it: a schema-valid one
accepted (save the refusals the docs allow), an invalid one refused, an id it never issued
refused, a request without a valid token refused with 401; and every request answered, and
throttling that ends."""

from __future__ import annotations

import json

from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.specs.openapi.checks import negative_data_rejection

from api_spec.registries import LIST, OPERATIONS, PAGINATION, UPDATE
from contract_tests.rules.answers import judge_builtin
from contract_tests.rules.exchange import Answer, Refusal, Request
from contract_tests.rules.model import Prediction
from contract_tests.rules.registry import ALL_OPERATIONS, Kind, check
from contract_tests.rules.violations import HELD, Problem, Verdict
from contract_tests.wire.pacing import Throttled

# The operations a request can break the schema of: those with a body or query parameters.
VIOLABLE = tuple(
    op.label
    for op in OPERATIONS
    if op.body is not None or any(p.location == "query" for p in op.parameters.values())
)
BY_ID = tuple(op.label for op in OPERATIONS if op.path_parameters)


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
    kind=Kind.PREDICTION,
    operations=VIOLABLE,
    proven_by=("accept-invalid",),
)
def invalid_input_refused(prediction: Prediction, answer: Answer) -> Verdict:
    refusal = prediction.refusal
    if refusal is Refusal.NEGATIVE:
        if only_unknown_query_parameters(answer.request):
            return None
        # Schemathesis knows which parts of a generated case break the schema, and whether the
        # serialised request still does: its own check decides.
        return judge_builtin(negative_data_rejection, answer)
    if refusal is Refusal.MALFORMED and answer.status != 400:
        return Problem(f"{answer.status} for a body that is not JSON", answer.text, prediction.why)
    if refusal is Refusal.INVALID and answer.ok:
        return Problem(f"{answer.status} for a request that breaks the schema", answer.text)
    return HELD if refusal in (Refusal.MALFORMED, Refusal.INVALID) else None


def refused_as_predicted(prediction: Prediction, answer: Answer) -> Problem | None:
    """A refusal of a request the model expects accepted (or refused only with a status the
    docs allow), as a problem; None when the answer is no such refusal."""
    status = answer.status
    if not 400 <= status < 500 or prediction.success is False:
        return None
    if prediction.success is None and (not prediction.allowed or status in prediction.allowed):
        return None
    known = prediction.registry
    if status == 404 and known is not None and known.owned:
        return None  # the registry the run holds was lost: the persistence checks' to judge
    cause = f"{status} for a request the docs allow"
    return Problem(cause, answer.text, prediction.why)


@check(
    rule="a schema-valid request gets a 2xx, save the refusals the docs allow: 400 from the "
    "provider's rules for a body naming a kind that has rules, 400 for a cursor the server "
    "did not issue, a 4xx for an id the server never issued; an id the server issued is never "
    "refused while its registry exists",
    kind=Kind.PREDICTION,
    operations=tuple(label for label in ALL_OPERATIONS if label != UPDATE.label),
    proven_by=("refuse-valid",),
)
def valid_input_accepted(prediction: Prediction, answer: Answer) -> Verdict:
    if prediction.request.operation is UPDATE or prediction.refusal is not None:
        return None
    return refused_as_predicted(prediction, answer) or (HELD if prediction.success else None)


@check(
    rule="every update the docs allow is answered 2xx, one that sends the values already "
    "stored included (the provider's rules may refuse one that names a kind with rules, or "
    "moves a registry of such a kind)",
    kind=Kind.PREDICTION,
    operations=(UPDATE.label,),
    needs_writes=True,
    proven_by=("update-refuses-unchanged",),
)
def update_accepted(prediction: Prediction, answer: Answer) -> Verdict:
    if prediction.request.operation is not UPDATE or prediction.refusal is not None:
        return None
    return refused_as_predicted(prediction, answer) or (HELD if prediction.success else None)


@check(
    rule="an id the server never issued (made up, or a near miss of a real one: another case, "
    "cut short, extended) never gets a 2xx",
    kind=Kind.PREDICTION,
    operations=BY_ID,
    proven_by=("id-case-insensitive", "id-prefix-match"),
)
def unknown_id_refused(prediction: Prediction, answer: Answer) -> Verdict:
    if prediction.refusal is not Refusal.UNKNOWN_ID:
        return None
    if answer.ok:
        cause = "a 2xx for an id the server never issued"
        return Problem(cause, answer.text, prediction.why, prediction.request.registry)
    return HELD


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
    unauthenticated=True,
    kind=Kind.PREDICTION,
    proven_by=("no-auth", "auth-wrong-status"),
)
def auth_required(prediction: Prediction, answer: Answer) -> Verdict:
    if prediction.refusal is not Refusal.NO_TOKEN:
        return None
    return refused_with_401(answer) or HELD


@check(
    rule="every operation answers 401 with an error body to a request with a wrong token: "
    "made up, or a near miss of the real one (a character changed, cut short, extended)",
    unauthenticated=True,
    kind=Kind.PREDICTION,
    proven_by=("any-token", "token-prefix-match"),
)
def wrong_token_refused(prediction: Prediction, answer: Answer) -> Verdict:
    if prediction.refusal is not Refusal.WRONG_TOKEN:
        return None
    return refused_with_401(answer) or HELD


@check(
    rule="400 for a page size below or above the spec's bounds, or not a whole number (`12abc`, "
    "`1.5`); the body is judged as every error's is",
    kind=Kind.PREDICTION,
    operations=(LIST.label,),
    proven_by=("limit-unchecked", "limit-parses-prefix"),
)
def limit_out_of_range_refused(prediction: Prediction, answer: Answer) -> Verdict:
    if prediction.refusal is not Refusal.LIMIT:
        return None
    if answer.status != 400:
        limit = prediction.request.query.get(PAGINATION.limit)
        cause = f"{answer.status} for the page size {limit!r}"
        return Problem(cause, answer.text, prediction.why)
    return HELD


@check(
    rule="every request gets an answer within --timeout; several in a row without one end "
    "the run (exit 2)",
    unauthenticated=True,
    kind=Kind.SENT,
    proven_by=("hang-on-malformed-json",),
)
def answers_every_request(request: Request, error: BaseException | None) -> Verdict:
    if error is None:
        return HELD
    return Problem(f"no answer: {type(error).__name__}", str(error).splitlines()[0][:200])


@check(
    rule="a 429 is waited out (Retry-After, in seconds or as a date) and retried; only a "
    "server that never stops throttling fails",
    kind=Kind.RUN,
    proven_by=("throttle-forever",),
)
def throttling_recovers(throttled: Throttled | None) -> Problem | None:
    if throttled is None:
        return None
    return Problem(
        "the server never stopped throttling",
        f"429 on all {throttled.attempts} attempts over {throttled.waited:.1f} s "
        f"({throttled.method} {throttled.path})",
        f"429 to stop within {throttled.attempts - 1} retries honouring Retry-After",
    )
