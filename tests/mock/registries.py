"""Registries on loopback for the test-connection tests.

`docker_registry`: Debian's `docker-registry` (the CNCF distribution registry)
with htpasswd auth, as a user would run it. `token_registry`: a small server that
answers the v2 check with a Bearer challenge and a token realm, the way Docker
Hub and ghcr.io do, which the Debian registry cannot do without a token service.
"""

from __future__ import annotations

import base64
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.loopback import serve

USERNAME, PASSWORD = "robot", "right-password"
PACKAGES = "docker-registry apache2-utils"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _registry_config(directory: Path, port: int) -> Path:
    htpasswd = subprocess.run(
        ["htpasswd", "-Bbn", USERNAME, PASSWORD], capture_output=True, text=True, check=True
    ).stdout
    (directory / "htpasswd").write_text(htpasswd)
    config = directory / "config.yml"
    config.write_text(
        "version: 0.1\nlog:\n  level: error\n"
        f"storage:\n  filesystem:\n    rootdirectory: {directory / 'data'}\n"
        f"http:\n  addr: 127.0.0.1:{port}\n"
        f"auth:\n  htpasswd:\n    realm: mock-tests\n    path: {directory / 'htpasswd'}\n"
    )
    return config


def _wait_until_answering(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):  # readiness, not a timing assertion: up to about 20 s
        if process.poll() is not None:
            raise RuntimeError(f"docker-registry exited with {process.returncode}")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("docker-registry did not start listening")


@contextmanager
def docker_registry(directory: Path) -> Iterator[str]:
    """A real registry with htpasswd auth on a free loopback port; its `host:port`."""
    missing = [tool for tool in ("docker-registry", "htpasswd") if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(f"{', '.join(missing)} not found: apt-get install {PACKAGES}")
    port = free_port()
    config = _registry_config(directory, port)
    command = ["docker-registry", "serve", str(config)]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as reg:
        try:
            _wait_until_answering(f"http://127.0.0.1:{port}/v2/", reg)
            yield f"127.0.0.1:{port}"
        finally:
            reg.terminate()
            reg.wait(timeout=10)


def _token_app(realm: str) -> Starlette:
    expected = "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()

    async def v2(request: Request) -> Response:
        if request.headers.get("authorization") == "Bearer granted-token":
            return JSONResponse({})
        challenge = f'Bearer realm="{realm}",service="mock-tests"'
        return JSONResponse({"errors": []}, 401, {"WWW-Authenticate": challenge})

    async def token(request: Request) -> Response:
        if request.headers.get("authorization") != expected:
            return JSONResponse({"details": "bad credentials"}, 401)
        return JSONResponse({"token": "granted-token"})

    return Starlette(routes=[Route("/v2/", v2), Route("/token", token)])


@contextmanager
def token_registry(realm: str | None = None) -> Iterator[str]:
    """A registry asking for a Bearer token from `realm` (default: its own /token)."""
    with serve(lambda url: _token_app(realm or f"{url}/token")) as url:
        yield url


@contextmanager
def silent_listener() -> Iterator[str]:
    """A loopback port that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"127.0.0.1:{sock.getsockname()[1]}"
