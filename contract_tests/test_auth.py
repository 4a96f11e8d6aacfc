"""Auth: every operation refuses a missing or wrong token with 401 and an error body."""

from __future__ import annotations

import pytest
from schemathesis.core import NOT_SET

from api_spec import Operation
from api_spec.registries import OPERATIONS
from contract_tests import calls
from contract_tests.bodies import plain_body
from contract_tests.checks.requests import refused_with_401
from contract_tests.context import RunContext
from contract_tests.policy import READ_ONLY
from contract_tests.verdicts import Verdicts

CREDENTIALS = {"auth_required": None, "wrong_token_refused": "contract-wrong-token"}


@pytest.mark.parametrize("check", list(CREDENTIALS))
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_refuses_bad_credentials(operation: Operation, check: str, run: RunContext) -> None:
    if operation.method != "GET" and not run.settings.allow_writes:
        pytest.skip(READ_ONLY)
    verdicts = Verdicts(run)
    body = run.owned(plain_body(run.settings.run_id, "auth")) if operation.body else NOT_SET
    response = calls.send(
        run,
        operation,
        registry_id=run.missing_id() if operation.path_parameters else None,
        body=body,
        session=run.session(token=CREDENTIALS[check]),
    )
    verdicts.rule(check, operation.label, refused_with_401(response), response=response)
    verdicts.settle()
