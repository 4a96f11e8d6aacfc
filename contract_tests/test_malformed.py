"""A body that is not JSON is refused with 400 and an error body, never a 5xx."""

from __future__ import annotations

import pytest

from api_spec.registries import CREATE
from contract_tests import calls
from contract_tests.context import RunContext
from contract_tests.verdicts import Verdicts


@pytest.mark.writes
def test_malformed_json_refused(run: RunContext) -> None:
    verdicts = Verdicts(run)
    response = calls.send(run, CREATE, raw=b'{"name": ')
    status = response.status_code
    problem = (
        None if status == 400 else (f"{status} for a body that is not JSON", response.text_lossy())
    )
    verdicts.rule("invalid_input_refused", CREATE.label, problem, response=response)
    verdicts.settle()
