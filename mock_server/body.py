"""Reading a request body: the size limit, the JSON, and the fault that never answers a body
that is not JSON."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from mock_server import validation
from mock_server.config import Settings
from mock_server.errors import ApiError


def _too_large(settings: Settings) -> ApiError:
    limit = settings.max_body_bytes
    return ApiError(413, "PAYLOAD_TOO_LARGE", f"The request body is over {limit} bytes")


async def _until_the_client_leaves(request: Request) -> None:
    """Hold the request unanswered (`hang-on-malformed-json`) until its client disconnects,
    as a mock server whose parser error is never turned into an answer does. Awaiting, so
    others are served meanwhile; SIGTERM ends it after the server's shutdown grace."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def read_json(request: Request, settings: Settings) -> Any:
    """The parsed body, refused (413) as soon as it grows past the size limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > settings.max_body_bytes:
        raise _too_large(settings)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > settings.max_body_bytes:
            raise _too_large(settings)
        chunks.append(chunk)
    try:
        return validation.parse_json(b"".join(chunks), settings)
    except ApiError:  # PARSE_ERROR: not JSON
        if settings.fault("hang-on-malformed-json"):
            await _until_the_client_leaves(request)  # then the answer goes nowhere
        raise
