"""The requests of the run, in order, as the reports replay them (secrets redacted)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from schemathesis import Case
from schemathesis.core import NOT_SET
from schemathesis.core.transport import Response

from api_spec.registries import ID, WRITE_ONLY
from contract_tests.redaction import Secrets

# Steps kept: enough for any registry's story; an endless run does not grow without bound.
MAX_STEPS = 20_000


@dataclass(frozen=True)
class Step:
    method: str
    template: str  # the operation's path, `{id}` unfilled
    registry: str | None  # the id in the path, if any
    query: dict[str, Any]
    body: Any  # as sent, write-only members redacted; None when there was none
    status: int

    def describe(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.query.items())
        path = self.template + (f"?{query}" if query else "")
        body = f" {_compact(self.body)}" if self.body is not None else ""
        return f"{self.method} {path}{body} -> {self.status}"


def _compact(value: Any, limit: int = 100) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "..."


class Transcript:
    def __init__(self, secrets: Secrets) -> None:
        self._secrets = secrets
        self.steps: list[Step] = []

    def record(self, case: Case[Any], response: Response) -> int:
        """Add the request of `case` and the status it got; return its index."""
        body = None if case.body is NOT_SET else self._secrets.body(case.body, WRITE_ONLY)
        step = Step(
            method=case.method.upper(),
            template=str(case.operation.path),
            registry=(case.path_parameters or {}).get(ID),
            query=dict(case.query or {}),
            body=body,
            status=response.status_code,
        )
        if len(self.steps) >= MAX_STEPS:
            self.steps = self.steps[MAX_STEPS // 2 :]  # the oldest half goes
        self.steps.append(step)
        return len(self.steps) - 1

    def get(self, index: int) -> Step | None:
        return self.steps[index] if 0 <= index < len(self.steps) else None
