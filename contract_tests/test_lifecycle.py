"""Lifecycle (write mode): create, get, list, update, test-connection, delete, in any order."""

from __future__ import annotations

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from contract_tests.context import RunContext
from contract_tests.lifecycle import Lifecycle
from contract_tests.verdicts import Verdicts

CHECKS = [
    "create_persists",
    "update_persists",
    "partial_update_keeps_fields",
    "dtmodified_monotonic",
    "list_reflects_state",
    "test_connection_shape",
    "delete_returns_registry",
    "delete_removes",
]
STEPS = 8
# A lifecycle example is up to STEPS steps of several requests each, where a fuzzing example is
# one request: a third of the example budget keeps the request counts of the two comparable.
SHARE = 3
MIN_EXAMPLES = 10


@pytest.mark.writes(checks=CHECKS)
def test_lifecycle(run: RunContext, verdicts: Verdicts) -> None:
    Lifecycle.run, Lifecycle.verdicts = run, verdicts
    budget = settings(
        max_examples=max(MIN_EXAMPLES, run.settings.max_examples // SHARE),
        stateful_step_count=STEPS,
    )
    run_state_machine_as_test(Lifecycle, settings=budget)
