"""Every exchange of the run passes here, whoever asked: the suite's own requests, fuzzing and
the state machine.

Before a request goes out the reference model predicts its answer (`predict`); when the answer
comes (`judge`), every check that applies judges it, schemathesis's built-in ones and ours,
each against the prediction where it needs one; then the model moves on. Each outcome goes
into the book: a pass, or a finding with the request that shows it (as curl) and, for a rule
about a registry's history, the story a replay script repeats. A request that got no answer is
a finding too (`unanswered`).
"""

from __future__ import annotations

import json
import shlex
from typing import Any

from schemathesis.checks import CheckContext
from schemathesis.core import NOT_SET
from schemathesis.core.transport import Response
from schemathesis.engine.run import PhaseName

from contract_tests.record.results import ResultBook
from contract_tests.record.transcript import Transcript
from contract_tests.rules.answers import judge_builtin
from contract_tests.rules.exchange import (
    Answer,
    Refusal,
    Request,
    Step,
    check_context,
    phase_of,
)
from contract_tests.rules.model import Model, Prediction
from contract_tests.rules.registry import Check, Kind
from contract_tests.rules.requests import answers_every_request
from contract_tests.rules.violations import Finding, Problem, Single, Story, Verdict, Walk
from contract_tests.wire.credentials import Kind as Credential
from contract_tests.wire.policy import MISSING_ID_PREFIX
from contract_tests.wire.redaction import Secrets

# Findings quote what came back; past this many characters the rest is left out.
MAX_RECEIVED = 300
# The steps of a registry's story a replay repeats: its create, and the latest before the
# answer found wrong.
STORY_STEPS = 12
AnyCheck = Check[..., Any]


def shorten(text: str) -> str:
    """Cut after redaction, never before, so no part of a secret survives the cut. Line breaks
    become spaces; other spaces stay, since they can be what is wrong (a trimmed value)."""
    text = text.replace("\r", " ").replace("\n", " ").strip()
    return text if len(text) <= MAX_RECEIVED else text[:MAX_RECEIVED] + "..."


