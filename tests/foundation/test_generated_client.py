"""The generated client calls all six operations over HTTP and parses the documented bodies."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from paperspace_client import AuthenticatedClient
from paperspace_client.api.container_registries import (
    create_container_registry,
    delete_container_registry,
    get_container_registry,
    list_container_registries,
    test_container_registry_connection,
    update_container_registry,
)
from paperspace_client.models import (
    ContainerRegistry,
    ContainerRegistryPage,
    CreateContainerRegistryRequest,
    Error,
    ErrorDetails,
    UpdateContainerRegistryRequest,
)
from paperspace_client.models import (
    TestConnectionResult as ConnectionResult,  # pytest must not collect it as a test class
)
from paperspace_client.types import Response

from tests.loopback import Answer, CatchAll, catch_all

from . import docs_page

TOKEN = "foundation-token"
REGISTRY_ID = "rg123"
BODY = {"name": "n", "namespace": "ns", "password": "pw", "url": "ghcr.io", "username": "u"}

Call = Callable[[AuthenticatedClient], Response[Any]]
CALLS: dict[tuple[str, str], Call] = {
    ("GET", "/container-registries"): lambda c: list_container_registries.sync_detailed(client=c),
    ("POST", "/container-registries"): lambda c: create_container_registry.sync_detailed(
        client=c, body=CreateContainerRegistryRequest.from_dict(BODY)
    ),
    ("GET", "/container-registries/{id}"): lambda c: get_container_registry.sync_detailed(
        REGISTRY_ID, client=c
    ),
    ("PUT", "/container-registries/{id}"): lambda c: update_container_registry.sync_detailed(
        REGISTRY_ID, client=c, body=UpdateContainerRegistryRequest.from_dict({"name": "m"})
    ),
    ("DELETE", "/container-registries/{id}"): lambda c: delete_container_registry.sync_detailed(
        REGISTRY_ID, client=c
    ),
    (
        "GET",
        "/container-registries/{id}/test-connection",
    ): lambda c: test_container_registry_connection.sync_detailed(REGISTRY_ID, client=c),
}
MODELS: dict[tuple[str, str], type[Any]] = {
    ("GET", "/container-registries"): ContainerRegistryPage,
    ("POST", "/container-registries"): ContainerRegistry,
    ("GET", "/container-registries/{id}"): ContainerRegistry,
    ("PUT", "/container-registries/{id}"): ContainerRegistry,
    ("DELETE", "/container-registries/{id}"): ContainerRegistry,
    ("GET", "/container-registries/{id}/test-connection"): ConnectionResult,
}
DOC_OPERATIONS = docs_page.operations(frozenset({"dtCreated", "desc"}))


@pytest.fixture(scope="module")
def server() -> Iterator[CatchAll]:
    with catch_all() as running:
        yield running


@pytest.fixture
def client(server: CatchAll) -> Iterator[AuthenticatedClient]:
    server.routes.clear()
    server.seen.clear()
    with AuthenticatedClient(base_url=server.base_url, token=TOKEN) as authenticated:
        yield authenticated


def _answer(server: CatchAll, method: str, path: str, status: int, body: Any) -> None:
    server.routes[(method, path.replace("{id}", REGISTRY_ID))] = Answer.json(status, body)


@pytest.mark.parametrize("doc_op", DOC_OPERATIONS, ids=lambda op: f"{op.method} {op.path}")
def test_documented_example_parses(
    doc_op: docs_page.DocOperation, server: CatchAll, client: AuthenticatedClient
) -> None:
    ok_example, error_example = doc_op.examples
    _answer(server, doc_op.method, doc_op.path, 200, ok_example)
    response = CALLS[(doc_op.method, doc_op.path)](client)
    assert response.status_code == 200
    assert isinstance(response.parsed, MODELS[(doc_op.method, doc_op.path)])
    assert response.parsed.to_dict() == _normalised(ok_example)
    assert server.seen[-1].headers.get("authorization") == f"Bearer {TOKEN}"

    _answer(server, doc_op.method, doc_op.path, 400, error_example)
    failed = CALLS[(doc_op.method, doc_op.path)](client)
    assert failed.status_code == 400
    assert isinstance(failed.parsed, Error)
    assert (failed.parsed.code, failed.parsed.message) == ("string", "string")


def _normalised(body: Any) -> Any:
    """The docs' `...Z` timestamps come back from `to_dict` as `+00:00`."""
    if isinstance(body, dict):
        return {k: _normalised(v) for k, v in body.items()}
    if isinstance(body, list):
        return [_normalised(v) for v in body]
    if isinstance(body, str) and body.endswith("Z") and body[:4].isdigit():
        return body[:-1] + "+00:00"
    return body


def test_last_page_with_null_next_page(server: CatchAll, client: AuthenticatedClient) -> None:
    _answer(
        server,
        "GET",
        "/container-registries",
        200,
        {"hasMore": False, "items": [], "nextPage": None},
    )
    page = list_container_registries.sync_detailed(client=client).parsed
    assert isinstance(page, ContainerRegistryPage)
    assert page.has_more is False
    assert page.next_page is None
    assert page.items == []


def test_registry_with_unknown_member_keeps_it(
    server: CatchAll, client: AuthenticatedClient
) -> None:
    registry = {
        "dtCreated": "2026-11-27T10:00:00.123Z",
        "dtModified": "2026-11-27T10:00:00.123Z",
        "id": REGISTRY_ID,
        "kind": "ghcr",
        "name": "n",
        "namespace": "ns",
        "url": "ghcr.io",
        "username": "u",
        "teamId": "t42",
    }
    _answer(server, "GET", "/container-registries/{id}", 200, registry)
    parsed = get_container_registry.sync_detailed(REGISTRY_ID, client=client).parsed
    assert isinstance(parsed, ContainerRegistry)
    assert parsed.id == REGISTRY_ID
    assert parsed.additional_properties == {"teamId": "t42"}
    assert parsed.dt_created.microsecond == 123000


def test_error_with_issues_member_keeps_it(server: CatchAll, client: AuthenticatedClient) -> None:
    error = {
        "code": "BAD_REQUEST",
        "message": "Invalid input",
        "details": {"name": "Required"},
        "issues": [{"message": "Required", "path": ["name"]}],
    }
    _answer(server, "POST", "/container-registries", 400, error)
    response = create_container_registry.sync_detailed(
        client=client, body=CreateContainerRegistryRequest.from_dict(BODY)
    )
    assert response.status_code == 400
    parsed = response.parsed
    assert isinstance(parsed, Error)
    assert parsed.code == "BAD_REQUEST"
    assert parsed.additional_properties["issues"] == [{"message": "Required", "path": ["name"]}]
    assert isinstance(parsed.details, ErrorDetails)
    assert parsed.details.to_dict() == {"name": "Required"}
