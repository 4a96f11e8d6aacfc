"""Every operation, fuzzed with schema-valid and schema-violating requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from schemathesis import Case

from contract_tests.context import RunContext
from contract_tests.operations import check_case
from contract_tests.verdicts import Verdicts

SPEC = Path(__file__).resolve().parent.parent / "openapi.yaml"
schema = schemathesis.openapi.from_path(SPEC)


@schema.parametrize()
def test_operation(case: Case[Any], run: RunContext, verdicts: Verdicts) -> None:
    check_case(case, run, verdicts)