class Observer:
    def __init__(
        self,
        book: ResultBook,
        model: Model,
        transcript: Transcript,
        secrets: Secrets,
        base_url: str,
        checks: tuple[AnyCheck, ...],
    ) -> None:
        """`checks`: the checks the run judges (all of them, or those --checks selects)."""
        self.book = book
        self.model = model
        self.transcript = transcript
        self.secrets = secrets
        self.base_url = base_url
        self._of_answers = [c for c in checks if c.kind in (Kind.BUILTIN, Kind.ANSWER)]
        self._of_predictions = [c for c in checks if c.kind is Kind.PREDICTION]
        self._sent = answers_every_request in checks
        # The last request judged and its step, for a test that decides a check on its answer.
        self.last: tuple[Request, int] | None = None
        self._contexts: dict[tuple[str, PhaseName | None], CheckContext] = {}

    def predict(self, request: Request) -> Prediction:
        return self.model.predict(request)

    def judge(self, prediction: Prediction, response: Response) -> list[Finding]:
        """Judge one answer against its prediction; return the findings (already booked)."""
        request = prediction.request
        step = self.transcript.record(request, response.status_code)
        self.last = (request, step)
        answer = Answer(request, response, self.secrets, self.base_url, self._context(request))
        operation = request.label
        if self._sent:
            self.book.passed(answers_every_request, operation)
        tainted = prediction.refusal in (Refusal.NO_TOKEN, Refusal.WRONG_TOKEN)
        problems = []
        for check in self._of_answers + self._of_predictions:
            if tainted and not check.unauthenticated:
                continue  # one cause, one finding: the auth checks judge this answer
            verdict = self._verdict(check, prediction, answer)
            if isinstance(verdict, Problem):
                problems.append((check, verdict))
            elif verdict is not None:
                self.book.passed(check, operation)
        # Judged against the state before the answer; the stories then include this step.
        self.model.settle(prediction, answer, step)
        findings = [self.finding(c, operation, p, request, step) for c, p in problems]
        for finding in findings:
            self.book.failed(finding)
        return findings

    def _context(self, request: Request) -> CheckContext:
        """One context for schemathesis's checks per operation and phase (building one reads
        its whole configuration)."""
        key = (request.label, phase_of(request.case))
        if key not in self._contexts:
            self._contexts[key] = check_context(request.case, self.base_url)
        return self._contexts[key]

    @staticmethod
    def _verdict(check: AnyCheck, prediction: Prediction, answer: Answer) -> Verdict:
        if check.kind is Kind.BUILTIN:
            return judge_builtin(check.function, answer)
        if check.kind is Kind.ANSWER:
            verdict: Verdict = check(answer)
            return verdict
        decided: Verdict = check(prediction, answer)
        return decided

    def unanswered(self, prediction: Prediction, error: BaseException) -> Finding | None:
        """A request that got no answer: a finding of `answers_every_request` that shows it."""
        if not self._sent:
            return None
        request = prediction.request
        step = self.transcript.record(request, None)
        problem = answers_every_request(request, error)
        assert isinstance(problem, Problem)
        finding = self.finding(answers_every_request, request.label, problem, request, step)
        self.book.failed(finding)
        return finding

    # --- findings ----------------------------------------------------------------------

    def finding(
        self,
        check: AnyCheck,
        operation: str,
        problem: Problem,
        request: Request | None = None,
        step: int | None = None,
        *,
        replay: Walk | None = None,
    ) -> Finding:
        """A finding, redacted, with the request as curl, and the story of the registry it is
        about when the run created that registry."""
        secrets = self.secrets
        about = problem.registry or (request.registry if request is not None else None)
        story = self._story(about, step) if replay is None else None
        single = self._single(step)
        return Finding(
            check=check,
            operation=operation,
            cause=secrets.text(problem.cause),
            expected=secrets.text(problem.expected or check.rule),
            received=shorten(secrets.text(problem.received)),
            curl=self.curl(request) if request is not None else "",
            replay=story or replay or (Single(single) if single is not None else None),
        )

    def _single(self, step: int | None) -> Step | None:
        """The one request to replay, when repeating it as sent touches nothing real: a read,
        or a write to the collection or to an id made up to be missing."""
        sent = self.transcript.get(step) if step is not None else None
        if sent is None or sent.method == "GET" or sent.registry is None:
            return sent
        return sent if sent.registry.startswith(MISSING_ID_PREFIX) else None

    def _story(self, registry: str | None, step: int | None) -> Story | None:
        known = self.model.tracked(registry) if registry else None
        failing = self.transcript.get(step) if step is not None else None
        if known is None or not known.owned or failing is None:
            return None
        indices = [i for i in known.steps if step is None or i < step]
        chosen = indices[:1] + indices[1:][-(STORY_STEPS - 2) :]
        steps = [s for s in (self.transcript.get(i) for i in chosen) if s is not None]
        story = (*steps, failing)
        if story[0].method != "POST":
            return None  # its create is forgotten: a replay could not make its registry
        return Story(story, failing)

    def curl(self, request: Request) -> str:
        """The request as curl: the token named by its environment variable (never written),
        secrets redacted."""
        case = request.case
        headers = {"Content-Type": "application/json"} if case.body is not NOT_SET else {}
        command = case.as_curl_command(headers=headers, base_url=self.base_url)
        command = command.replace(" -H 'Authorization: [Filtered]'", "")
        if request.raw is not None:
            raw = request.raw.decode("utf-8", "replace")
            command += " -H 'Content-Type: application/json' -d " + shlex.quote(raw)
        credentials = request.credentials
        if credentials.kind is not Credential.NONE:
            shown = credentials.shown or f"Bearer {credentials.token}"
            header = f"Authorization: {shown}"
            quoted = f'"{header}"' if "$" in header else shlex.quote(header)
            command = command.replace("curl ", f"curl -H {quoted} ", 1)
        return self.secrets.text(command)


def json_or_none(response: Response) -> Any:
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
