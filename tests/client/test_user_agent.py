"""The client names itself in User-Agent, and a caller's own User-Agent replaces it."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata

import httpx
import pytest
from paperspace_client import AuthenticatedClient
from paperspace_client.api.container_registries import get_container_registry
from paperspace_client.client import USER_AGENT, VERSION
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.loopback import serve

TOKEN = "user-agent-token"


@dataclass
class HeaderServer:
    """A loopback server that records each request's User-Agent headers (all of them, so a
    duplicate would show) and answers every request with `body`."""

    base_url: str
    body: Mapping[str, object]
    user_agents: list[list[str]] = field(default_factory=list)


@contextmanager
def header_server(body: Mapping[str, object] | None = None) -> Iterator[HeaderServer]:
    """The mock's request log has no headers; this server keeps them. Answers 200 with `body`,
    or a 404 error body when there is none."""
    served = HeaderServer(base_url="", body=body or {})

    async def respond(request: Request) -> Response:
        served.user_agents.append(request.headers.getlist("user-agent"))
        if body is None:
            error = {"code": "NOT_FOUND", "message": "not here"}
            return Response(json.dumps(error), status_code=404, media_type="application/json")
        return Response(json.dumps(body), media_type="application/json")

    app = Starlette(routes=[Route("/{path:path}", respond, methods=["GET", "POST", "PUT"])])
    with serve(lambda _: app) as url:
        served.base_url = f"{url}/v1"
        yield served


def test_user_agent_names_the_package_httpx_and_python() -> None:
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    expected = f"paperspace-client-python/{VERSION} httpx/{httpx.__version__} python/{python}"
    assert expected == USER_AGENT


def test_user_agent_version_is_the_package_version() -> None:
    assert metadata.version("paperspace-client") == VERSION


def test_requests_carry_the_default_user_agent() -> None:
    with header_server() as server:
        client = AuthenticatedClient(base_url=server.base_url, token=TOKEN)
        with client:
            get_container_registry.sync_detailed("any", client=client)
    assert server.user_agents == [[USER_AGENT]]


def test_async_requests_carry_the_default_user_agent() -> None:
    async def call(client: AuthenticatedClient) -> None:
        async with client:
            await get_container_registry.asyncio_detailed("any", client=client)

    with header_server() as server:
        asyncio.run(call(AuthenticatedClient(base_url=server.base_url, token=TOKEN)))
    assert server.user_agents == [[USER_AGENT]]


@pytest.mark.parametrize("name", ["User-Agent", "user-agent", "USER-AGENT"])
def test_a_callers_user_agent_wins_in_any_case(name: str) -> None:
    headers = {name: "mine/1.0"}
    with (
        header_server() as server,
        AuthenticatedClient(base_url=server.base_url, token=TOKEN, headers=headers) as client,
    ):
        get_container_registry.sync_detailed("any", client=client)
    assert server.user_agents == [["mine/1.0"]]


def test_with_headers_replaces_the_user_agent_of_a_built_client() -> None:
    with header_server() as server:
        client = AuthenticatedClient(base_url=server.base_url, token=TOKEN)
        with client:
            get_container_registry.sync_detailed("any", client=client)
            changed = client.with_headers({"User-Agent": "later/2.0"})
            get_container_registry.sync_detailed("any", client=changed)
    assert server.user_agents == [[USER_AGENT], ["later/2.0"]]


def test_other_headers_and_authorization_are_still_sent() -> None:
    client = AuthenticatedClient(
        base_url="http://127.0.0.1:9", token=TOKEN, headers={"X-Team": "t"}
    )
    with client:
        sent = client.get_httpx_client().build_request("GET", "/x").headers
    assert sent["Authorization"] == f"Bearer {TOKEN}"
    assert sent["X-Team"] == "t"
    assert sent["User-Agent"] == USER_AGENT
