"""What every answer of the run must be, whatever was asked: schemathesis's built-in checks of
status, content type and schema, and ours of error bodies, secrets and size."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contract_tests.rules.conditions import AN_ERROR, ANSWERED
from contract_tests.rules.evidence import Exchange
from contract_tests.rules.exchange import Answer, Asked
from contract_tests.rules.expectations import NOT_5XX, Expect, documented, of, schema_of
from contract_tests.rules.registry import Check, check
from contract_tests.rules.violations import HELD, NotJudged, Problem, Verdict
from contract_tests.wire.redaction import decoded_json_text
from contract_tests.wire.session import MAX_BODY


def judge_builtin(function: Callable[..., Any], answer: Answer) -> Verdict:
    """Run one of schemathesis's checks on an answer: its first failure as a problem, HELD
    when it passed, not judged when it skipped itself (it returns a true value then)."""
    try:
        skipped = function(answer.context, answer.response, answer.request.case)
    except (Failure, FailureGroup, AssertionError) as error:
        failure = error.exceptions[0] if isinstance(error, FailureGroup) else error
        if isinstance(failure, Failure):
            title = failure.title
            if function is not_a_server_error:  # what was seen, not schemathesis's class
                title = f"a {answer.status} answer"
            return Problem(title, failure.message or answer.text)
        return Problem(str(failure) or type(failure).__name__, answer.text)
    return NotJudged("schemathesis's check did not apply") if skipped else HELD


def builtin(
    function: Callable[..., Any],
    *,
    rule: str,
    proven_by: tuple[str, ...] = (),
    expects: Expect | None = None,
) -> Check[Exchange]:
    """Register one of schemathesis's own checks, applied to every answer under its name."""

    def decide(exchange: Exchange) -> Verdict:
        assert exchange.answer is not None  # ANSWERED holds
        return judge_builtin(function, exchange.answer)

    return check(
        rule=rule,
        requires=(ANSWERED,),
        proven_by=proven_by,
        expects=expects,
        name=function.__name__,
        source="schemathesis",
    )(decide)


SERVER_ERROR = builtin(
    not_a_server_error,
    rule="never a 5xx, for any request, valid, invalid or malformed: a gateway's 502, 503 or "
    "504 is retried first (an idempotent request; a create is looked for by its name before "
    "it is sent again), and only one that persists fails",
    proven_by=("unknown-id-500", "parse-error-500", "crash-on-unicode", "empty-string-500",
               "max-limit-500", "id-nul-500", "deep-json-500", "non-object-body-500",
               "big-int-500"),
    expects=of(statuses=NOT_5XX),
)  # fmt: skip
STATUS_CODE = builtin(
    status_code_conformance,
    rule="a status the spec documents for the operation",
    expects=documented,
)
CONTENT_TYPE = builtin(
    content_type_conformance,
    rule="the content type the spec documents for the status",
    proven_by=("success-text-plain",),
    expects=of(json=True),
)
RESPONSE_SCHEMA = builtin(
    response_schema_conformance,
    rule="a body valid against the spec's schema for the status (extra members allowed)",
    proven_by=("missing-field", "id-as-number", "kind-out-of-enum", "timestamp-not-datetime",
               "null-required", "test-connection-shape"),
    expects=schema_of,
)  # fmt: skip
BUILTINS = (SERVER_ERROR, STATUS_CODE, CONTENT_TYPE, RESPONSE_SCHEMA)


def error_object(answer: Answer) -> Problem | None:
    """Why an error answer is not a JSON object with a string `code` and `message`, if not."""
    status = answer.status
    content_type = ",".join(answer.response.headers.get("content-type", []))
    if "json" not in content_type:
        return Problem(f"a {status} error that is not JSON", f"Content-Type {content_type!r}")
    try:
        body = json.loads(answer.response.content)
    except ValueError:
        return Problem(f"a {status} error body that is not JSON", answer.text)
    if not isinstance(body, dict):
        return Problem(f"a {status} error body that is not an object", answer.text)
    missing = [key for key in ("code", "message") if not isinstance(body.get(key), str)]
    if missing:
        return Problem(f"an error body without a string {' or '.join(missing)}", answer.text)
    return None


@check(
    rule="every 4xx and 5xx is a JSON object with a string `code` and a string `message` "
    "(other members allowed)",
    requires=(AN_ERROR,),
    proven_by=("error-plain-text", "error-missing-code"),
    expects=of(error_body=True),
)
def error_shape(exchange: Exchange) -> Verdict:
    assert exchange.answer is not None
    return error_object(exchange.answer) or HELD


@check(
    rule="a password the run sent never comes back, in any answer of any operation, in its "
    "body or headers, plain or encoded (percent, hex, base64, Docker's `username:password`), "
    "whether the body that carried it was valid or not",
    asked=frozenset(Asked),
    requires=(ANSWERED,),
    proven_by=("echo-password", "echo-password-header", "echo-password-base64",
               "test-connection-leaks", "echo-invalid-body"),
    expects=of(no_secret=True),
)  # fmt: skip
def password_not_echoed(exchange: Exchange) -> Verdict:
    answer = exchange.answer
    assert answer is not None
    secrets = answer.secrets
    if not secrets.passwords:
        return NotJudged("no password was sent yet")
    for name, values in answer.response.headers.items():
        for value in values:
            form = secrets.echoed_form(value)
            if form is not None:
                return Problem(f"a password sent comes back ({form}) in a header", name)
    text = answer.response.content.decode("utf-8", "replace")
    form = secrets.echoed_form(text) or secrets.echoed_form(
        decoded_json_text(answer.response.content)
    )
    if form is not None:
        return Problem(f"a password sent comes back ({form}) in the body", text)
    return HELD


@check(
    rule=f"an answer's body is at most {MAX_BODY // (1024 * 1024)} MiB; the rest of a longer "
    "one is not read",
    requires=(ANSWERED,),
    proven_by=("huge-page",),
    expects=of(max_bytes=MAX_BODY),
)
def response_size_bounded(exchange: Exchange) -> Verdict:
    size = exchange.delivery.cut
    if size is not None:
        return Problem(
            "an answer larger than the suite reads", f"more than {size} bytes; read {MAX_BODY}"
        )
    return HELD
