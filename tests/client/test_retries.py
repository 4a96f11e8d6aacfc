"""Retries: idempotent calls survive throttling and 5xx, POST is sent once, the budget holds."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from paperspace_client import AuthenticatedClient, errors
from paperspace_client.api.container_registries import (
    create_container_registry,
    delete_container_registry,
    get_container_registry,
    list_container_registries,
    update_container_registry,
)
from paperspace_client.models import CreateContainerRegistryRequest, UpdateContainerRegistryRequest
from paperspace_client.retries import RetryPolicy, RetryTransport, retry_after_seconds

from mock_server.testing import running_mock
from tests.loopback import Answer, catch_all

from .support import QUICK_RETRY, client_for, write_seed

TOKEN = "retries-token"
NEW = {"name": "once", "namespace": "ns", "password": "pw", "url": "ghcr.io", "username": "u"}
UNAVAILABLE = b'{"code": "INTERNAL_SERVER_ERROR", "message": "try again"}'

Call = Callable[[AuthenticatedClient], object]
CALLS: dict[str, Call] = {
    "GET": lambda c: get_container_registry.sync("reg00001", client=c),
    "PUT": lambda c: update_container_registry.sync(
        "reg00001", client=c, body=UpdateContainerRegistryRequest(name="m")
    ),
    "DELETE": lambda c: delete_container_registry.sync("reg00001", client=c),
    "POST": lambda c: create_container_registry.sync(
        client=c, body=CreateContainerRegistryRequest.from_dict(NEW)
    ),
}


@pytest.mark.parametrize("status", [502, 503, 504])
@pytest.mark.parametrize("method", CALLS)
def test_idempotent_methods_are_retried_and_post_is_sent_once(method: str, status: int) -> None:
    with (
        catch_all(Answer(status, UNAVAILABLE, "application/json")) as server,
        client_for(server.base_url, TOKEN, retry=QUICK_RETRY) as client,
        pytest.raises(errors.ServerError) as raised,
    ):
        CALLS[method](client)
    assert raised.value.status_code == status
    expected = 1 if method == "POST" else 1 + QUICK_RETRY.max_retries
    assert server.methods == [method] * expected


def test_retries_can_be_switched_off() -> None:
    with catch_all(Answer(503, UNAVAILABLE, "application/json")) as server:
        for retry in (None, RetryPolicy(max_retries=0)):
            with (
                client_for(server.base_url, TOKEN, retry=retry) as client,
                pytest.raises(errors.ServerError),
            ):
                CALLS["GET"](client)
    assert server.methods == ["GET", "GET"]


def test_a_500_is_not_retried() -> None:
    with (
        catch_all(Answer(500, UNAVAILABLE, "application/json")) as server,
        client_for(server.base_url, TOKEN, retry=QUICK_RETRY) as client,
        pytest.raises(errors.ServerError),
    ):
        CALLS["GET"](client)
    assert server.methods == ["GET"]


def _refused_url() -> str:
    """A loopback URL nothing listens on: the port was free a moment ago and is closed now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1/container-registries"


@pytest.mark.parametrize(("method", "retries"), [("GET", 2), ("PUT", 2), ("POST", 0)])
def test_connection_errors_are_retried_with_backoff(method: str, retries: int) -> None:
    delays: list[float] = []
    transport = RetryTransport(httpx.HTTPTransport(), QUICK_RETRY, sleep=delays.append)
    with httpx.Client(transport=transport) as http, pytest.raises(httpx.ConnectError):
        http.request(method, _refused_url(), json={} if method != "GET" else None)
    assert len(delays) == retries
    assert all(0 < delay <= QUICK_RETRY.max_backoff for delay in delays)


