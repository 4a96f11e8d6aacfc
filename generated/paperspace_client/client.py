"""The objects that hold a connection's settings: `AuthenticatedClient`, and `Client` for unauthenticated calls.

    client = AuthenticatedClient.from_env()   # PAPERSPACE_API_KEY, PAPERSPACE_API_URL

Both build their httpx clients lazily, with a default timeout and a retry
transport (see `retries`) unless told otherwise, and name themselves in
`User-Agent` (`USER_AGENT`) so the API's operators can tell this client's
traffic from any other httpx program's; a `User-Agent` in `headers` replaces it.
"""

import os
import ssl
import sys
from collections.abc import Mapping
from typing import Any, Self

import httpx
from attrs import define, evolve, field

from .errors import ConfigurationError
from .retries import AsyncRetryTransport, RetryPolicy, RetryTransport

VERSION = "0.1.0"
# This package, then what it runs on: the parts that explain a difference in behaviour.
USER_AGENT = (
    f"paperspace-client-python/{VERSION} httpx/{httpx.__version__} "
    f"python/{sys.version_info.major}.{sys.version_info.minor}"
)
DEFAULT_BASE_URL = "https://api.paperspace.com/v1"
API_KEY_VARIABLE = "PAPERSPACE_API_KEY"
API_URL_VARIABLE = "PAPERSPACE_API_URL"
# Long enough for a slow page, short enough that a dead connection cannot hang a script.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


