"""The lifecycle (write mode): random sequences along the spec's links, by schemathesis's
state machine, every answer predicted by the reference model and judged against it."""

from __future__ import annotations

import pytest
from hypothesis import settings

from contract_tests.record.verdicts import Verdicts
from contract_tests.rules.state import (
    create_persists,
    delete_removes,
    get_returns_requested_id,
    one_representation,
    safe_methods_safe,
    update_changes_only_what_was_sent,
    update_persists,
)
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker
from contract_tests.suite.calls import Client
from contract_tests.suite.lifecycle import lifecycle

pytestmark = [
    pytest.mark.writes,
    pytest.mark.exercises(
        create_persists, update_persists, update_changes_only_what_was_sent, one_representation,
        safe_methods_safe, delete_removes, get_returns_requested_id,
    ),
]  # fmt: skip
STEPS = 6
# A sequence is up to STEPS requests where a fuzzing example is one: a share of the example
# budget keeps the request counts of the two comparable.
SHARE = 3
MIN_EXAMPLES = 3


def test_lifecycle(
    client: Client, marker: Marker, run_settings: Settings, verdicts: Verdicts
) -> None:
    budget = settings(
        max_examples=max(MIN_EXAMPLES, run_settings.max_examples // SHARE),
        stateful_step_count=STEPS,
    )
    lifecycle(client, marker).run(settings=budget)
    verdicts.settle()
