"""Making a finding of a problem: what came back (the status line, the headers that matter, the
body cut to a readable length, or "no answer"), the request as curl, and the requests a replay
script repeats. Everything is redacted before it is cut, so no part of a secret survives."""

from __future__ import annotations

import json
import shlex
from typing import Any
from urllib.parse import urlencode

from schemathesis.core import NOT_SET

from api_spec.registries import PAGINATION
from contract_tests.record.transcript import Transcript
from contract_tests.rules.evidence import Exchange
from contract_tests.rules.exchange import Request, Step
from contract_tests.rules.expectations import predicted
from contract_tests.rules.model import Model
from contract_tests.rules.registry import Check
from contract_tests.rules.violations import Finding, Problem, Single, Story, Walk
from contract_tests.wire.credentials import Kind as Credential
from contract_tests.wire.policy import MISSING_ID_PREFIX
from contract_tests.wire.quoting import quoted, shorten
from contract_tests.wire.redaction import Secrets

# The steps of a registry's story a replay repeats: its create, and the latest before the
# answer found wrong.
STORY_STEPS = 12


def came_back(exchange: Exchange | None, secrets: Secrets, timeout: float) -> str:
    """What came back, as a reader needs it: the status line, the telling headers, the body."""
    if exchange is None:
        return ""
    answer = exchange.answer
    if answer is None:
        return f"no answer within {timeout:g} s ({exchange.error})"
    return quoted(answer.status, answer.header, secrets.text(answer.text))


class Findings:
    """Makes the findings of one run: redacted, with what a replay repeats."""

    def __init__(
        self, transcript: Transcript, model: Model, secrets: Secrets, base_url: str, timeout: float
    ) -> None:
        self.transcript = transcript
        self.model = model
        self.secrets = secrets
        self.base_url = base_url
        self.timeout = timeout

    def make(
        self,
        check: Check[Any],
        operation: str,
        problem: Problem,
        exchange: Exchange | None = None,
        *,
        replay: Walk | None = None,
        ruled_out: tuple[str, ...] = (),
        last: str = "",
    ) -> Finding:
        """The finding of `problem`; `last` is what came back when no one exchange shows it
        (the last 429 of a run throttled to the end)."""
        secrets = self.secrets
        request = exchange.request if exchange is not None else None
        step = exchange.step if exchange is not None else None
        about = problem.registry or (request.registry if request is not None else None)
        if request is not None and request.of:
            about = request.of  # a near miss of a registry's id: that registry's story
        story = self._story(about, step) if replay is None else None
        single = self._single(step) if problem.alone else None
        return Finding(
            check=check,
            operation=operation,
            cause=secrets.text(problem.cause),
            expected=secrets.text(problem.expected or check.rule),
            received=shorten(secrets.text(problem.received)),
            came_back=came_back(exchange, secrets, self.timeout) or shorten(secrets.text(last)),
            curl=self.curl(request) if request is not None else "",
            replay=story or replay or (Single(single) if single is not None else None),
            expectation=self._expectation(check, exchange),
            ruled_out=ruled_out,
        )

    def _expectation(self, check: Check[Any], exchange: Exchange | None) -> dict[str, Any]:
        """What the failure's replay must see not to reproduce it, redacted."""
        if exchange is None:
            return {}
        expected = (check.expects or predicted)(exchange)
        redacted: dict[str, Any] = json.loads(self.secrets.text(json.dumps(expected)))
        return redacted

    def _single(self, step: int | None) -> Step | None:
        """The one request to replay, when repeating it as sent shows the same and touches
        nothing real: a request to the collection (but a page of a cursor, which the replay
        cannot hold), one about an id made up to be missing, or a read of a registry the run
        did not create. A registry the run created is gone when a replay runs: its story
        replays it."""
        sent = self.transcript.get(step) if step is not None else None
        if sent is None or PAGINATION.cursor in sent.query:
            return None
        if sent.registry is None or sent.registry.startswith(MISSING_ID_PREFIX):
            return sent
        known = self.model.tracked(sent.of or sent.registry)
        return sent if sent.method == "GET" and (known is None or not known.owned) else None

    def _story(self, registry: str | None, step: int | None) -> Story | None:
        known = self.model.tracked(registry) if registry else None
        failing = self.transcript.get(step) if step is not None else None
        if known is None or not known.owned or failing is None:
            return None
        if PAGINATION.cursor in failing.query:
            return None  # a page of a cursor the replay cannot hold
        indices = [i for i in known.steps if step is None or i < step]
        chosen = indices[:1] + indices[1:][-(STORY_STEPS - 2) :]
        steps = [s for s in (self.transcript.get(i) for i in chosen) if s is not None]
        story = (*steps, failing)
        if story[0].method != "POST":
            return None  # its create is forgotten: a replay could not make its registry
        return Story(story, failing)

    def curl(self, request: Request) -> str:
        """The request as curl, as it was written on the wire: the token named by an
        expression of its environment variable (never written), secrets redacted."""
        case = request.case
        parts = ["curl"]
        credentials = request.credentials
        if credentials.kind is not Credential.NONE:
            header = f"Authorization: {credentials.shown or 'Bearer ' + str(credentials.token)}"
            parts += ["-H", f'"{header}"' if "$" in header else shlex.quote(header)]
        parts += ["-X", case.method.upper(), shlex.quote(self._url(request))]
        piped = ""
        if request.raw is not None:
            body = request.raw.decode("utf-8", "replace")
            parts += ["-H", "'Content-Type: application/json'", "-d", shlex.quote(body)]
        elif request.encoded is not None:
            writes = f"import sys; sys.stdout.buffer.write({bytes_expression(request.encoded)})"
            piped = f"python3 -c {shlex.quote(writes)} | "
            parts += ["-H", "'Content-Type: application/json'", "--data-binary", "@-"]
        elif case.body is not NOT_SET:
            body = json.dumps(case.body, ensure_ascii=False)
            parts += ["-H", "'Content-Type: application/json'", "-d", shlex.quote(body)]
        return self.secrets.text(piped + " ".join(parts))

    def _url(self, request: Request) -> str:
        if request.target:
            return self.base_url + request.target
        case = request.case
        query = urlencode(case.query or {}, doseq=True)
        return self.base_url + case.formatted_path + (f"?{query}" if query else "")


# A run of one byte this long is written as a repetition (a huge body, deep nesting).
RUN = 64


def bytes_expression(body: bytes) -> str:
    """A Python expression of `body`, with long runs of one byte as repetitions, so a body of
    megabytes reads in a line: `b'{"a": "' + b'x' * 4194304 + b'"}'`."""
    parts, start, index = [], 0, 0
    while index < len(body):
        end = index
        while end < len(body) and body[end] == body[index]:
            end += 1
        if end - index >= RUN:
            if start < index:
                parts.append(repr(body[start:index]))
            parts.append(f"{body[index : index + 1]!r} * {end - index}")
            start = end
        index = end
    if start < len(body) or not parts:
        parts.append(repr(body[start:]))
    return " + ".join(parts)
