"""The client's defaults: settings from the environment, a timeout, a hidden token."""

from __future__ import annotations

import httpx
import pytest
from paperspace_client import AuthenticatedClient, errors
from paperspace_client.client import DEFAULT_BASE_URL, DEFAULT_TIMEOUT
from paperspace_client.retries import RetryPolicy

KEY = "key-from-the-environment"


def test_from_env_reads_the_key_and_url() -> None:
    env = {"PAPERSPACE_API_KEY": KEY, "PAPERSPACE_API_URL": "http://127.0.0.1:9/v1"}
    with AuthenticatedClient.from_env(env) as client:
        http = client.get_httpx_client()
        assert http.base_url == httpx.URL("http://127.0.0.1:9/v1/")
        assert http.headers["Authorization"] == f"Bearer {KEY}"


def test_from_env_defaults_to_the_public_api() -> None:
    client = AuthenticatedClient.from_env({"PAPERSPACE_API_KEY": KEY})
    assert client.get_httpx_client().base_url == httpx.URL(DEFAULT_BASE_URL + "/")
    assert DEFAULT_BASE_URL == "https://api.paperspace.com/v1"
    client.get_httpx_client().close()


def test_from_env_reads_os_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERSPACE_API_KEY", KEY)
    monkeypatch.setenv("PAPERSPACE_API_URL", "http://127.0.0.1:9/v1")
    client = AuthenticatedClient.from_env()
    assert client.token == KEY
    assert client.get_httpx_client().base_url == httpx.URL("http://127.0.0.1:9/v1/")
    client.get_httpx_client().close()


@pytest.mark.parametrize("env", [{}, {"PAPERSPACE_API_KEY": "  "}])
def test_missing_key_is_a_clear_configuration_error(env: dict[str, str]) -> None:
    with pytest.raises(errors.ConfigurationError, match="PAPERSPACE_API_KEY is not set"):
        AuthenticatedClient.from_env(env)


def test_constructor_arguments_pass_through_from_env() -> None:
    timeout = httpx.Timeout(3.0)
    client = AuthenticatedClient.from_env({"PAPERSPACE_API_KEY": KEY}, timeout=timeout, retry=None)
    assert client.get_httpx_client().timeout == timeout
    client.get_httpx_client().close()


def test_default_timeout_is_set() -> None:
    client = AuthenticatedClient(base_url="http://127.0.0.1:9", token=KEY)
    assert client.get_httpx_client().timeout == DEFAULT_TIMEOUT
    assert DEFAULT_TIMEOUT.read is not None
    client.get_httpx_client().close()


def test_token_is_not_in_the_repr() -> None:
    client = AuthenticatedClient(base_url="http://127.0.0.1:9", token=KEY)
    client.get_httpx_client().close()
    assert KEY not in repr(client)


def test_with_retry_returns_a_client_with_the_new_policy() -> None:
    client = AuthenticatedClient(base_url="http://127.0.0.1:9", token=KEY)
    changed = client.with_retry(RetryPolicy(max_retries=7))
    assert changed is not client
    assert "max_retries=7" in repr(changed)
