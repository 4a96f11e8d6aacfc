"""A loopback HTTP server that answers each request with a body chosen by the test.

The generated client is exercised over real HTTP, against bodies taken from the
docs page or shaped like the live API's, without depending on the mock.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


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
    # Bind first and hand uvicorn the socket: no window for another process
    # to take a port we picked.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = CannedServer(base_url=f"http://127.0.0.1:{sock.getsockname()[1]}")
    config = uvicorn.Config(_app(server), log_level="warning")
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not runner.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the canned server did not start")
        time.sleep(0.01)
    try:
        yield server
    finally:
        runner.should_exit = True
        thread.join(timeout=10)
        sock.close()
