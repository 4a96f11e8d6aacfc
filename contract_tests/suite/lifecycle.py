"""The lifecycle: schemathesis's links-driven state machine over the spec's OpenAPI links
(create, then get, update, test-connection or delete what it created; a page, then the next).

Schemathesis chooses the sequences; every case goes through `fuzzing.prepare` (ids the run
does not own become missing ones, bodies are marked as the run's) and through the run's client,
so the model predicts each step's answer and the engine judges it.

A step never raises for a finding: the findings are in the book, and the test fails once the
machine is done. Raising would make hypothesis replay sequences to shrink them, against a
server whose state (its ids, what the run already deleted) has moved on since.
"""

from __future__ import annotations

from typing import Any

from schemathesis import Case
from schemathesis.core.transport import Response
from schemathesis.generation.stateful.state_machine import APIStateMachine

from contract_tests.engine.client import Client
from contract_tests.engine.schema import SCHEMA
from contract_tests.suite.bodies import Marker
from contract_tests.suite.fuzzing import prepare


def lifecycle(client: Client, marker: Marker) -> type[APIStateMachine]:
    base: type[APIStateMachine] = SCHEMA.as_state_machine()
    policy = client.wire.guards.policy

    class Lifecycle(base):  # type: ignore[valid-type, misc]
        def before_call(self, case: Case[Any]) -> None:
            prepare(case, marker, policy, fuzzing=False)

        def call(self, case: Case[Any], **kwargs: Any) -> Response:
            return client.send(case)

        def validate_response(
            self, response: Response, case: Case[Any], additional_checks: Any = None, **kwargs: Any
        ) -> None:
            """Judged already, against the model's prediction, when the answer came."""

    return Lifecycle
