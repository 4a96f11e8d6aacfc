"""Reading a request body: the size limit and the JSON."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from mock_server import validation
from mock_server.config import Settings
from mock_server.errors import ApiError


def _too_large(settings: Settings) -> ApiError:
    limit = settings.max_body_bytes
    return ApiError(413, "PAYLOAD_TOO_LARGE", f"The request body is over {limit} bytes")


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
    return validation.parse_json(b"".join(chunks), settings)
