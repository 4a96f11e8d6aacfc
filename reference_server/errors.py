"""The refusals a request can meet, each an exception that knows its status and code.

    ApiError                 any answer other than 2xx; `status`, `code`, `message`,
     │                       `details` (per offending member), extra `headers`
     ├── BadRequest          400 BAD_REQUEST: a member, parameter or id that is not valid
     │    └── ParseError     400 PARSE_ERROR: a body that is not JSON
     ├── Unauthorized        401 UNAUTHORIZED, with a `WWW-Authenticate` challenge
     ├── NotFound            404 NOT_FOUND: no route, or no registry of the team with this id
     ├── MethodNotAllowed    405 METHOD_NOT_SUPPORTED, with `Allow`
     ├── PayloadTooLarge     413 PAYLOAD_TOO_LARGE
     ├── InternalError       500 INTERNAL_SERVER_ERROR: a bug of this server
     ├── ServiceUnavailable  503 SERVICE_UNAVAILABLE, with `Retry-After` (`gateway`)
     └── HttpRefusal         what http.server refuses itself (a broken request line...),
                             its status given per instance

The codes are the live API's (listed in the spec's `Error` schema), but for the 503, which a
gateway in front of the service answers in the same shape. The rendered body always carries
`issues`, as the live API's validation errors do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class ApiError(Exception):
    message: str
    details: Mapping[str, str] = field(default_factory=dict)  # offending member: why
    headers: Mapping[str, str] = field(default_factory=dict)  # sent with the answer

    # Not dataclass fields: each subclass names its own, given as class keywords.
    status = 500
    code = "INTERNAL_SERVER_ERROR"

    def __init_subclass__(cls, status: int = 0, code: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.status = status or cls.status
        cls.code = code or cls.code

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def as_json(self) -> dict[str, Any]:
        """`code` and `message`; `details` when members are named; and `issues`, one per
        offending member with its path (as a validation library reports them), or the
        message alone."""
        rendered: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details:
            rendered["details"] = dict(self.details)
            rendered["issues"] = [
                {"message": f"{name}: {why}", "path": [name]} for name, why in self.details.items()
            ]
        else:
            rendered["issues"] = [{"message": self.message}]
        return rendered


class BadRequest(ApiError, status=400, code="BAD_REQUEST"):
    """A member, parameter or id that is not valid; `details` names each."""


class ParseError(BadRequest, code="PARSE_ERROR"):
    """A body that is not JSON."""


class Unauthorized(ApiError, status=401, code="UNAUTHORIZED"):
    """No bearer token, or none of a team's; `headers` carry the challenge."""


class NotFound(ApiError, status=404, code="NOT_FOUND"):
    """No route for the path, or no registry of the team with the id."""


class MethodNotAllowed(ApiError, status=405, code="METHOD_NOT_SUPPORTED"):
    """A path of the API that does not take the method; `headers` carry `Allow`."""


class PayloadTooLarge(ApiError, status=413, code="PAYLOAD_TOO_LARGE"):
    """A body over the size this server reads."""


class InternalError(ApiError):
    """A bug of this server (the traceback goes to stderr)."""


class ServiceUnavailable(ApiError, status=503, code="SERVICE_UNAVAILABLE"):
    """A busy service's answer, from the gateway in front of it; `headers` say when to retry."""


class HttpRefusal(ApiError):
    """A refusal http.server makes before the API sees the request (a request line or headers
    it cannot read), with the status it chose."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        named = {400: "BAD_REQUEST", 404: "NOT_FOUND", 408: "TIMEOUT"}
        self.code = named.get(status, BadRequest.code if status < 500 else InternalError.code)


def registry_not_found() -> NotFound:
    """The one 404 for an id: the same body whether no team has it or another team does."""
    return NotFound("Container registry not found")
