"""test-connection checks a real registry on loopback, and nothing outside the allow-list."""

from __future__ import annotations

from typing import Any

import pytest

from .registries import (
    PASSWORD,
    USERNAME,
    docker_registry,
    free_port,
    silent_listener,
    token_registry,
)
from .support import PATH, Api, mock_api


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with docker_registry(tmp_path_factory.mktemp("registry")) as address:
        yield address


@pytest.fixture(scope="module")
def api() -> Any:
    with mock_api("--connect-timeout", "1") as running:
        yield running


def check(api: Api, url: str, password: str = PASSWORD) -> dict[str, Any]:
    created = api.create(url=url, username=USERNAME, password=password)
    answer = api.http.get(f"{PATH}/{created['id']}/test-connection")
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def test_right_credentials_succeed(api: Api, registry: str) -> None:
    assert check(api, registry) == {"success": True}
    assert check(api, f"http://localhost:{registry.split(':')[1]}/some/path") == {"success": True}


def test_wrong_credentials_fail_saying_so(api: Api, registry: str) -> None:
    result = check(api, registry, password="wrong-password")
    assert result["success"] is False
    assert "refused the credentials of user 'robot'" in result["error"]


def test_a_closed_loopback_port_fails(api: Api) -> None:
    result = check(api, f"127.0.0.1:{free_port()}")
    assert result["success"] is False
    assert result["error"].startswith("could not connect to 127.0.0.1:")


def test_a_silent_registry_fails_at_the_timeout(api: Api) -> None:
    with silent_listener() as address:
        result = check(api, address)
    assert result == {"success": False, "error": f"no answer from {address} within 1 s"}


@pytest.mark.parametrize("url", ["ghcr.io", "https://10.0.0.1:5000", "registry.example.test/x"])
def test_a_host_outside_the_allow_list_is_refused(api: Api, url: str) -> None:
    result = check(api, url)
    assert result["success"] is False
    assert result["error"].startswith("the mock does not connect to ")
    assert "--connect-allow" in result["error"]


def test_the_allow_list_widens_with_connect_allow() -> None:
    # 0.0.0.0 is not a loopback address, yet Linux delivers it to this machine's own
    # listeners: a host outside the default allow-list that sends nothing off the machine.
    with token_registry() as url, mock_api("--connect-allow", "0.0.0.0") as widened:
        port = url.rsplit(":", 1)[1]
        assert check(widened, f"http://0.0.0.0:{port}") == {"success": True}
    with mock_api() as default:
        refused = check(default, "http://0.0.0.0:1")
    assert refused["error"].startswith("the mock does not connect to 0.0.0.0")


def test_a_bearer_challenge_is_followed_to_the_token_realm(api: Api) -> None:
    with token_registry() as url:
        assert check(api, url) == {"success": True}
        refused = check(api, url, password="wrong-password")
    assert refused == {
        "success": False, "error": "the registry's token service refused the credentials"
    }  # fmt: skip


def test_a_token_realm_outside_the_allow_list_is_not_contacted(api: Api) -> None:
    with token_registry(realm="https://auth.example.test/token") as url:
        result = check(api, url)
    assert result["success"] is False
    assert result["error"].startswith("the mock does not connect to auth.example.test")


def test_a_server_that_is_not_a_registry_fails(api: Api) -> None:
    result = check(api, api.mock.base_url)  # the mock itself: /v2/ is 404 there
    assert result["success"] is False
    assert "answered HTTP 404" in result["error"]
