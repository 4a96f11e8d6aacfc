"""Helpers for the client tests: seed files for the mock, its request log, a raw-answer server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from paperspace_client import AuthenticatedClient
from paperspace_client.retries import RetryPolicy
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.loopback import serve

# Retries that wait briefly, so a test of a retried status stays quick.
QUICK_RETRY = RetryPolicy(max_retries=2, backoff=0.05, max_backoff=0.1, max_wait=5.0)


def registry(index: int) -> dict[str, str]:
    return {
        "id": f"reg{index:04d}",
        "name": f"registry-{index:04d}",
        "namespace": "team",
        "url": "ghcr.io",
        "username": "robot",
        "password": f"secret-{index}",
        # Distinct creation times, one second apart, so `order` has a single answer.
        "dtCreated": f"2026-01-01T{index // 3600:02d}:{index // 60 % 60:02d}:{index % 60:02d}.000Z",
    }


def write_seed(path: Path, count: int) -> list[str]:
    """Write `count` registries to `path` for `--seed-file`; return their ids, oldest first."""
    registries = [registry(i) for i in range(count)]
    for entry in registries:
        entry["dtModified"] = entry["dtCreated"]
    path.write_text(json.dumps(registries))
    return [entry["id"] for entry in registries]


def mock_requests(base_url: str, token: str) -> dict[str, Any]:
    """The mock's request log: `{"counts": {method: n}, "log": [[method, path], ...]}`."""
    origin = httpx.URL(base_url).copy_with(path="/")
    answer = httpx.get(
        str(origin.join("/_mock/requests")), headers={"Authorization": f"Bearer {token}"}
    )
    answer.raise_for_status()
    result: dict[str, Any] = answer.json()
    return result


def client_for(base_url: str, token: str, **kwargs: Any) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base_url, token=token, **kwargs)


@dataclass
class RawAnswer:
    status: int
    body: bytes
    content_type: str


@dataclass
class RawServer:
    base_url: str
    methods: list[str] = field(default_factory=list)  # of each request received, in order


@contextmanager
def raw_server(answer: RawAnswer) -> Iterator[RawServer]:
    """Serve `answer` to every request on a free loopback port, recording the methods.

    Stands in for what sits between a client and the API (a proxy's HTML 502, a
    CDN's status 520), which the mock, speaking the API, does not produce.
    """

    served = RawServer(base_url="")

    async def respond(request: Request) -> Response:
        served.methods.append(request.method)
        return Response(answer.body, status_code=answer.status, media_type=answer.content_type)

    methods = ["GET", "POST", "PUT", "DELETE"]
    app = Starlette(routes=[Route("/{path:path}", respond, methods=methods)])
    with serve(lambda _: app) as url:
        served.base_url = f"{url}/v1"
        yield served
