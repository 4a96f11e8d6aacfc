"""The error every handler raises, and its JSON rendering.

ApiError(status, code, message, details)   raised anywhere in a request
  └─ rendered by `error_response`: {"code", "message"[, "details"]},
     shaped by the error faults and `--error-extras`
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from mock_server.config import Settings


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = dict(details or {})
        self.headers = dict(headers or {})


INVALID_INPUT = "Invalid input"


def bad_request(details: Mapping[str, str], message: str = INVALID_INPUT) -> ApiError:
    return ApiError(400, "BAD_REQUEST", message, details)


def unauthorized(message: str) -> ApiError:
    return ApiError(401, "UNAUTHORIZED", message, headers={"WWW-Authenticate": "Bearer"})


def not_found(message: str = "Container registry not found") -> ApiError:
    return ApiError(404, "NOT_FOUND", message)


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    # ASCII escapes keep lone surrogates a client sent from breaking the encoder.
    text = json.dumps(body, ensure_ascii=True, separators=(",", ":"))
    return Response(text, status, dict(headers or {}), media_type="application/json")


def error_body(error: ApiError, settings: Settings) -> dict[str, Any]:
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.details:
        body["details"] = error.details
    if settings.error_extras:
        # Like the live API's validation errors, which a client must tolerate.
        issues = [f"{field}: {problem}" for field, problem in error.details.items()]
        body["issues"] = [{"message": text} for text in issues or [error.message]]
    if settings.fault("error-missing-code"):
        del body["code"]
    return body


def error_response(error: ApiError, settings: Settings) -> Response:
    if error.status == 404 and settings.fault("error-plain-text"):
        return Response(error.message, 404, error.headers, media_type="text/plain")
    return json_response(error_body(error, settings), error.status, error.headers)
