"""Malformed JSON bodies are refused with 400 and an error body, never a 5xx."""

from __future__ import annotations

import pytest

from contract_tests import api
from contract_tests.checks import responses
from contract_tests.context import RunContext
from contract_tests.policy import missing_id
from contract_tests.verdicts import Verdicts

CHECKS = ["not_a_server_error", "invalid_input_refused", "error_shape"]


@pytest.mark.writes(checks=CHECKS, operations=[api.CREATE])
def test_malformed_json_refused(run: RunContext, verdicts: Verdicts) -> None:
    response = api.send(
        run,
        verdicts.session,
        api.CREATE,
        missing_id(),
        data=b'{"name": ',
        headers={"Content-Type": "application/json"},
    )
    verdicts.expect(
        "not_a_server_error",
        api.CREATE,
        responses.not_a_server_error(response),
        responses.NOT_A_SERVER_ERROR,
        response,
    )
    verdicts.expect(
        "invalid_input_refused",
        api.CREATE,
        responses.status_in(response, {400}, "400 PARSE_ERROR"),
        "400 for a body that is not JSON",
        response,
    )
    verdicts.expect(
        "error_shape", api.CREATE, responses.error_shape(response), responses.ERROR_SHAPE, response
    )
    verdicts.settle()
