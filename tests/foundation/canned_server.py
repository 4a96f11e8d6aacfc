"""A loopback HTTP server that answers each request with a body chosen by the test.

The generated client is exercised over real HTTP, against bodies taken from the
docs page or shaped like the live API's, without depending on the mock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.loopback import serve


@dataclass
class CannedServer:
    base_url: str
    # (method, path) -> (status, JSON body); the test fills it before calling.
    answers: dict[tuple[str, str], tuple[int, Any]] = field(default_factory=dict)
    seen: list[tuple[str, str, str | None]] = field(default_factory=list)


def _app(server: CannedServer) -> Starlette:
    async def answer(request: Request) -> JSONResponse:
        key = (request.method, request.url.path)
        server.seen.append((*key, request.headers.get("authorization")))
        status, body = server.answers.get(key, (404, {"code": "NOT_FOUND", "message": "none"}))
        return JSONResponse(body, status_code=status)

    methods = ["GET", "POST", "PUT", "DELETE"]
    return Starlette(routes=[Route("/{path:path}", answer, methods=methods)])


@contextmanager
def canned_server() -> Iterator[CannedServer]:
    server = CannedServer(base_url="")
    with serve(lambda _: _app(server)) as url:
        server.base_url = url
        yield server
