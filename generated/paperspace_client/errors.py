"""The exceptions this client raises, and how an error response becomes one.

The tree::

    PaperspaceError                   every exception raised on purpose by this package
    ├── ConfigurationError            the client cannot be built (no PAPERSPACE_API_KEY)
    ├── UnexpectedStatus              an undocumented status, with raise_on_unexpected_status
    └── APIError                      the API answered with an error: status_code, code,
        │                             message, details, body, headers
        ├── ValidationError           400, 422: the request was refused as invalid
        ├── AuthenticationError       401, 403: the API key is missing, wrong or not allowed
        ├── NotFoundError             404: the current team has no such resource
        ├── RateLimitError            429: too many requests (retry_after: seconds, if sent)
        └── ServerError               5xx and statuses outside 1xx-5xx (a CDN's 520)
            └── MalformedResponseError  a success status whose body does not match the spec

Other 4xx statuses (405, 408, 409, 412, 413, 499) raise `APIError` itself. A body
that is not the API's JSON (a proxy's HTML page) keeps its status's class, with
`code` None and the start of the body in `message`.
Network failures are httpx's own exceptions (`httpx.TransportError` and its
subclasses), raised once the retries are used up.

`sync` and `asyncio` raise these; the `*_detailed` functions never do: they
return the full `Response`, whose `parsed` is `None` when the body was unreadable.
"""

import json
from collections.abc import Mapping
from typing import Any, TypeVar

from .retries import retry_after_seconds
from .types import Response

T = TypeVar("T")

# What parsing a body the spec did not foresee can raise: ValueError covers
# JSONDecodeError and an unknown enum value, KeyError a missing field, TypeError
# and AttributeError a member of the wrong JSON type.
UNREADABLE_BODY = (ValueError, KeyError, TypeError, AttributeError)


class PaperspaceError(Exception):
    """Base class of every exception this package raises on purpose."""


class ConfigurationError(PaperspaceError):
    """The client cannot be built from the given settings or environment."""


class UnexpectedStatus(PaperspaceError):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class APIError(PaperspaceError):
    """The API answered with an error status.

    Attributes:
        status_code: the HTTP status, including non-standard ones such as 520.
        code: the error body's machine-readable `code` (`NOT_FOUND`...), or None when the body had none.
        message: the error body's `message`, or a description of the unreadable body.
        details: the error body's `details` object, or None.
        body: the raw response body, as sent.
        headers: the response headers.
    """

    def __init__(
        self,
        *,
        status_code: int,
        code: str | None,
        message: str,
        details: dict[str, Any] | None,
        body: bytes,
        headers: Mapping[str, str],
    ) -> None:
        self.status_code = status_code
        self.code = code
        self.message = message
        self.details = details
        self.body = body
        self.headers = headers
        super().__init__(f"{status_code} {code or 'error'}: {message}")


class ValidationError(APIError):
    """400 or 422: a parameter or body member was refused; `details` names the fields."""


class AuthenticationError(APIError):
    """401 or 403: the API key is missing, not valid, or not allowed to do this."""


class NotFoundError(APIError):
    """404: the current team has no resource with this id."""


class RateLimitError(APIError):
    """429: too many requests; `retry_after` is the server's requested wait in seconds, if sent."""

    @property
    def retry_after(self) -> float | None:
        return retry_after_seconds(self.headers.get("retry-after"))


class ServerError(APIError):
    """5xx, a non-standard status, or an error body that is not the API's JSON (a proxy's HTML page)."""


class MalformedResponseError(ServerError):
    """A success status whose body the client cannot read as the documented model."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    422: ValidationError,
    429: RateLimitError,
}


def error_class(status_code: int) -> type[APIError]:
    """The exception class for an error status; statuses outside 1xx-4xx count as server errors."""
    if status_code in _BY_STATUS:
        return _BY_STATUS[status_code]
    if 100 <= status_code < 500:
        return APIError
    return ServerError


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError:  # also UnicodeDecodeError
        return {}
    return data if isinstance(data, dict) else {}


def _describe(status_code: int, body: bytes) -> str:
    """A message for a body without one, quoting its start (an HTML error page, say)."""
    text = " ".join(body.decode(errors="replace").split())
    if not text:
        return f"HTTP {status_code} with an empty body"
    return f"HTTP {status_code} with a body that is not the API's error JSON: {text[:200]}"


def error_for(status_code: int, body: bytes, headers: Mapping[str, str]) -> APIError:
    """Build the exception for an error response from its status, body and headers."""
    members = _json_object(body)
    code, message, details = members.get("code"), members.get("message"), members.get("details")
    return error_class(status_code)(
        status_code=status_code,
        code=code if isinstance(code, str) else None,
        message=message if isinstance(message, str) else _describe(status_code, body),
        details=details if isinstance(details, dict) else None,
        body=body,
        headers=headers,
    )


def parsed_or_raise(response: Response[Any], expected: type[T]) -> T:
    """Return the parsed success model, or raise the exception the response calls for."""
    status_code = int(response.status_code)
    if 200 <= status_code < 300:
        if isinstance(response.parsed, expected):
            return response.parsed
        raise MalformedResponseError(
            status_code=status_code,
            code=None,
            message=f"the {status_code} response body is not a valid {expected.__name__}",
            details=None,
            body=response.content,
            headers=response.headers,
        )
    raise error_for(status_code, response.content, response.headers)


__all__ = [
    "APIError",
    "AuthenticationError",
    "ConfigurationError",
    "MalformedResponseError",
    "NotFoundError",
    "PaperspaceError",
    "RateLimitError",
    "ServerError",
    "UnexpectedStatus",
    "ValidationError",
    "error_class",
    "error_for",
    "parsed_or_raise",
]
