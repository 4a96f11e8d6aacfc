"""Every operation, fuzzed with schema-valid and schema-violating requests.

In a read-only run the GET operations are fuzzed too: by-id requests go to ids made up to be
missing, so they exercise the refusals of get and test-connection.
"""

from __future__ import annotations

from typing import Any

import pytest
from schemathesis import Case

from contract_tests.rules.answers import BUILTINS, error_shape
from contract_tests.rules.requests import invalid_input_refused, valid_input_accepted
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker
from contract_tests.suite.calls import Client
from contract_tests.suite.fuzzing import fuzz
from contract_tests.suite.schema import SCHEMA

pytestmark = pytest.mark.exercises(
    *BUILTINS, error_shape, invalid_input_refused, valid_input_accepted
)


@SCHEMA.parametrize()
def test_operation(case: Case[Any], client: Client, marker: Marker, run_settings: Settings) -> None:
    fuzz(case, client, marker, run_settings.allow_writes)
