"""The lifecycle (write mode): random sequences along the spec's links, by schemathesis's
state machine, every answer predicted by the reference model and judged by the engine."""

from __future__ import annotations

from hypothesis import settings

from contract_tests.engine.client import Client
from contract_tests.rules.exchange import Asked
from contract_tests.settings import Settings
from contract_tests.suite.bodies import Marker
from contract_tests.suite.lifecycle import lifecycle
from contract_tests.suite.marks import sends, to, writes

pytestmark = [writes, sends(to(asked=(Asked.ALLOWED, Asked.UNKNOWN_ID)))]
STEPS = 6
# A sequence is up to STEPS requests where a fuzzing example is one: a share of the example
# budget keeps the request counts of the two comparable.
SHARE = 3
MIN_EXAMPLES = 3


def test_lifecycle(client: Client, marker: Marker, run_settings: Settings) -> None:
    budget = settings(
        max_examples=max(MIN_EXAMPLES, run_settings.max_examples // SHARE),
        stateful_step_count=STEPS,
    )
    lifecycle(client, marker).run(settings=budget)
