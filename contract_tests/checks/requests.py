"""How the server must treat a kind of request: invalid ones refused, valid ones accepted
(save the refusals the docs allow), unauthenticated ones refused, throttling that ends."""

from __future__ import annotations

import json
from typing import Any

from schemathesis import Case, GenerationMode
from schemathesis.checks import CheckContext
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import negative_data_rejection

from api_spec.registries import CREATE, ID, LIST, OPERATIONS, PAGINATION, UPDATE
from contract_tests.api import BY_ID, label
from contract_tests.checks.answers import snippet
from contract_tests.model import provider_bound
from contract_tests.policy import MISSING_ID_PREFIX
from contract_tests.registry import check, register
from contract_tests.session import GuardedSession
from contract_tests.violations import Violated


def is_negative(case: Case[Any]) -> bool:
    return case.meta is not None and case.meta.generation.mode == GenerationMode.NEGATIVE


# The operations a request can break the schema of: those with a body or query parameters.
VIOLABLE = tuple(
    op.label
    for op in OPERATIONS
    if op.body is not None or any(p.location == "query" for p in op.parameters.values())
)


@check(
    rule="a request that violates the schema (fuzzed, or a body that is not JSON) gets a 4xx",
    operations=VIOLABLE,
    of_answer=True,
    proven_by=("accept-invalid",),
)
def invalid_input_refused(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    # Schemathesis knows which parts of a generated case break the schema, and whether the
    # serialised request still does: its own check decides.
    return negative_data_rejection(ctx, response, case)


def documented_refusal(case: Case[Any], status: int) -> bool:
    """The refusals of a schema-valid request the docs allow: a 400 from the provider's rules
    (a body naming a kind that has rules, or an update's new URL, since an answer alone does
    not say the stored kind), a 400 for a cursor the server did not issue, and a 404 for an id
    made up to be missing."""
    registry_id = str((case.path_parameters or {}).get(ID, ""))
    if status == 404 and label(case) in BY_ID:
        return registry_id.startswith(MISSING_ID_PREFIX)
    if status != 400:
        return False
    if label(case) in (CREATE.label, UPDATE.label):
        return provider_bound(case.body, kind_unknown=label(case) == UPDATE.label)
    return label(case) == LIST.label and PAGINATION.cursor in (case.query or {})


@check(
    rule="a schema-valid request gets a 2xx, save the refusals the docs allow: 400 from the "
    "provider's rules for a body naming a kind that has rules or an update's new URL (the "
    "stored kind may have rules), 400 for a cursor the server did not issue, 404 for an id "
    "made up to be missing",
    of_answer=True,
    proven_by=("refuse-valid",),
)
def valid_input_accepted(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    if is_negative(case):
        return True
    status = response.status_code
    if 200 <= status < 300 or documented_refusal(case, status):
        return None
    raise Violated(f"{status} for a schema-valid request", snippet(response))


def refused_with_401(response: Response) -> tuple[str, str] | None:
    """(cause, received) unless the answer is a 401 with a JSON error body."""
    if response.status_code != 401:
        return f"{response.status_code} instead of 401", snippet(response)
    try:
        body = json.loads(response.content)
    except ValueError:
        return "a 401 without a JSON error body", snippet(response)
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        return "a 401 without a JSON error body", snippet(response)
    return None


register(
    "auth_required",
    refused_with_401,
    rule="every operation answers 401 with an error body to a request without a token",
    proven_by=("no-auth", "auth-wrong-status"),
)
register(
    "wrong_token_refused",
    refused_with_401,
    rule="every operation answers 401 with an error body to a request with a wrong token",
    proven_by=("any-token",),
)


def refused_with_400(response: Response) -> tuple[str, str] | None:
    if response.status_code != 400:
        return f"{response.status_code} for a limit outside the spec's bounds", snippet(response)
    return None


register(
    "limit_out_of_range_refused",
    refused_with_400,
    rule="400 for a page size below or above the spec's bounds, or not a number (its body is "
    "error_shape's to judge)",
    operations=(LIST.label,),
    proven_by=("limit-unchecked",),
)


register(
    "throttling_recovers",
    GuardedSession.send_until_not_throttled,
    rule="a 429 is waited out (Retry-After, in seconds or as a date) and retried; only a "
    "server that never stops throttling fails",
    proven_by=("throttle-forever",),
)
register(
    "answers_every_request",
    GuardedSession.no_answer,
    rule="every request gets an answer within --timeout; several in a row without one end "
    "the run (exit 2)",
)
