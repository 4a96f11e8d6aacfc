"""Serve an ASGI app from a thread on a free loopback port, for tests that need a server
that is not the mock (the docs' bodies, a proxy's HTML 502, a CDN's 520)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import uvicorn
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
