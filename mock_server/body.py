"""Reading a request body: the size limit, the JSON, and the faults of a parser: one that never
answers a body that is not JSON, and the crashes of a careless one."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request

from mock_server.config import Settings
from mock_server.errors import ApiError
from mock_server.faults import INT_BITS

# The deepest nesting a body may have. The API's bodies are flat objects; a limit keeps a deep
# body (an unknown member holding 500 nested arrays) from reaching any code that recurses.
MAX_NESTING = 64
_INT_RANGE = range(-(2 ** (INT_BITS - 1)), 2 ** (INT_BITS - 1))


def _too_large(settings: Settings) -> ApiError:
    limit = settings.max_body_bytes
    return ApiError(413, "PAYLOAD_TOO_LARGE", f"The request body is over {limit} bytes")


def _parse_error(message: str = "The request body is not valid JSON") -> ApiError:
    return ApiError(400, "PARSE_ERROR", message)


def _fixed_width_int(text: str) -> int:
    """An integer of the body as a fixed-width column takes it (`big-int-500`): one too wide
    overflows, an OverflowError no handler expects."""
    value = int(text)
    if value not in _INT_RANGE:
        raise OverflowError(f"Python int too large to convert to int{INT_BITS}")
    return value


def _nesting(value: Any) -> int:
    """How deep arrays and objects nest in `value` (0 for a scalar); iterative, so a deep one
    costs no recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, depth + 1) for child in children)
    return deepest


def parse_json(raw: bytes, settings: Settings) -> Any:
    def refuse_constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    # Nesting past the recursion limit raises RecursionError, which is no ValueError: under
    # `deep-json-500` the handler catches ValueError only, as most do.
    refused = (ValueError,) if settings.fault("deep-json-500") else (ValueError, RecursionError)
    parse_int = _fixed_width_int if settings.fault("big-int-500") else None
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=refuse_constant, parse_int=parse_int)
    except refused as error:
        if settings.fault("parse-error-500"):
            raise RuntimeError("the body parser crashed") from error
        raise _parse_error() from None


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
        body = parse_json(b"".join(chunks), settings)
    except ApiError:  # PARSE_ERROR: not JSON
        if settings.fault("hang-on-malformed-json"):
            await _until_the_client_leaves(request)  # then the answer goes nowhere
        raise
    if _nesting(body) > MAX_NESTING:
        raise _parse_error(f"The request body nests deeper than {MAX_NESTING} levels")
    return body
