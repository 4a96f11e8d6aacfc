# Copied by `make generate` from client_extras/paperspace_client/retries.py: edit that file, not this one.
"""Retries as an httpx transport: idempotent requests survive throttling and flaky networks.

`RetryTransport` (sync) and `AsyncRetryTransport` wrap another transport. A GET,
PUT or DELETE that gets 429, 502, 503 or 504, or fails to connect, is sent again
after an exponential backoff with jitter, or after the server's `Retry-After`
when it sent one, until `RetryPolicy.max_retries` retries or `max_wait` seconds
of waiting are used up. Then the last response is returned (and becomes a typed
error) or the last connection error is raised.

POST is never retried: the API has no idempotency key, so a create sent twice
makes two registries.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_STATUSES = frozenset({429, 502, 503, 504})
# Failures where the request may not have reached the server, or the answer was
# lost: safe to repeat for an idempotent method.
RETRY_ERRORS = (httpx.NetworkError, httpx.ConnectTimeout, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    """How a client retries; `RetryPolicy(max_retries=0)`, or `retry=None` on the client, is none.

    Attributes:
        max_retries: retries after the first attempt.
        backoff: the first backoff in seconds; it doubles on each retry.
        max_backoff: the largest backoff, before jitter.
        max_wait: the most seconds one call may spend waiting between attempts,
            Retry-After included; a longer Retry-After ends the retries.
        methods: the HTTP methods retried.
        statuses: the response statuses retried.
    """

    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_wait: float = 30.0
    methods: frozenset[str] = IDEMPOTENT_METHODS
    statuses: frozenset[int] = RETRY_STATUSES

    def __post_init__(self) -> None:
        if "POST" in self.methods or "PATCH" in self.methods:
            raise ValueError("POST and PATCH are not idempotent: they are never retried")
        if self.max_retries < 0 or self.backoff < 0 or self.max_backoff < 0 or self.max_wait < 0:
            raise ValueError("retry counts and times must not be negative")

    def backoff_for(self, retry: int) -> float:
        """Exponential backoff with 'equal jitter': between half and all of the capped delay."""
        capped = min(self.max_backoff, self.backoff * 2.0**retry)
        return capped / 2 + random.uniform(0, capped / 2)


def retry_after_seconds(value: str | None) -> float | None:
    """Parse a Retry-After header: delta-seconds or an HTTP date; None if absent or unreadable."""
    if value is None:
        return None
    if value.strip().replace(".", "", 1).isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class _Attempts:
    """The retry budget of one request: decides whether, and how long, to wait."""

    def __init__(self, policy: RetryPolicy, method: str) -> None:
        self._policy = policy
        self._enabled = method.upper() in policy.methods
        self._retries = 0
        self._waited = 0.0

    def after_response(self, response: httpx.Response) -> float | None:
        if response.status_code not in self._policy.statuses:
            return None
        hint = retry_after_seconds(response.headers.get("retry-after"))
        return self._next_delay(hint)

    def after_error(self) -> float | None:
        return self._next_delay(None)

    def _next_delay(self, hint: float | None) -> float | None:
        if not self._enabled or self._retries >= self._policy.max_retries:
            return None
        delay = hint if hint is not None else self._policy.backoff_for(self._retries)
        if self._waited + delay > self._policy.max_wait:
            return None
        self._retries += 1
        self._waited += delay
        return delay


class RetryTransport(httpx.BaseTransport):
    """Wraps a sync transport (a fresh `httpx.HTTPTransport` by default) with `policy`."""

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._transport = transport if transport is not None else httpx.HTTPTransport()
        self._policy = policy if policy is not None else RetryPolicy()
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(self._policy, request.method)
        while True:
            try:
                response = self._transport.handle_request(request)
            except RETRY_ERRORS:
                delay = attempts.after_error()
                if delay is None:
                    raise
            else:
                delay = attempts.after_response(response)
                if delay is None:
                    return response
                response.close()
            self._sleep(delay)

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """Wraps an async transport (a fresh `httpx.AsyncHTTPTransport` by default) with `policy`."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._transport = transport if transport is not None else httpx.AsyncHTTPTransport()
        self._policy = policy if policy is not None else RetryPolicy()
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempts = _Attempts(self._policy, request.method)
        while True:
            try:
                response = await self._transport.handle_async_request(request)
            except RETRY_ERRORS:
                delay = attempts.after_error()
                if delay is None:
                    raise
            else:
                delay = attempts.after_response(response)
                if delay is None:
                    return response
                await response.aclose()
            await self._sleep(delay)

    async def aclose(self) -> None:
        await self._transport.aclose()


__all__ = ["AsyncRetryTransport", "RetryPolicy", "RetryTransport", "retry_after_seconds"]
