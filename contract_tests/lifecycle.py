"""The lifecycle of a registry as a hypothesis state machine over random sequences of steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import requests
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    multiple,
    rule,
)

from contract_tests import api
from contract_tests.bodies import create_bodies, owned, update_bodies
from contract_tests.checks import registries, responses
from contract_tests.context import RunContext
from contract_tests.verdicts import Verdicts

PROVIDER_REFUSAL = 400


@dataclass
class Known:
    """What the server should hold for one registry this machine created."""

    id: str
    fields: dict[str, Any]
    dt_modified: str | None
    updated: bool = False
    passwords: list[str] = field(default_factory=list)

    @property
    def persistence_check(self) -> str:
        return "update_persists" if self.updated else "create_persists"


class Lifecycle(RuleBasedStateMachine):
    run: RunContext
    verdicts: Verdicts
    registries = Bundle("registries")

    def __init__(self) -> None:
        super().__init__()
        self.session = self.verdicts.session

    def _common(self, operation: str, response: requests.Response, passwords: list[str]) -> None:
        v = self.verdicts
        v.expect(
            "not_a_server_error",
            operation,
            responses.not_a_server_error(response),
            responses.NOT_A_SERVER_ERROR,
            response,
        )
        v.expect(
            "error_shape",
            operation,
            responses.error_shape(response),
            responses.ERROR_SHAPE,
            response,
        )
        for password in passwords:
            v.expect(
                "password_not_echoed",
                operation,
                responses.password_not_echoed(response, password),
                responses.PASSWORD_NOT_ECHOED,
                response,
            )

    def _accepted(
        self, operation: str, response: requests.Response, body: dict[str, Any], kind: Any = None
    ) -> bool:
        """True on 200. A 400 is the documented provider-rules refusal when the body names a
        `kind`, or changes the URL of a registry whose stored `kind` has rules."""
        provider_bound = "kind" in body or ("url" in body and kind not in (None, "other"))
        if response.status_code == PROVIDER_REFUSAL and provider_bound:
            return False
        problem = responses.status_in(response, {200}, "200")
        return self.verdicts.expect(
            "valid_input_accepted", operation, problem, "200 for a schema-valid body", response
        )

    # Every sequence starts from a registry, so even a small budget reaches the later steps.
    @initialize(target=registries, draft=create_bodies())
    def first(self, draft: dict[str, Any]) -> Any:
        return self.create(draft)

    @rule(target=registries, draft=create_bodies())
    def create(self, draft: dict[str, Any]) -> Any:
        body = owned(self.run, draft)
        response = api.send(self.run, self.session, api.CREATE, json=body)
        self._common(api.CREATE, response, [body["password"]])
        if not self._accepted(api.CREATE, response, body):
            self.verdicts.settle()
            return multiple()
        created = responses.json_body(response) or {}
        expected = {k: v for k, v in body.items() if k != "password"}
        self.verdicts.expect(
            "create_persists",
            api.CREATE,
            registries.same_fields(expected, created),
            "the created registry echoes the fields sent",
            response,
        )
        self.verdicts.settle()
        known = Known(str(created.get("id")), expected, created.get("dtModified"))
        known.passwords.append(body["password"])
        self._get_matches(known)
        return known

    def _get_matches(self, known: Known) -> None:
        response = api.send(self.run, self.session, api.GET, known.id)
        self._common(api.GET, response, known.passwords)
        body = responses.json_body(response)
        problem = responses.status_in(response, {200}, "200") or registries.same_fields(
            known.fields, body
        )
        self.verdicts.expect(
            known.persistence_check,
            api.GET,
            problem,
            "get returns the fields last written",
            response,
        )
        self.verdicts.settle()

    @rule(known=registries)
    def get(self, known: Known) -> None:
        self._get_matches(known)

    @rule(known=registries, draft=update_bodies())
    def update(self, known: Known, draft: dict[str, Any]) -> None:
        body = owned(self.run, draft)
        response = api.send(self.run, self.session, api.UPDATE, known.id, json=body)
        self._common(api.UPDATE, response, [*known.passwords, body.get("password", "")])
        if not self._accepted(api.UPDATE, response, body, known.fields.get("kind")):
            self.verdicts.settle()
            return
        if "password" in body:
            known.passwords.append(body["password"])
        changed = {k: v for k, v in body.items() if k != "password"}
        kept = {k: v for k, v in known.fields.items() if k not in changed}
        answer = responses.json_body(response)
        v = self.verdicts
        v.expect(
            "update_persists",
            api.UPDATE,
            registries.same_fields(changed, answer),
            "the update's answer carries the fields sent",
            response,
        )
        v.expect(
            "partial_update_keeps_fields",
            api.UPDATE,
            registries.same_fields(kept, answer),
            "fields omitted from the update keep their value",
            response,
        )
        if isinstance(answer, dict):
            v.expect(
                "dtmodified_monotonic",
                api.UPDATE,
                registries.dtmodified_monotonic(known.dt_modified, answer),
                "dtModified >= its previous value and >= dtCreated",
                response,
            )
            known.dt_modified = answer.get("dtModified")
        v.settle()
        known.fields = {**known.fields, **changed}
        known.updated = True
        self._get_matches(known)

    @rule(known=registries)
    def listed(self, known: Known) -> None:
        result = api.walk(self.run, self.session, {"limit": 120}, max_pages=100)
        found = [item for item in result.items if str(item.get("id")) == known.id]
        problem = "not in the list" if not found else registries.same_fields(known.fields, found[0])
        last = result.responses[-1] if result.responses else None
        self.verdicts.expect(
            "list_reflects_state",
            api.LIST,
            problem,
            "the list holds the registry with the fields last written",
            last,
        )
        self.verdicts.settle()

    @rule(known=registries)
    def test_connection(self, known: Known) -> None:
        response = api.send(self.run, self.session, api.TEST_CONNECTION, known.id)
        self._common(api.TEST_CONNECTION, response, known.passwords)
        body = responses.json_body(response)
        problem = responses.status_in(response, {200}, "200")
        if problem is None and not (
            isinstance(body, dict)
            and isinstance(body.get("success"), bool)
            and isinstance(body.get("error", ""), str)
        ):
            problem = f"body {response.text}"
        self.verdicts.expect(
            "test_connection_shape",
            api.TEST_CONNECTION,
            problem,
            '200 with {"success": bool, "error"?: string}',
            response,
        )
        self.verdicts.settle()

    @rule(known=consumes(registries))
    def delete(self, known: Known) -> None:
        response = api.send(self.run, self.session, api.DELETE, known.id)
        self._common(api.DELETE, response, known.passwords)
        body = responses.json_body(response)
        got = body.get("id") if isinstance(body, dict) else None
        problem = responses.status_in(response, {200}, "200") or (
            None if got == known.id else f"deleted registry id={got!r}"
        )
        self.verdicts.expect(
            "delete_returns_registry",
            api.DELETE,
            problem,
            "200 with the deleted registry",
            response,
        )
        self._gone(known)
        self.verdicts.settle()

    def _gone(self, known: Known) -> None:
        for operation in (api.GET, api.DELETE):
            response = api.send(self.run, self.session, operation, known.id)
            self._common(operation, response, known.passwords)
            self.verdicts.expect(
                "delete_removes",
                operation,
                responses.status_in(response, {404}, "404 after delete"),
                "404 for a deleted registry",
                response,
            )
        result = api.walk(self.run, self.session, {"limit": 120}, max_pages=100)
        present = known.id in result.ids
        self.verdicts.expect(
            "delete_removes",
            api.LIST,
            "still listed" if present else None,
            "the list no longer holds a deleted registry",
            result.responses[-1] if result.responses else None,
        )
