"""The requests of the run, in order, as the reports replay them (secrets redacted).

A step's index never changes: once the transcript holds `MAX_STEPS`, the oldest steps are
forgotten one by one and `get` answers None for them, so an index kept by a registry's record
names its own step or nothing, never another.
"""

from __future__ import annotations

from collections import deque

from schemathesis.core import NOT_SET

from api_spec.registries import WRITE_ONLY
from contract_tests.rules.exchange import Request, Step
from contract_tests.wire.credentials import Kind
from contract_tests.wire.redaction import REDACTED, Secrets

# Steps kept: far more than any registry's story needs; an endless run stays bounded.
MAX_STEPS = 20_000


class Transcript:
    def __init__(self, secrets: Secrets, cap: int = MAX_STEPS) -> None:
        self._secrets = secrets
        self._steps: deque[Step] = deque(maxlen=cap)
        self._recorded = 0  # steps ever recorded: the next step's index

    def record(self, request: Request, status: int | None) -> int:
        """Add the request and the status it got; return its index."""
        case = request.case
        body = None if case.body is NOT_SET else self._secrets.body(case.body, WRITE_ONLY)
        if request.raw is not None:
            body = self._secrets.text(request.raw.decode("utf-8", "replace"))
        credentials = request.credentials
        self._steps.append(
            Step(
                method=case.method.upper(),
                template=str(case.operation.path),
                registry=request.registry,
                query=dict(case.query or {}),
                body=body,
                status=status,
                team=credentials.label,
                valid_token=credentials.kind is Kind.VALID,
                auth=credentials.shown,
                raw=request.raw is not None,
                variant=credentials.variant,
                varies=credentials.varies.value if credentials.varies else "",
                target=self._secrets.text(request.target),
                encoded=self._encoded(request.encoded),
                near_miss=request.near_miss if request.of else "",
                of=request.of,
            )
        )
        self._recorded += 1
        return self._recorded - 1

    def _encoded(self, body: bytes | None) -> str:
        """A body's bytes as text a script can turn back into them (latin-1 maps each byte to
        one character), every password redacted."""
        if body is None:
            return ""
        text = body.decode("latin-1")
        for password in self._secrets.passwords:
            for form in (password, password.encode("utf-8").decode("latin-1")):
                text = text.replace(form, REDACTED)
        return text

    def get(self, index: int) -> Step | None:
        """The step recorded at `index`, or None if it is forgotten (or never was)."""
        offset = index - (self._recorded - len(self._steps))
        return self._steps[offset] if 0 <= offset < len(self._steps) else None
