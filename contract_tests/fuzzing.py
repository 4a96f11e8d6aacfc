"""Making a generated case safe to send, and fuzzing one operation with it.

Every case, from fuzzing or from the state machine, goes through `prepare` before it is sent:
an id the run does not own becomes one made up to be missing, a body is marked as the run's
(name prefix, a fresh password) and given a URL its kind's provider rules accept.
"""

from __future__ import annotations

from typing import Any

import pytest
from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario

from api_spec.registries import CREATE, DELETE, ID, UPDATE
from contract_tests import calls
from contract_tests.api import label
from contract_tests.bodies import with_provider
from contract_tests.checks.requests import invalid_input_refused, is_negative, valid_input_accepted
from contract_tests.context import RunContext
from contract_tests.policy import READ_ONLY
from contract_tests.verdicts import Verdicts

STANDARD_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})


def prepare(case: Case[Any], run: RunContext, *, fuzzing: bool) -> None:
    """Make `case` safe to send as the run's own request."""
    path = dict(case.path_parameters or {})
    if ID in path and (fuzzing or not run.policy.may_touch(str(path[ID]))):
        # Fuzzing touches no real registry; the state machine only the ones the run created.
        case.path_parameters = {**path, ID: run.missing_id()}
    if is_negative(case) or not isinstance(case.body, dict):
        return
    if label(case) in (CREATE.label, UPDATE.label):
        case.body = with_provider(run.owned(case.body))


def worth_sending(case: Case[Any], run: RunContext) -> bool:
    """False for cases whose verdict would not be about the server's contract.

    The request layer always sends the run's own credentials (auth has its own checks), so a
    case whose only fault is a negated Authorization header would be sent valid. Methods
    outside HTTP's standard set are answered by whatever fronts the API, not by the API.
    """
    if is_negative(case) and case.operation.schema.is_security_param_negated(case):
        return False
    if case.method.upper() != "GET" and not run.settings.allow_writes:
        return False  # a read-only run sends GET and nothing else
    return case.method.upper() in STANDARD_METHODS


def only_unknown_query_parameters(case: Case[Any]) -> bool:
    """True for a case whose only fault is a query parameter the spec does not name.

    HTTP APIs ignore unknown query parameters as a rule and the docs do not say this one
    refuses them, so accepting `?x-unknown=42` is no violation: refusing it is not required.
    """
    data = case.meta.phase.data if case.meta is not None else None
    return (
        isinstance(data, CoveragePhaseData)
        and data.scenario == CoverageScenario.OBJECT_UNEXPECTED_PROPERTIES
        and data.parameter_location == ParameterLocation.QUERY
    )


def fuzz(case: Case[Any], run: RunContext) -> None:
    """Send one generated case and check its answer: every per-answer check, and whether a
    valid request was accepted or an invalid one refused."""
    # By the operation's method: a probe of another method on a GET operation (schemathesis
    # sends OPTIONS or TRACE to see them refused) is left unsent below, not a reason to skip
    # the operation's fuzzing.
    if str(case.operation.method).upper() != "GET" and not run.settings.allow_writes:
        pytest.skip(READ_ONLY)
    if not worth_sending(case, run):
        return
    verdicts = Verdicts(run)
    prepare(case, run, fuzzing=True)
    response = case.call(base_url=run.settings.base_url, session=run.session())
    if is_negative(case):
        also = () if only_unknown_query_parameters(case) else (invalid_input_refused,)
    else:
        also = (valid_input_accepted,)
    run.observer.answer(case, response, also=also)
    created = calls.created_id(response) if label(case) == CREATE.label else None
    if created is not None:
        # Deleted at once: left for the cleanup, it would lengthen every walk after this test.
        calls.send(run, DELETE, registry_id=created)
    verdicts.settle()