@define
class _BaseClient:
    """Settings shared by both clients, used to build the httpx clients on first use.

    Keyword arguments:

        ``base_url``: The base URL for the API, all requests are made to a relative path to this URL

        ``cookies``: A dictionary of cookies to be sent with every request

        ``headers``: A dictionary of headers to be sent with every request; a ``User-Agent`` here
        (in any case) replaces ``USER_AGENT``

        ``timeout``: The maximum time a request can take (``DEFAULT_TIMEOUT``: 30 s, 10 s to connect);
        ``None`` waits forever. API functions raise httpx.TimeoutException when it is exceeded.

        ``retry``: The ``RetryPolicy`` for GET, PUT and DELETE (default: 3 retries, 30 s of waiting at most);
        ``None`` turns retries off. POST is never retried.

        ``verify_ssl``: Whether or not to verify the SSL certificate of the API server.

        ``follow_redirects``: Whether or not to follow redirects. Default value is False.

        ``httpx_args``: Additional arguments for the ``httpx.Client`` and ``httpx.AsyncClient`` constructors.
        A ``transport`` given here is wrapped by the retry transport.

    Attributes:
        raise_on_unexpected_status: Whether or not to raise an errors.UnexpectedStatus if the API returns a
            status code that was not documented in the source OpenAPI document.
    """

    raise_on_unexpected_status: bool = field(default=False, kw_only=True)
    _base_url: str = field(alias="base_url")
    _cookies: dict[str, str] = field(factory=dict, kw_only=True, alias="cookies")
    _headers: dict[str, str] = field(factory=dict, kw_only=True, alias="headers")
    _timeout: httpx.Timeout | None = field(default=DEFAULT_TIMEOUT, kw_only=True, alias="timeout")
    _retry: RetryPolicy | None = field(factory=RetryPolicy, kw_only=True, alias="retry")
    _verify_ssl: str | bool | ssl.SSLContext = field(default=True, kw_only=True, alias="verify_ssl")
    _follow_redirects: bool = field(default=False, kw_only=True, alias="follow_redirects")
    _httpx_args: dict[str, Any] = field(factory=dict, kw_only=True, alias="httpx_args")
    _client: httpx.Client | None = field(default=None, init=False)
    _async_client: httpx.AsyncClient | None = field(default=None, init=False)

    def with_headers(self, headers: dict[str, str]) -> Self:
        """Get a new client matching this one with additional headers"""
        if self._client is not None:
            self._client.headers.update(headers)
        if self._async_client is not None:
            self._async_client.headers.update(headers)
        return evolve(self, headers={**self._headers, **headers})

    def with_cookies(self, cookies: dict[str, str]) -> Self:
        """Get a new client matching this one with additional cookies"""
        if self._client is not None:
            self._client.cookies.update(cookies)
        if self._async_client is not None:
            self._async_client.cookies.update(cookies)
        return evolve(self, cookies={**self._cookies, **cookies})

    def with_timeout(self, timeout: httpx.Timeout) -> Self:
        """Get a new client matching this one with a new timeout configuration"""
        if self._client is not None:
            self._client.timeout = timeout
        if self._async_client is not None:
            self._async_client.timeout = timeout
        return evolve(self, timeout=timeout)

    def with_retry(self, retry: RetryPolicy | None) -> Self:
        """Get a new client (with new connections) matching this one with another retry policy, or none"""
        return evolve(self, retry=retry)

    def _auth_headers(self) -> dict[str, str]:
        return {}

    def _request_headers(self) -> httpx.Headers:
        """`USER_AGENT`, then the caller's headers, then authentication.

        httpx.Headers matches names in any case, so a caller's `user-agent` replaces
        ours instead of both being sent.
        """
        headers = httpx.Headers({"User-Agent": USER_AGENT})
        headers.update(self._headers)
        headers.update(self._auth_headers())
        return headers

    def _client_args(self) -> dict[str, Any]:
        args = {key: value for key, value in self._httpx_args.items() if key != "transport"}
        return {
            "base_url": self._base_url,
            "cookies": self._cookies,
            "headers": self._request_headers(),
            "timeout": self._timeout,
            "follow_redirects": self._follow_redirects,
            **args,
        }

    def _transport(self) -> httpx.BaseTransport:
        given = self._httpx_args.get("transport")
        inner = given if given is not None else httpx.HTTPTransport(verify=self._verify_ssl)
        return inner if self._retry is None else RetryTransport(inner, self._retry)

    def _async_transport(self) -> httpx.AsyncBaseTransport:
        given = self._httpx_args.get("transport")
        inner = given if given is not None else httpx.AsyncHTTPTransport(verify=self._verify_ssl)
        return inner if self._retry is None else AsyncRetryTransport(inner, self._retry)

    def set_httpx_client(self, client: httpx.Client) -> Self:
        """Manually set the underlying httpx.Client

        **NOTE**: This will override any other settings on the client, including cookies, headers, timeout and retries.
        """
        self._client = client
        return self

    def get_httpx_client(self) -> httpx.Client:
        """Get the underlying httpx.Client, constructing a new one if not previously set"""
        if self._client is None:
            self._client = httpx.Client(transport=self._transport(), **self._client_args())
        return self._client

    def __enter__(self) -> Self:
        """Enter a context manager for self.client—you cannot enter twice (see httpx docs)"""
        self.get_httpx_client().__enter__()
        return self

    def __exit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for internal httpx.Client (see httpx docs)"""
        self.get_httpx_client().__exit__(*args, **kwargs)

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self:
        """Manually set the underlying httpx.AsyncClient

        **NOTE**: This will override any other settings on the client, including cookies, headers, timeout and retries.
        """
        self._async_client = async_client
        return self

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        """Get the underlying httpx.AsyncClient, constructing a new one if not previously set"""
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(transport=self._async_transport(), **self._client_args())
        return self._async_client

    async def __aenter__(self) -> Self:
        """Enter a context manager for underlying httpx.AsyncClient—you cannot enter twice (see httpx docs)"""
        await self.get_async_httpx_client().__aenter__()
        return self

    async def __aexit__(self, *args: Any, **kwargs: Any) -> None:
        """Exit a context manager for underlying httpx.AsyncClient (see httpx docs)"""
        await self.get_async_httpx_client().__aexit__(*args, **kwargs)


@define
class Client(_BaseClient):
    """A client for endpoints that need no authentication (see `_BaseClient` for the arguments)."""


@define
class AuthenticatedClient(_BaseClient):
    """A client that sends an API key with every request (see `_BaseClient` for the other arguments).

    Attributes:
        token: The API key; never shown in the client's repr.
        prefix: The prefix to use for the Authorization header
        auth_header_name: The name of the Authorization header
    """

    token: str = field(repr=False)
    prefix: str = "Bearer"
    auth_header_name: str = "Authorization"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **kwargs: Any) -> Self:
        """A client for the key in PAPERSPACE_API_KEY and the URL in PAPERSPACE_API_URL.

        The URL defaults to DEFAULT_BASE_URL, as in Paperspace's own CLI; `kwargs` go to the
        constructor (timeout, retry, ...). Raises ConfigurationError when no key is set.
        """
        env = os.environ if environ is None else environ
        token = env.get(API_KEY_VARIABLE, "").strip()
        if not token:
            raise ConfigurationError(f"{API_KEY_VARIABLE} is not set: export your Paperspace API key in it")
        base_url = env.get(API_URL_VARIABLE, "").strip() or DEFAULT_BASE_URL
        return cls(base_url=base_url, token=token, **kwargs)

    def _auth_headers(self) -> dict[str, str]:
        return {self.auth_header_name: f"{self.prefix} {self.token}" if self.prefix else self.token}
