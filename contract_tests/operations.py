"""Fuzzing one operation with a schemathesis case, checked by the suite's named checks."""

from __future__ import annotations

import secrets
from typing import Any

import pytest
import requests
from schemathesis import Case, GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.meta import CoveragePhaseData, CoverageScenario
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from contract_tests.checks import responses
from contract_tests.context import RunContext
from contract_tests.policy import READ_ONLY, WRITE_METHODS, missing_id
from contract_tests.verdicts import Verdicts

# Checks that schemathesis already does well, reported under its own names.
SCHEMA_CHECKS = {
    "status_code_conformance": (status_code_conformance, "a status the spec documents"),
    "content_type_conformance": (content_type_conformance, "a documented content type"),
    "response_schema_conformance": (response_schema_conformance, "a body valid against the spec"),
}
STANDARD_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})
# The checks a fuzzed case goes through, named here so a skipped operation can list them.
FUZZ_CHECKS = (
    "not_a_server_error",
    "error_shape",
    *SCHEMA_CHECKS,
    "invalid_input_refused",
    "valid_input_accepted",
    "password_not_echoed",
)
INVALID_REFUSED = "a 4xx refusal for a request that violates the schema"
VALID_ACCEPTED = "a 2xx for a schema-valid request, or a refusal the API documents"


def check_case(case: Case[Any], run: RunContext, verdicts: Verdicts) -> None:
    operation = case.operation.label
    if case.method.upper() in WRITE_METHODS and not run.settings.allow_writes:
        for skipped in FUZZ_CHECKS:
            verdicts.book.skipped(skipped, operation, READ_ONLY)
        pytest.skip(READ_ONLY)
    if not worth_sending(case, run):
        return
    password = prepare(case, run)
    case.call(base_url=run.settings.base_url, session=verdicts.session)
    response = verdicts.session.last_response
    assert response is not None
    verdicts.expect(
        "not_a_server_error",
        operation,
        responses.not_a_server_error(response),
        responses.NOT_A_SERVER_ERROR,
        response,
    )
    verdicts.expect(
        "error_shape", operation, responses.error_shape(response), responses.ERROR_SHAPE, response
    )
    for name, (check, expected) in SCHEMA_CHECKS.items():
        verdicts.expect(
            name, operation, schemathesis_problem(case, response, check), expected, response
        )
    if is_negative(case):
        if not only_unknown_query_parameters(case):
            problem = schemathesis_problem(case, response, negative_data_rejection)
            verdicts.expect("invalid_input_refused", operation, problem, INVALID_REFUSED, response)
    else:
        problem = undocumented_refusal(case, response)
        verdicts.expect("valid_input_accepted", operation, problem, VALID_ACCEPTED, response)
    verdicts.expect(
        "password_not_echoed",
        operation,
        responses.password_not_echoed(response, password),
        responses.PASSWORD_NOT_ECHOED,
        response,
    )
    verdicts.settle()


def worth_sending(case: Case[Any], run: RunContext) -> bool:
    """False for cases whose verdict would not be about the server's contract.

    The request layer always sends the run's own credentials (auth has its own checks), so a
    case whose only fault is a negated Authorization header would be sent valid. Methods outside
    HTTP's standard set are answered by whatever proxy fronts the API, not by the API itself.
    """
    if is_negative(case) and case.operation.schema.is_security_param_negated(case):
        return False
    if case.method.upper() != "GET" and not run.settings.allow_writes:
        return False  # a read-only run sends GET and nothing else
    return case.method.upper() in STANDARD_METHODS


def prepare(case: Case[Any], run: RunContext) -> object:
    """Make a generated case safe to send; return the password it carries, if any."""
    if "id" in (case.path_parameters or {}):
        # Fuzzing touches no real registry: only ids that cannot exist reach the server.
        case.path_parameters = {**(case.path_parameters or {}), "id": missing_id()}
    body = case.body
    if not isinstance(body, dict) or is_negative(case):
        return None  # a generated password may equal other fields the server rightly echoes
    if case.method.upper() == "POST" and isinstance(body.get("name"), str):
        body["name"] = run.registry_name() + "-" + str(body["name"])
    if not isinstance(body.get("password"), str):
        return None
    # A distinctive password, so finding it in a response cannot be a coincidence; hex only,
    # so a server's JSON escaping cannot hide an echo from the check or the redactor.
    password = "pw-" + secrets.token_hex(8)
    body["password"] = password
    return password


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


def is_negative(case: Case[Any]) -> bool:
    return case.meta is not None and case.meta.generation.mode == GenerationMode.NEGATIVE


def undocumented_refusal(case: Case[Any], response: requests.Response) -> str | None:
    """A refusal of a schema-valid request that the API does not document, or None."""
    status = response.status_code
    if 200 <= status < 300:
        return None
    if status == 404 and "id" in (case.path_parameters or {}):
        return None  # the id was made up to be missing
    if status == 400 and documented_refusal(case):
        return None
    return f"{status} for a schema-valid request: {response.text}"


def documented_refusal(case: Case[Any]) -> bool:
    """The two refusals the docs allow: provider rules on `kind`, and an unknown `after`."""
    if case.method.upper() in ("POST", "PUT"):
        return isinstance(case.body, dict) and "kind" in case.body
    return case.method.upper() == "GET" and "after" in (case.query or {})


def schemathesis_problem(case: Case[Any], response: requests.Response, check: object) -> str | None:
    try:
        case.validate_response(response, checks=[check])  # type: ignore[list-item]
    except FailureGroup as group:
        return "; ".join(f"{f.title}: {f.message}" for f in group.exceptions)
    return None
