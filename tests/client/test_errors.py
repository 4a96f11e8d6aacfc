"""Error responses become typed exceptions carrying the server's status, code and message."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from paperspace_client import AuthenticatedClient, errors
from paperspace_client.api.container_registries import (
    create_container_registry,
    delete_container_registry,
    get_container_registry,
    list_container_registries,
    update_container_registry,
)
from paperspace_client.models import (
    CreateContainerRegistryRequest,
    Error,
    UpdateContainerRegistryRequest,
)

from mock_server.testing import running_mock
from tests.loopback import Answer, catch_all

from .support import client_for, write_seed

TOKEN = "errors-token"
NEW = {"name": "n", "namespace": "ns", "password": "pw", "url": "ghcr.io", "username": "u"}


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    seed = tmp_path_factory.mktemp("errors") / "seed.json"
    write_seed(seed, 3)
    with running_mock("--seed-file", str(seed), token=TOKEN) as running:
        yield running


@pytest.fixture
def client(mock: Any) -> Iterator[AuthenticatedClient]:
    with client_for(mock.base_url, mock.token, retry=None) as authenticated:
        yield authenticated


Call = Callable[[AuthenticatedClient], object]
CASES: dict[str, tuple[Call, type[errors.APIError], int, str]] = {
    "unknown id": (
        lambda c: get_container_registry.sync("no-such-id", client=c),
        errors.NotFoundError,
        404,
        "NOT_FOUND",
    ),
    "delete unknown id": (
        lambda c: delete_container_registry.sync("no-such-id", client=c),
        errors.NotFoundError,
        404,
        "NOT_FOUND",
    ),
    "limit out of range": (
        lambda c: list_container_registries.sync(client=c, limit=0),
        errors.ValidationError,
        400,
        "BAD_REQUEST",
    ),
    "create with a non-string name": (
        lambda c: create_container_registry.sync(
            client=c, body=CreateContainerRegistryRequest.from_dict({**NEW, "name": 5})
        ),
        errors.ValidationError,
        400,
        "BAD_REQUEST",
    ),
    "update unknown id": (
        lambda c: update_container_registry.sync(
            "no-such-id", client=c, body=UpdateContainerRegistryRequest(name="m")
        ),
        errors.NotFoundError,
        404,
        "NOT_FOUND",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_error_status_raises_its_family_with_the_servers_code_and_message(
    case: str, client: AuthenticatedClient
) -> None:
    call, family, status, code = CASES[case]
    with pytest.raises(family) as raised:
        call(client)
    error = raised.value
    assert error.status_code == status
    assert error.code == code
    assert error.message  # the server's own words, read from the body
    assert error.message in error.body.decode()
    assert isinstance(error.details, dict | None)


def test_wrong_api_key_raises_authentication_error(mock: Any) -> None:
    with (
        client_for(mock.base_url, "not-the-token", retry=None) as client,
        pytest.raises(errors.AuthenticationError) as raised,
    ):
        list_container_registries.sync(client=client)
    assert (raised.value.status_code, raised.value.code) == (401, "UNAUTHORIZED")


def test_validation_error_carries_details(client: AuthenticatedClient) -> None:
    with pytest.raises(errors.ValidationError) as raised:
        list_container_registries.sync(client=client, limit=500)
    assert raised.value.code == "BAD_REQUEST"
    assert raised.value.details is not None or b"issues" in raised.value.body


def test_detailed_call_returns_the_error_without_raising(client: AuthenticatedClient) -> None:
    response = get_container_registry.sync_detailed("no-such-id", client=client)
    assert response.status_code == 404
    assert isinstance(response.parsed, Error)
    assert response.parsed.code == "NOT_FOUND"


def test_every_family_is_an_api_error_and_a_paperspace_error() -> None:
    for status in (400, 401, 403, 404, 422, 429, 500, 502, 520, 409):
        family = errors.error_class(status)
        assert issubclass(family, errors.APIError)
        assert issubclass(family, errors.PaperspaceError)
    assert errors.error_class(403) is errors.AuthenticationError
    assert errors.error_class(422) is errors.ValidationError
    assert errors.error_class(409) is errors.APIError
    assert errors.error_class(520) is errors.ServerError


HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


def test_html_502_from_a_proxy_raises_server_error_with_the_status() -> None:
    with (
        catch_all(Answer(502, HTML_502, "text/html")) as server,
        client_for(server.base_url, TOKEN, retry=None) as client,
    ):
        with pytest.raises(errors.ServerError) as raised:
            list_container_registries.sync(client=client)
        detailed = list_container_registries.sync_detailed(client=client)
    assert raised.value.status_code == 502
    assert raised.value.code is None
    assert "502 Bad Gateway" in raised.value.message
    assert raised.value.body == HTML_502
    assert detailed.status_code == 502
    assert detailed.parsed is None


def test_non_standard_status_520_raises_server_error_with_the_body() -> None:
    body = b'{"code": "ORIGIN_ERROR", "message": "Web server is returning an unknown error"}'
    with (
        catch_all(Answer(520, body, "application/json")) as server,
        client_for(server.base_url, TOKEN, retry=None) as client,
    ):
        with pytest.raises(errors.ServerError) as raised:
            get_container_registry.sync("reg00001", client=client)
        detailed = get_container_registry.sync_detailed("reg00001", client=client)
    assert (raised.value.status_code, raised.value.code) == (520, "ORIGIN_ERROR")
    assert raised.value.message == "Web server is returning an unknown error"
    assert detailed.status_code == 520
