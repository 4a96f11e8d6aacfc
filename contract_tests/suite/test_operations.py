"""Every operation, fuzzed with schema-valid and schema-violating requests.

In a read-only run the GET operations are fuzzed too: by-id requests go to ids made up to be
missing, so they exercise the refusals of get and test-connection.
"""

from __future__ import annotations

from typing import Any

from schemathesis import Case

from contract_tests.engine.client import Client
from contract_tests.engine.schema import SCHEMA
from contract_tests.rules.exchange import Asked
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker
from contract_tests.suite.fuzzing import fuzz
from contract_tests.suite.marks import sends, to

pytestmark = sends(to(asked=(Asked.ALLOWED, Asked.NEGATIVE, Asked.INVALID, Asked.UNKNOWN_ID)))


@SCHEMA.parametrize()
def test_operation(case: Case[Any], client: Client, marker: Marker, run_settings: Settings) -> None:
    fuzz(case, client, marker, run_settings.allow_writes)
