"""Every operation, fuzzed with schema-valid and schema-violating requests.

In a read-only run the GET operations are fuzzed too: by-id requests go to ids made up to be
missing, so they exercise the 404 path of get and test-connection.
"""

from __future__ import annotations

from typing import Any

from schemathesis import Case

from contract_tests.api import SCHEMA
from contract_tests.context import RunContext
from contract_tests.fuzzing import fuzz


@SCHEMA.parametrize()
def test_operation(case: Case[Any], run: RunContext) -> None:
    fuzz(case, run)
