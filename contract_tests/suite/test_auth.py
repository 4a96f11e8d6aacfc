"""Auth: every operation refuses a missing or a made-up token with 401 and an error body.

The model predicts the refusal; the auth checks alone judge these answers."""

from __future__ import annotations

import pytest
from schemathesis.core import NOT_SET

from api_spec import Operation
from api_spec.registries import OPERATIONS
from contract_tests.engine.client import Client
from contract_tests.rules.exchange import UNAUTHENTICATED
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker, plain_body
from contract_tests.suite.marks import sends, to
from contract_tests.wire.credentials import Credentials, missing, wrong
from contract_tests.wire.policy import READ_ONLY

pytestmark = sends(to(asked=UNAUTHENTICATED))
MADE_UP = "contract-wrong-token"
CREDENTIALS = {"no token": missing(), "a made-up token": wrong(MADE_UP, f"Bearer {MADE_UP}")}


@pytest.mark.parametrize("credentials", list(CREDENTIALS.values()), ids=list(CREDENTIALS))
@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.label)
def test_refuses_bad_credentials(
    operation: Operation,
    credentials: Credentials,
    client: Client,
    marker: Marker,
    run_settings: Settings,
) -> None:
    if operation.method != "GET" and not run_settings.allow_writes:
        pytest.skip(READ_ONLY)
    body = marker.owned(plain_body(run_settings.run_id, "auth")) if operation.body else NOT_SET
    registry_id = marker.missing_id() if operation.path_parameters else None
    client.request(operation, registry_id=registry_id, body=body, credentials=credentials)
