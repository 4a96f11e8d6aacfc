"""The lifecycle (write mode): random sequences along the spec's links, by schemathesis's
state machine, every answer checked by the reference model."""

from __future__ import annotations

import pytest
from hypothesis import settings

from contract_tests.context import RunContext
from contract_tests.lifecycle import lifecycle
from contract_tests.verdicts import Verdicts

STEPS = 6
# A sequence is up to STEPS requests where a fuzzing example is one: a share of the example
# budget keeps the request counts of the two comparable.
SHARE = 3
MIN_EXAMPLES = 3


@pytest.mark.writes
def test_lifecycle(run: RunContext) -> None:
    budget = settings(
        max_examples=max(MIN_EXAMPLES, run.settings.max_examples // SHARE),
        stateful_step_count=STEPS,
    )
    verdicts = Verdicts(run)
    lifecycle(run).run(settings=budget)
    verdicts.settle()