@given(
    retry=st.integers(min_value=0, max_value=30),
    backoff=st.floats(min_value=0.01, max_value=5),
    cap=st.floats(min_value=0.01, max_value=60),
)
def test_backoff_grows_exponentially_with_jitter_under_the_cap(
    retry: int, backoff: float, cap: float
) -> None:
    policy = RetryPolicy(backoff=backoff, max_backoff=cap)
    capped = min(cap, backoff * 2.0**retry)
    assert capped / 2 <= policy.backoff_for(retry) <= capped


def test_retry_after_reads_seconds_and_http_dates() -> None:
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("0.5") == 0.5
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_policy_refuses_to_retry_post() -> None:
    with pytest.raises(ValueError, match="never retried"):
        RetryPolicy(methods=frozenset({"GET", "POST"}))


@pytest.fixture
def throttled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    seed = tmp_path_factory.mktemp("throttled") / "seed.json"
    write_seed(seed, 5)
    args = ("--seed-file", str(seed), "--throttle-every", "3", "--retry-after", "1")
    with running_mock(*args, token=TOKEN) as mock:
        yield mock


def test_gets_wait_out_the_throttle_and_succeed(throttled: Any) -> None:
    with client_for(throttled.base_url, throttled.token) as client:
        names = [get_container_registry.sync(f"reg{i:05d}", client=client).name for i in range(5)]
        page = list_container_registries.sync(client=client)
    assert names == [f"reg-{i}" for i in range(5)]
    assert len(page.items) == 5
    # Six calls: the 3rd and 6th requests were answered 429 and sent again.
    assert throttled.requests()["counts"]["GET"] == 8


def test_post_is_not_retried_on_429(throttled: Any) -> None:
    with client_for(throttled.base_url, throttled.token) as client:
        list_container_registries.sync(client=client)
        list_container_registries.sync(client=client)
        with pytest.raises(errors.RateLimitError) as raised:  # the 3rd request is throttled
            CALLS["POST"](client)
        created = CALLS["POST"](client)  # the 4th is not
        names = [r.name for r in list_container_registries.iter_items(client=client)]
    assert raised.value.status_code == 429
    assert raised.value.code == "TOO_MANY_REQUESTS"
    assert raised.value.retry_after == 1.0
    assert throttled.requests()["counts"]["POST"] == 2
    assert names.count(NEW["name"]) == 1
    assert created is not None


def _get_until_rate_limited(
    base_url: str, token: str, policy: RetryPolicy
) -> errors.RateLimitError:
    with (
        client_for(base_url, token, retry=policy) as client,
        pytest.raises(errors.RateLimitError) as raised,
    ):
        list_container_registries.sync(client=client)
    return raised.value


def test_retries_stop_at_the_count_and_the_time_budget(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    write_seed(seed, 1)
    with running_mock("--seed-file", str(seed), "--fault", "throttle-forever", token=TOKEN) as mock:
        _get_until_rate_limited(mock.base_url, mock.token, RetryPolicy(max_retries=1))
        assert mock.requests()["counts"]["GET"] == 2
        # A Retry-After longer than the whole budget is not waited for.
        error = _get_until_rate_limited(
            mock.base_url, mock.token, RetryPolicy(max_retries=5, max_wait=0.01)
        )
        assert mock.requests()["counts"]["GET"] == 3
    assert error.retry_after is not None
    assert error.retry_after > 0.01


@pytest.mark.parametrize(("method", "attempts"), [("GET", 3), ("POST", 1)])
def test_async_calls_retry_the_same_way(method: str, attempts: int) -> None:
    async def call(base_url: str) -> None:
        async with client_for(base_url, TOKEN, retry=QUICK_RETRY) as client:
            if method == "GET":
                await get_container_registry.asyncio("reg00001", client=client)
            else:
                body = CreateContainerRegistryRequest.from_dict(NEW)
                await create_container_registry.asyncio(client=client, body=body)

    with (
        catch_all(Answer(503, UNAVAILABLE, "application/json")) as server,
        pytest.raises(errors.ServerError),
    ):
        asyncio.run(call(server.base_url))
    assert server.methods == [method] * attempts
