"""Auth: every operation refuses a missing or wrong token with 401 and an error body."""

from __future__ import annotations

import pytest

from contract_tests import api
from contract_tests.bodies import plain_body
from contract_tests.checks import responses
from contract_tests.context import RunContext
from contract_tests.policy import READ_ONLY, missing_id
from contract_tests.results import ResultBook
from contract_tests.verdicts import Verdicts

OPERATIONS = [api.LIST, api.CREATE, api.GET, api.UPDATE, api.DELETE, api.TEST_CONNECTION]
CREDENTIALS = {"auth_required": None, "wrong_token_refused": "contract-wrong-token"}
EXPECTED = "401 with a JSON error body"


@pytest.mark.parametrize("check", list(CREDENTIALS))
@pytest.mark.parametrize("operation", OPERATIONS)
def test_refuses_bad_credentials(
    operation: str, check: str, run: RunContext, book: ResultBook, verdicts: Verdicts
) -> None:
    method = operation.split(" ", 1)[0]
    if method != "GET" and not run.settings.allow_writes:
        book.skipped(check, operation, READ_ONLY)
        pytest.skip(READ_ONLY)
    session = run.session(token=CREDENTIALS[check])
    body = plain_body(run) if method in ("POST", "PUT") else None
    response = api.send(run, session, operation, missing_id(), json=body)
    problem = responses.status_in(response, {401}, "401") or responses.error_shape(response)
    verdicts.expect(check, operation, problem, EXPECTED, response)
    verdicts.settle()
