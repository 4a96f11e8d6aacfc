"""Serve an ASGI app from a thread on a free loopback port, for tests that need a server
that is not the mock (the docs' bodies, a proxy's HTML 502, a CDN's 520); and `catch_all`, the
one such server most of them need."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp


@contextmanager
def serve(app_at: Callable[[str], ASGIApp]) -> Iterator[str]:
    """`http://127.0.0.1:PORT` while `app_at(that URL)` is served; stopped on exit.

    The app is built once its URL is known, for apps that name themselves (a
    registry's token realm).
    """
    # Bind first and hand uvicorn the socket: no window for another process
    # to take a port we picked.
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    server = uvicorn.Server(uvicorn.Config(app_at(url), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the loopback server did not start")
        time.sleep(0.01)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@dataclass(frozen=True)
class Answer:
    """What a catch-all server sends: any status, any bytes, any content type."""

    status: int
    body: bytes
    content_type: str = "application/json"

    @classmethod
    def json(cls, status: int, value: Any) -> Answer:
        return cls(status, json.dumps(value).encode())


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class CatchAll:
    """A server answering every method on every path: by route when `routes` has one, else
    with `default`; it records each request. It stands in for what the mock, speaking the API,
    does not produce: the docs' exact bodies, a proxy's HTML 502, a CDN's status 520."""

    base_url: str = ""
    default: Answer = field(
        default_factory=lambda: Answer.json(404, {"code": "NOT_FOUND", "message": "none"})
    )
    routes: dict[tuple[str, str], Answer] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    @property
    def methods(self) -> list[str]:
        return [request.method for request in self.seen]


def _catch_all_app(server: CatchAll) -> Starlette:
    async def respond(request: Request) -> Response:
        key = (request.method, request.url.path)
        server.seen.append(Seen(*key, dict(request.headers)))
        answer = server.routes.get(key, server.default)
        return Response(answer.body, status_code=answer.status, media_type=answer.content_type)

    methods = ["GET", "POST", "PUT", "DELETE", "PATCH"]
    return Starlette(routes=[Route("/{path:path}", respond, methods=methods)])


@contextmanager
def catch_all(default: Answer | None = None) -> Iterator[CatchAll]:
    server = CatchAll() if default is None else CatchAll(default=default)
    with serve(lambda _: _catch_all_app(server)) as url:
        server.base_url = url
        yield server
