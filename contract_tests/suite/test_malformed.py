"""A body that is not JSON is refused with 400 and an error body, never a 5xx, and answered."""

from __future__ import annotations

import pytest

from api_spec.registries import CREATE
from contract_tests.record.verdicts import Verdicts
from contract_tests.rules.answers import SERVER_ERROR
from contract_tests.rules.requests import answers_every_request, invalid_input_refused
from contract_tests.suite.calls import Client

pytestmark = [
    pytest.mark.writes,
    pytest.mark.exercises(invalid_input_refused, answers_every_request, SERVER_ERROR),
]


def test_malformed_json_refused(client: Client, verdicts: Verdicts) -> None:
    client.request(CREATE, raw=b'{"name": ')
    verdicts.settle()
