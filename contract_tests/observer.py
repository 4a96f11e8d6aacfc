"""Every answer of the run passes here, whoever asked: the suite's own requests, fuzzing and
the state machine.

Schemathesis's runner applies the per-answer checks (its built-in ones and ours, from the
registry) and reports each through its `after_validate` hook; then the reference model compares
the answer with what the run knows. Each outcome goes into the book: a pass, or a finding with
the request that shows it, and for a stateful finding the steps that led to it and a script
that replays them.
"""

from __future__ import annotations

import contextlib
import json
import shlex
from typing import TYPE_CHECKING, Any

from schemathesis import Case
from schemathesis.core.failures import FailureGroup
from schemathesis.core.transport import Response

from api_spec.registries import CREATE, DELETE, GET, ID, LIST, PAGINATION, TEST_CONNECTION, UPDATE
from contract_tests import repro
from contract_tests.api import SCHEMA, label
from contract_tests.model import Outcome
from contract_tests.registry import CHECKS
from contract_tests.violations import Finding

if TYPE_CHECKING:
    from contract_tests.context import RunContext

# Findings quote what came back; past this many characters the rest is left out.
MAX_RECEIVED = 300
# The steps of a registry's story a stateful finding replays (its create and the latest).
MAX_STEPS = 12


def shorten(text: str) -> str:
    """Cut after redaction, never before, so no part of a secret survives the cut."""
    text = " ".join(text.split())
    return text if len(text) <= MAX_RECEIVED else text[:MAX_RECEIVED] + "..."


def json_or_none(response: Response) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


class Observer:
    def __init__(self, run: RunContext) -> None:
        self.run = run
        self._results: list[Any] = []
        self._per_answer = [check.function for check in CHECKS.values() if check.per_answer]
        SCHEMA.hooks.register_hook_with_name(self._collect, "after_validate")

    def _collect(self, context: Any, case: Any, response: Any, results: list[Any]) -> None:
        self._results.extend(results)

    def answer(
        self, case: Case[Any], response: Response, also: tuple[Any, ...] = ()
    ) -> list[Finding]:
        """Check one answer; return the findings (already in the book)."""
        run = self.run
        step = run.transcript.record(case, response)
        operation = label(case)
        run.book.passed("answers_every_request", operation)
        self._results = []
        # Each failure also comes through the hook, with the name of its check.
        with contextlib.suppress(FailureGroup):
            case.validate_response(
                response,
                checks=[*self._per_answer, *also],
                transport_kwargs={"base_url": run.settings.base_url},
            )
        findings = []
        for result in self._results:
            if result.failure is None:
                run.book.passed(result.name, operation)
            else:
                failure = result.failure
                findings.append(
                    self.finding(
                        result.name, operation, failure.title, failure.message, case, response
                    )
                )
        for outcome in self._model(case, response, step):
            if outcome.problem is None:
                run.book.passed(outcome.check, operation)
            else:
                findings.append(self._stateful(outcome, operation, case, response, step))
        for finding in findings:
            run.book.failed(finding)
        return findings

    def _model(self, case: Case[Any], response: Response, step: int) -> list[Outcome]:
        model, status = self.run.model, response.status_code
        operation = label(case)
        registry_id = str((case.path_parameters or {}).get(ID, ""))
        body = json_or_none(response)
        ok = 200 <= status < 300
        if operation == CREATE.label:
            return model.created(case.body, body, response.headers, step) if ok else []
        if registry_id and status == 404:
            return model.gone(registry_id, operation, step)
        if operation == LIST.label and ok and isinstance(body, dict):
            items = body.get(PAGINATION.results)
            outcomes: list[Outcome] = []
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict) and isinstance(item.get(ID), str):
                    outcomes += model.seen(item[ID], item, operation, step)
            return outcomes
        if operation == GET.label and ok:
            return model.fetched(registry_id, body, step)
        if operation == UPDATE.label:
            if ok:
                return model.updated(registry_id, case.body, body, response.headers, step)
            return model.update_refused(registry_id, case.body, status, response.text_lossy(), step)
        if operation == DELETE.label and ok:
            return model.deleted(registry_id, body, step)
        if operation == TEST_CONNECTION.label and ok:
            return model.tested(registry_id, body, step)
        return []

    # --- findings ----------------------------------------------------------------------

    def finding(
        self, check: str, operation: str, cause: str, received: str,
        case: Case[Any] | None = None, response: Response | None = None, *,
        steps: tuple[str, ...] = (), script: str = "",
    ) -> Finding:  # fmt: skip
        secrets = self.run.secrets
        return Finding(
            check=check,
            operation=operation,
            cause=secrets.text(cause),
            expected=CHECKS[check].rule,
            received=shorten(secrets.text(received)),
            curl=self.curl(case, response) if case is not None and response is not None else "",
            steps=tuple(secrets.text(step) for step in steps),
            repro=secrets.text(script),
        )

    def _stateful(
        self, outcome: Outcome, operation: str, case: Case[Any], response: Response, step: int
    ) -> Finding:
        assert outcome.problem is not None
        tracked = self.run.model.tracked(outcome.registry) if outcome.registry else None
        if tracked is None or not tracked.owned:
            return self.finding(
                outcome.check,
                operation,
                outcome.problem.cause,
                outcome.problem.received,
                case,
                response,
            )
        indices = tracked.steps[:1] + tracked.steps[1:][-(MAX_STEPS - 1) :]
        story = [s for s in (self.run.transcript.get(i) for i in indices) if s is not None]
        failing = self.run.transcript.get(step)
        title = f"[{outcome.check}] {operation}: {outcome.problem.cause}"
        script = (
            repro.registry_story(title, self.run.settings.base_url, story, failing)
            if failing
            else ""
        )
        cause, received = outcome.problem.cause, outcome.problem.received
        steps = tuple(s.describe() for s in story)
        return self.finding(
            outcome.check, operation, cause, received, case, response, steps=steps, script=script
        )

    def curl(self, case: Case[Any], response: Response) -> str:
        """The request as curl, the run's token read from $API_TOKEN, secrets redacted."""
        sent = response.request.headers
        headers = {k: v for k, v in sent.items() if k.lower() == "content-type"}
        command = case.as_curl_command(
            headers=headers, verify=response.verify, base_url=self.run.settings.base_url
        )
        command = command.replace(" -H 'Authorization: [Filtered]'", "")
        auth = sent.get("Authorization")
        if isinstance(auth, bytes):
            auth = auth.decode("latin-1")
        if auth:
            mine = auth == f"Bearer {self.run.settings.token}"
            shown = (
                '"Authorization: Bearer $API_TOKEN"'
                if mine
                else shlex.quote(f"Authorization: {auth}")
            )
            command = command.replace("curl ", f"curl -H {shown} ", 1)
        return self.run.secrets.text(command)
