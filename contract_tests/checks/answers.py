"""What every answer of the run must be, whatever was asked: schemathesis's built-in checks of
status, content type and schema, and ours of error bodies, secrets and size."""

from __future__ import annotations

import json
from typing import Any

from schemathesis import Case
from schemathesis.checks import CheckContext, not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contract_tests import active
from contract_tests.redaction import decoded_json_text
from contract_tests.registry import builtin, check
from contract_tests.session import BODY_CUT, MAX_BODY
from contract_tests.violations import Violated

builtin(
    not_a_server_error,
    rule="never a 5xx, for any request, valid, invalid or malformed",
    proven_by=("unknown-id-500", "parse-error-500", "crash-on-unicode", "empty-string-500",
               "max-limit-500"),
)  # fmt: skip
builtin(status_code_conformance, rule="a status the spec documents for the operation")
builtin(
    content_type_conformance,
    rule="the content type the spec documents for the status",
    proven_by=("success-text-plain",),
)
builtin(
    response_schema_conformance,
    rule="a body valid against the spec's schema for the status (extra members allowed)",
    proven_by=("missing-field", "id-as-number", "kind-out-of-enum", "timestamp-not-datetime",
               "null-required", "test-connection-shape"),
)  # fmt: skip


def snippet(response: Response) -> str:
    # Whole, not cut: a secret cut in half would slip past redaction. Reports shorten it after.
    return response.text_lossy()


@check(
    rule="every 4xx and 5xx is a JSON object with a string `code` and a string `message` "
    "(other members allowed)",
    per_answer=True,
    proven_by=("error-plain-text", "error-missing-code"),
)
def error_shape(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    status = response.status_code
    if status < 400:
        return True  # not an error: nothing to check
    content_type = ",".join(response.headers.get("content-type", []))
    if "json" not in content_type:
        raise Violated(f"a {status} error that is not JSON", f"Content-Type {content_type!r}")
    try:
        body = json.loads(response.content)
    except ValueError:
        raise Violated(f"a {status} error body that is not JSON", snippet(response)) from None
    if not isinstance(body, dict):
        raise Violated(f"a {status} error body that is not an object", snippet(response))
    missing = [key for key in ("code", "message") if not isinstance(body.get(key), str)]
    if missing:
        raise Violated(f"an error body without a string {' or '.join(missing)}", snippet(response))
    return None


@check(
    rule="a password the run sent never comes back, in any answer of any operation, in its "
    "body or headers, plain or encoded (percent, hex, base64, Docker's `username:password`)",
    per_answer=True,
    proven_by=("echo-password", "echo-password-header", "echo-password-base64",
               "test-connection-leaks"),
)  # fmt: skip
def password_not_echoed(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    secrets = active.secrets()
    if not secrets.passwords:
        return True  # nothing sent yet that could come back
    for name, values in response.headers.items():
        for value in values:
            form = secrets.echoed_form(value)
            if form is not None:
                raise Violated(f"a password sent comes back ({form}) in a header", name)
    text = response.content.decode("utf-8", "replace")
    form = secrets.echoed_form(text) or secrets.echoed_form(decoded_json_text(response.content))
    if form is not None:
        raise Violated(f"a password sent comes back ({form}) in the body", text)
    return None


@check(
    rule=f"an answer's body is at most {MAX_BODY // (1024 * 1024)} MiB; the rest of a longer "
    "one is not read",
    per_answer=True,
    proven_by=("huge-page",),
)
def response_size_bounded(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    size = getattr(response.request, BODY_CUT, None)
    if size is not None:
        raise Violated(
            "an answer larger than the suite reads", f"more than {size} bytes; read {MAX_BODY}"
        )
    return None
