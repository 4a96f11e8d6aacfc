"""The lifecycle: schemathesis's links-driven state machine over the spec's OpenAPI links
(create, then get, update, test-connection or delete what it created; a page, then the next).

Schemathesis chooses the sequences; every case goes through `fuzzing.prepare` (ids the run
does not own become missing ones, bodies are marked as the run's) and through the run's
session, and every answer through the observer, so the reference model sees each step.

A step never raises: the findings are in the book, and the test fails once the machine is
done. Raising would make hypothesis replay sequences to shrink them, against a server whose
state (its ids, what the run already deleted) has moved on since.
"""

from __future__ import annotations

from typing import Any

from schemathesis import Case
from schemathesis.core.transport import Response
from schemathesis.generation.stateful.state_machine import APIStateMachine

from api_spec.registries import ID
from contract_tests.api import SCHEMA
from contract_tests.checks.requests import valid_input_accepted
from contract_tests.context import RunContext
from contract_tests.fuzzing import prepare


def lifecycle(run: RunContext) -> type[APIStateMachine]:
    base: type[APIStateMachine] = SCHEMA.as_state_machine()

    class Lifecycle(base):  # type: ignore[valid-type, misc]
        def before_call(self, case: Case[Any]) -> None:
            prepare(case, run, fuzzing=False)

        def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
            return {"session": run.session(), "base_url": run.settings.base_url}

        def validate_response(
            self, response: Response, case: Case[Any], additional_checks: Any = None, **kwargs: Any
        ) -> None:
            registry = (case.path_parameters or {}).get(ID)
            tracked = run.model.tracked(str(registry)) if registry is not None else None
            # A link to a registry an earlier step deleted rightly answers 404.
            gone = tracked is not None and tracked.deleted
            run.observer.answer(case, response, also=() if gone else (valid_input_accepted,))

    return Lifecycle
